#include "ui/editors/subscription_editor.h"

#include "ui/common/icons.h"
#include "ui/common/message_box.h"
#include "ui/editors/subscription_keys.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace portico::ui {

using model::Subscription;

SubscriptionEditor::SubscriptionEditor(const EditorContext& context, const ItemRef& ref,
                                       QWidget* parent)
    : Editor(context, ref, parent) {
    setObjectName(QStringLiteral("subscriptionEditor"));
    setHeader(tr("Subscription · subscriptions/%1.yaml").arg(ref.id));

    QFormLayout* general = addForm(tr("General"));
    bindText<Subscription>(general, QStringLiteral("displayNameLineEdit"), tr("Display name"),
                           &Subscription::displayName, checks::required);

    QComboBox* scope = newComboBox(general, QStringLiteral("scopeComboBox"), tr("Scope"));
    addRefresher([this, scope] {
        const auto& ws = m_context.document->workspace();
        const Subscription* s = findEntity<Subscription>(ws, m_ref.id);
        if (!s)
            return;
        scope->clear();
        scope->addItem(icon("api"), tr("All APIs"), QStringLiteral("/apis"));
        for (const auto& p : ws.products)
            scope->addItem(icon("product"),
                           tr("Product: %1").arg(QString::fromStdString(p.displayName)),
                           QStringLiteral("/products/") + QString::fromStdString(p.id));
        for (const auto& a : ws.apis)
            scope->addItem(icon("api"), tr("API: %1").arg(QString::fromStdString(a.displayName)),
                           QStringLiteral("/apis/") + QString::fromStdString(a.id));
        const QString current = QString::fromStdString(s->scope);
        int index = scope->findData(current);
        if (index < 0) {
            scope->addItem(icon("error"), tr("%1 (unknown)").arg(current), current);
            index = scope->count() - 1;
        }
        scope->setCurrentIndex(index);
    });
    connect(scope, &QComboBox::activated, this, [this, scope](int index) {
        setField<Subscription, std::string>(
            QStringLiteral("scopeComboBox"), tr("Change scope"),
            [](const Subscription& s) { return s.scope; },
            scope->itemData(index).toString().toStdString(),
            [](Subscription& s, const std::string& v) { s.scope = v; });
    });

    bindChoice<Subscription, model::SubscriptionState>(
        general, QStringLiteral("stateComboBox"), tr("State"), &Subscription::state,
        {{tr("Active"), model::SubscriptionState::Active},
         {tr("Suspended"), model::SubscriptionState::Suspended},
         {tr("Cancelled"), model::SubscriptionState::Cancelled},
         {tr("Expired"), model::SubscriptionState::Expired},
         {tr("Submitted"), model::SubscriptionState::Submitted},
         {tr("Rejected"), model::SubscriptionState::Rejected}});

    QComboBox* owner = newComboBox(general, QStringLiteral("ownerComboBox"), tr("Owner"));
    addRefresher([this, owner] {
        const auto& ws = m_context.document->workspace();
        const Subscription* s = findEntity<Subscription>(ws, m_ref.id);
        if (!s)
            return;
        owner->clear();
        owner->addItem(tr("No owner"), QString());
        for (const auto& u : ws.users)
            owner->addItem(icon("user"),
                           QStringLiteral("%1 <%2>").arg(QString::fromStdString(u.id),
                                                         QString::fromStdString(u.email)),
                           QString::fromStdString(u.id));
        const QString current = QString::fromStdString(s->owner);
        int index = owner->findData(current);
        if (index < 0) {
            owner->addItem(icon("error"), tr("%1 (no such user)").arg(current), current);
            index = owner->count() - 1;
        }
        owner->setCurrentIndex(index);
    });
    connect(owner, &QComboBox::activated, this, [this, owner](int index) {
        setField<Subscription, std::string>(
            QStringLiteral("ownerComboBox"), tr("Change owner"),
            [](const Subscription& s) { return s.owner; },
            owner->itemData(index).toString().toStdString(),
            [](Subscription& s, const std::string& v) { s.owner = v; });
    });
    bindCheck<Subscription>(general, QStringLiteral("allowTracingCheckBox"), tr("Allow tracing"),
                            &Subscription::allowTracing);
    bindText<Subscription>(general, QStringLiteral("startDateLineEdit"), tr("Start date"),
                           &Subscription::startDate)
        ->setPlaceholderText(tr("2026-01-31 (optional)"));
    bindText<Subscription>(general, QStringLiteral("endDateLineEdit"), tr("End date"),
                           &Subscription::endDate)
        ->setPlaceholderText(tr("2026-12-31 (optional)"));

    QFormLayout* keys = addForm(tr("Keys"));
    for (const bool primary : {true, false}) {
        const QString name = primary ? QStringLiteral("primary") : QStringLiteral("secondary");
        auto* row = new QHBoxLayout;
        auto* hash = new QLineEdit(this);
        hash->setObjectName(name + QStringLiteral("KeyHashLineEdit"));
        hash->setAccessibleName(primary ? tr("Primary key hash") : tr("Secondary key hash"));
        hash->setReadOnly(true);
        auto* regenerate = new QPushButton(icon("regenerate"), tr("Regenerate…"), this);
        regenerate->setObjectName(
            QStringLiteral("regenerate") +
            (primary ? QStringLiteral("Primary") : QStringLiteral("Secondary")) +
            QStringLiteral("KeyPushButton"));
        regenerate->setAccessibleName(primary ? tr("Regenerate primary key")
                                              : tr("Regenerate secondary key"));
        row->addWidget(hash, 1);
        row->addWidget(regenerate);
        keys->addRow(formLabel(primary ? tr("Primary key:") : tr("Secondary key:"), hash), row);
        addRefresher([this, hash, primary] {
            if (const Subscription* s =
                    findEntity<Subscription>(m_context.document->workspace(), m_ref.id)) {
                const std::string& value = primary ? s->primaryKeyHash : s->secondaryKeyHash;
                hash->setText(value.empty() ? tr("No key") : QString::fromStdString(value));
            }
        });
        connect(regenerate, &QPushButton::clicked, this, [this, primary] {
            const auto answer = MessageBox::question(
                this, tr("Regenerate key"),
                tr("Clients using the current key will be rejected once the workspace is saved "
                   "and deployed. Regenerate it?"),
                QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
            if (answer == QMessageBox::Yes)
                regenerateSubscriptionKey(m_context, m_ref.id, primary, window());
        });
    }
    keys->addRow(QString(), new QLabel(tr("Only salted hashes are stored in the workspace; the "
                                          "keys are in your keychain."),
                                       this));
    refresh();
}

} // namespace portico::ui
