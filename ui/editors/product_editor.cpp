#include "ui/editors/product_editor.h"

#include "ui/common/icons.h"
#include "ui/policy/policy_editor.h"

#include <QFormLayout>
#include <QLabel>
#include <QListWidget>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace portico::ui {

using model::Product;

ProductEditor::ProductEditor(const EditorContext& context, const ItemRef& ref, QWidget* parent)
    : Editor(context, ref, parent) {
    setObjectName(QStringLiteral("productEditor"));
    setHeader(tr("Product · products/%1").arg(ref.id));

    auto* tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("productTabWidget"));
    tabs->setDocumentMode(true);
    auto* page = new QWidget(tabs);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 8, 0, 0);

    QFormLayout* general = addForm(tr("General"), layout);
    bindText<Product>(general, QStringLiteral("displayNameLineEdit"), tr("Display name"),
                      &Product::displayName, checks::required);
    bindText<Product>(general, QStringLiteral("descriptionLineEdit"), tr("Description"),
                      &Product::description);
    bindChoice<Product, model::ProductState>(
        general, QStringLiteral("stateComboBox"), tr("State"), &Product::state,
        {{tr("Published"), model::ProductState::Published},
         {tr("Not published"), model::ProductState::NotPublished}});

    QFormLayout* access = addForm(tr("Access"), layout);
    bindCheck<Product>(access, QStringLiteral("subscriptionRequiredCheckBox"),
                       tr("Subscription required"), &Product::subscriptionRequired);
    bindCheck<Product>(access, QStringLiteral("approvalRequiredCheckBox"),
                       tr("Subscriptions need approval"), &Product::approvalRequired);
    auto* limit = new QSpinBox(page);
    limit->setObjectName(QStringLiteral("subscriptionsLimitSpinBox"));
    limit->setAccessibleName(tr("Subscriptions per user"));
    limit->setRange(0, 1000000);
    limit->setSpecialValueText(tr("Unlimited"));
    access->addRow(formLabel(tr("Subscriptions per user:"), limit), limit);
    addRefresher([this, limit] {
        if (const Product* p = findEntity<Product>(m_context.document->workspace(), m_ref.id)) {
            const QSignalBlocker blocker(limit);
            limit->setValue(p->subscriptionsLimit.value_or(0));
        }
    });
    connect(limit, &QSpinBox::valueChanged, this, [this](int value) {
        setField<Product, std::optional<int>>(
            QStringLiteral("subscriptionsLimitSpinBox"), tr("Change subscription limit"),
            [](const Product& p) { return p.subscriptionsLimit; },
            value > 0 ? std::optional<int>(value) : std::nullopt,
            [](Product& p, const std::optional<int>& v) { p.subscriptionsLimit = v; });
    });

    auto* apis = new QListWidget(page);
    apis->setObjectName(QStringLiteral("apisListWidget"));
    apis->setAccessibleName(tr("APIs in this product"));
    apis->setMinimumHeight(120);
    addForm(tr("APIs"), layout)->addRow(apis);
    addRefresher([this, apis] {
        const auto& ws = m_context.document->workspace();
        const Product* p = findEntity<Product>(ws, m_ref.id);
        if (!p)
            return;
        const QSignalBlocker blocker(apis);
        apis->clear();
        auto add = [&](const std::string& id, const QString& label, bool checked, bool missing) {
            auto* row = new QListWidgetItem(missing ? icon("error") : icon("api"), label, apis);
            row->setData(Qt::UserRole, QString::fromStdString(id));
            row->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
            row->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
        };
        for (const auto& api : ws.apis) {
            const bool in = std::find(p->apis.begin(), p->apis.end(), api.id) != p->apis.end();
            add(api.id,
                QStringLiteral("%1 (%2)").arg(QString::fromStdString(api.displayName),
                                              QString::fromStdString(api.id)),
                in, false);
        }
        for (const auto& id : p->apis)
            if (!ws.findApi(id))
                add(id, tr("%1 (no such API)").arg(QString::fromStdString(id)), true, true);
    });
    connect(apis, &QListWidget::itemChanged, this, [this, apis] {
        std::vector<std::string> ids;
        for (int i = 0; i < apis->count(); ++i)
            if (apis->item(i)->checkState() == Qt::Checked)
                ids.push_back(apis->item(i)->data(Qt::UserRole).toString().toStdString());
        setField<Product, std::vector<std::string>>(
            QStringLiteral("apis:") + QString::number(ids.size()), tr("Change product APIs"),
            [](const Product& p) { return p.apis; }, ids,
            [](Product& p, const std::vector<std::string>& v) { p.apis = v; });
    });

    tabs->addTab(page, tr("Settings"));
    const QString id = ref.id;
    tabs->addTab(new PolicyEditor(
                     context.document, ref,
                     [id](const model::Workspace& ws) {
                         const Product* p = findEntity<Product>(ws, id);
                         return p ? p->policyXml : std::string();
                     },
                     [id](model::Workspace& ws, const std::string& xml) {
                         if (Product* p = findEntity<Product>(ws, id))
                             p->policyXml = xml;
                     },
                     tabs),
                 icon("policy"), tr("Policy"));
    body()->addWidget(tabs);
    refresh();
}

} // namespace portico::ui
