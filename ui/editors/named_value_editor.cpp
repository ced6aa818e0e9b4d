#include "ui/editors/named_value_editor.h"

#include "core/model/secret_reference.h"
#include "ui/common/icons.h"
#include "ui/secrets/secret_store.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QPushButton>

namespace portico::ui {

using model::NamedValue;
using model::SecretReference;
using Kind = SecretReference::Kind;

namespace {

// Combo rows: 0 plain, then the reference kinds.
const std::vector<std::pair<Kind, const char*>> kKinds = {{Kind::Keychain, "keychain:"},
                                                          {Kind::Env, "env:"},
                                                          {Kind::File, "file:"},
                                                          {Kind::KeyVault, "keyvault:"}};

int rowOf(const NamedValue& nv) {
    if (!nv.secret)
        return 0;
    for (std::size_t i = 0; i < kKinds.size(); ++i)
        if (kKinds[i].first == nv.secret->kind)
            return static_cast<int>(i) + 1;
    return 0;
}

QString checkReference(const QString& text, int row) {
    if (row <= 0)
        return {};
    const auto parsed = model::parseSecretReference(text.toStdString());
    if (!parsed.ok())
        return NamedValueEditor::tr("%1 (at character %2)")
            .arg(QString::fromStdString(parsed.error))
            .arg(parsed.offset + 1);
    if (parsed.reference->kind != kKinds[static_cast<std::size_t>(row - 1)].first)
        return NamedValueEditor::tr("The reference must start with %1")
            .arg(QLatin1String(kKinds[static_cast<std::size_t>(row - 1)].second));
    return {};
}

SecretReference referenceFromText(const std::string& text, Kind fallback) {
    auto parsed = model::parseSecretReference(text);
    if (parsed.ok())
        return *parsed.reference;
    // Kept as typed so that the validator reports it and nothing is lost.
    SecretReference ref;
    ref.kind = fallback;
    ref.text = text;
    return ref;
}

} // namespace

NamedValueEditor::NamedValueEditor(const EditorContext& context, const ItemRef& ref,
                                   QWidget* parent)
    : Editor(context, ref, parent) {
    setObjectName(QStringLiteral("namedValueEditor"));
    setHeader(tr("Named value · named-values/%1.yaml · use it as {{%1}}").arg(ref.id));

    QFormLayout* form = addForm(tr("Value"));
    bindText<NamedValue>(form, QStringLiteral("displayNameLineEdit"), tr("Display name"),
                         &NamedValue::displayName);
    bindText<NamedValue>(
        form, QStringLiteral("tagsLineEdit"), tr("Tags"),
        [](const NamedValue& nv) {
            QStringList list;
            for (const auto& t : nv.tags)
                list << QString::fromStdString(t);
            return list.join(QStringLiteral(", ")).toStdString();
        },
        [](NamedValue& nv, const std::string& text) {
            nv.tags.clear();
            for (const QString& t :
                 QString::fromStdString(text).split(QLatin1Char(','), Qt::SkipEmptyParts))
                if (!t.trimmed().isEmpty())
                    nv.tags.push_back(t.trimmed().toStdString());
        });

    QComboBox* kind = newComboBox(form, QStringLiteral("valueKindComboBox"), tr("Kind"));
    kind->addItem(tr("Plain value"));
    kind->addItem(icon("subscription"), tr("Secret in the OS keychain"));
    kind->addItem(tr("Secret from an environment variable"));
    kind->addItem(tr("Secret from a file"));
    kind->addItem(tr("Secret in Azure Key Vault"));

    QLineEdit* value = newLineEdit(form, QStringLiteral("valueLineEdit"), tr("Value"));
    QLineEdit* reference =
        newLineEdit(form, QStringLiteral("secretReferenceLineEdit"), tr("Secret reference"));

    auto* secretRow = new QHBoxLayout;
    auto* secret = new QLineEdit(this);
    secret->setObjectName(QStringLiteral("secretValueLineEdit"));
    secret->setAccessibleName(tr("Secret value"));
    secret->setEchoMode(QLineEdit::Password);
    secret->setPlaceholderText(tr("Type the secret to store it in the keychain"));
    auto* store = new QPushButton(icon("save"), tr("Store in Keychain"), this);
    store->setObjectName(QStringLiteral("storeSecretPushButton"));
    secretRow->addWidget(secret, 1);
    secretRow->addWidget(store);
    auto* secretLabel = formLabel(tr("Secret:"), secret);
    form->addRow(secretLabel, secretRow);
    auto* status = new QLabel(this);
    status->setObjectName(QStringLiteral("secretStatusLabel"));
    status->setWordWrap(true);
    form->addRow(QString(), status);

    addRefresher([this, kind, value, reference, secret, store, secretLabel] {
        const NamedValue* nv = findEntity<NamedValue>(m_context.document->workspace(), m_ref.id);
        if (!nv)
            return;
        const int row = rowOf(*nv);
        kind->setCurrentIndex(row);
        const QString plain = QString::fromStdString(nv->value.value_or(std::string()));
        if (value->text() != plain)
            value->setText(plain);
        const QString text = nv->secret ? QString::fromStdString(nv->secret->text) : QString();
        if (reference->text() != text)
            reference->setText(text);
        value->setEnabled(row == 0);
        reference->setEnabled(row > 0);
        showCheck(reference, checkReference(reference->text(), row));
        const bool keychain = row == 1;
        secret->setVisible(keychain);
        store->setVisible(keychain);
        secretLabel->setVisible(keychain);
    });

    connect(kind, &QComboBox::activated, this, [this](int row) {
        const QString name = m_ref.id;
        m_context.document->editEntity<NamedValue>(
            m_ref, QStringLiteral("valueKindComboBox"), tr("Change value kind"),
            [row, name](NamedValue& nv) {
                if (row == 0) {
                    nv.secret.reset();
                    nv.value = std::string();
                    return;
                }
                nv.value.reset();
                const Kind k = kKinds[static_cast<std::size_t>(row - 1)].first;
                std::string text = kKinds[static_cast<std::size_t>(row - 1)].second;
                if (k == Kind::Keychain)
                    text += "portico/" + name.toStdString();
                else if (k == Kind::Env)
                    text +=
                        name.toUpper().replace(QLatin1Char('-'), QLatin1Char('_')).toStdString();
                nv.secret = referenceFromText(text, k);
            });
    });
    connect(value, &QLineEdit::textEdited, this, [this](const QString& text) {
        m_context.document->editEntity<NamedValue>(
            m_ref, QStringLiteral("valueLineEdit"), tr("Edit value"),
            [text](NamedValue& nv) { nv.value = text.toStdString(); });
    });
    connect(reference, &QLineEdit::textEdited, this, [this, reference, kind](const QString& text) {
        showCheck(reference, checkReference(text, kind->currentIndex()));
        const int row = kind->currentIndex();
        if (row <= 0)
            return;
        const Kind k = kKinds[static_cast<std::size_t>(row - 1)].first;
        m_context.document->editEntity<NamedValue>(
            m_ref, QStringLiteral("secretReferenceLineEdit"), tr("Edit secret reference"),
            [text, k](NamedValue& nv) { nv.secret = referenceFromText(text.toStdString(), k); });
    });
    connect(store, &QPushButton::clicked, this, [this, secret, status] {
        const NamedValue* nv = findEntity<NamedValue>(m_context.document->workspace(), m_ref.id);
        if (!nv || !nv->secret || nv->secret->kind != Kind::Keychain ||
            nv->secret->service.empty() || nv->secret->account.empty()) {
            status->setText(tr("Fix the keychain reference first (keychain:service/account)."));
            return;
        }
        if (secret->text().isEmpty()) {
            status->setText(tr("Type the secret first."));
            return;
        }
        const QString service = QString::fromStdString(nv->secret->service);
        const QString account = QString::fromStdString(nv->secret->account);
        status->setText(tr("Storing…"));
        QPointer<QLabel> statusGuard(status);
        m_context.secrets->write(
            service, account, secret->text(),
            [statusGuard, service, account](const QString& error) {
                if (!statusGuard)
                    return;
                statusGuard->setText(
                    error.isEmpty() ? tr("Stored in the keychain as %1/%2.").arg(service, account)
                                    : error);
            });
        secret->clear();
    });
    refresh();
}

} // namespace portico::ui
