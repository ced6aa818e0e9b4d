#include "ui/editors/operation_editor.h"

#include "ui/common/icons.h"
#include "ui/policy/policy_editor.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>

namespace portico::ui {

namespace {

QString join(const std::vector<std::string>& items) {
    QStringList list;
    for (const auto& item : items)
        list << QString::fromStdString(item);
    return list.join(QStringLiteral(", "));
}

QTreeWidget* newTable(QWidget* parent, const QString& objectName, const QString& name,
                      const QStringList& headers) {
    auto* tree = new QTreeWidget(parent);
    tree->setObjectName(objectName);
    tree->setAccessibleName(name);
    tree->setHeaderLabels(headers);
    tree->setRootIsDecorated(false);
    tree->setAlternatingRowColors(true);
    tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    tree->header()->setStretchLastSection(true);
    return tree;
}

// Empty tables become a short "None" so that they do not take a screenful.
void addTableOrNone(QFormLayout* form, QTreeWidget* tree, QWidget* parent) {
    if (tree->topLevelItemCount() == 0) {
        auto* none = new QLabel(OperationEditor::tr("None"), parent);
        none->setForegroundRole(QPalette::PlaceholderText);
        form->addRow(none);
        tree->hide();
        return;
    }
    int rows = 0;
    for (QTreeWidgetItemIterator it(tree); *it; ++it) {
        ++rows;
        // Schemas are long one-line JSON: the whole text is in the tooltip.
        for (int column = 0; column < tree->columnCount(); ++column)
            (*it)->setToolTip(column, (*it)->text(column));
    }
    const int rowHeight = tree->sizeHintForRow(0) > 0 ? tree->sizeHintForRow(0) : 22;
    tree->setFixedHeight(qMin(320, tree->header()->sizeHint().height() + rows * rowHeight + 6));
    form->addRow(tree);
}

} // namespace

OperationEditor::OperationEditor(const EditorContext& context, const ItemRef& ref, QWidget* parent)
    : Editor(context, ref, parent) {
    setObjectName(QStringLiteral("operationEditor"));
    setHeader(tr("Operation · %1 in API %2").arg(ref.id, ref.parentId));

    const model::Api* api = findEntity<model::Api>(context.document->workspace(), ref.parentId);
    const openapi::Operation* op =
        api ? api->specification.findOperation(ref.id.toStdString()) : nullptr;

    auto* tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("operationTabWidget"));
    tabs->setDocumentMode(true);
    auto* page = new QWidget(tabs);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->setSpacing(12);

    if (op) {
        auto* note = new QLabel(
            tr("These details come from the API's specification (%1); edit the specification to "
               "change them.")
                .arg(QString::fromStdString(api->specificationFile)),
            page);
        note->setWordWrap(true);
        note->setForegroundRole(QPalette::PlaceholderText);
        layout->addWidget(note);

        QFormLayout* form = addForm(tr("Request"), layout);
        newReadOnly(form, QStringLiteral("methodLineEdit"), tr("Method"),
                    QString::fromStdString(op->method));
        newReadOnly(form, QStringLiteral("urlTemplateLineEdit"), tr("URL template"),
                    QString::fromStdString(op->urlTemplate));
        newReadOnly(form, QStringLiteral("summaryLineEdit"), tr("Summary"),
                    QString::fromStdString(op->summary));
        newReadOnly(form, QStringLiteral("operationIdLineEdit"), tr("Operation id"),
                    op->idGenerated ? tr("%1 (generated)").arg(QString::fromStdString(op->id))
                                    : QString::fromStdString(op->id));
        newReadOnly(form, QStringLiteral("requiredScopesLineEdit"), tr("Required scopes"),
                    op->requiredScopes.empty() ? tr("None") : join(op->requiredScopes));
        if (op->deprecated)
            form->addRow(QString(), new QLabel(tr("<b>Deprecated</b>"), page));

        auto* parameters = newTable(page, QStringLiteral("parametersTreeWidget"), tr("Parameters"),
                                    {tr("Name"), tr("In"), tr("Required"), tr("Schema")});
        for (const auto& p : op->parameters)
            new QTreeWidgetItem(parameters,
                                {QString::fromStdString(p.name), QString::fromStdString(p.in),
                                 p.required ? tr("yes") : tr("no"),
                                 QString::fromStdString(p.schemaJson)});
        addTableOrNone(addForm(tr("Parameters"), layout), parameters, page);

        auto* body = newTable(page, QStringLiteral("requestBodyTreeWidget"), tr("Request body"),
                              {tr("Content type"), tr("Schema")});
        for (const auto& m : op->requestBody)
            new QTreeWidgetItem(body, {QString::fromStdString(m.contentType),
                                       QString::fromStdString(m.schemaJson)});
        addTableOrNone(
            addForm(op->requestBodyRequired ? tr("Request body (required)") : tr("Request body"),
                    layout),
            body, page);

        auto* responses = newTable(page, QStringLiteral("responsesTreeWidget"), tr("Responses"),
                                   {tr("Status"), tr("Description"), tr("Content"), tr("Schema")});
        responses->setRootIsDecorated(true);
        for (const auto& r : op->responses) {
            auto* row = new QTreeWidgetItem(responses, {QString::fromStdString(r.status),
                                                        QString::fromStdString(r.description)});
            for (const auto& m : r.content)
                new QTreeWidgetItem(row,
                                    {QString(), QString(), QString::fromStdString(m.contentType),
                                     QString::fromStdString(m.schemaJson)});
        }
        responses->expandAll();
        addTableOrNone(addForm(tr("Responses"), layout), responses, page);
    } else {
        layout->addWidget(
            new QLabel(tr("The specification has no operation %1.").arg(ref.id), page));
    }
    layout->addStretch(1);
    tabs->addTab(page, tr("Details"));

    const QString apiId = ref.parentId;
    const std::string opId = ref.id.toStdString();
    tabs->addTab(new PolicyEditor(
                     context.document, ref,
                     [apiId, opId](const model::Workspace& ws) {
                         const model::Api* a = findEntity<model::Api>(ws, apiId);
                         if (!a)
                             return std::string();
                         auto it = a->operationPolicies.find(opId);
                         return it == a->operationPolicies.end() ? std::string() : it->second;
                     },
                     [apiId, opId](model::Workspace& ws, const std::string& xml) {
                         model::Api* a = findEntity<model::Api>(ws, apiId);
                         if (!a)
                             return;
                         // No file for an empty policy: the operation inherits the API's.
                         if (xml.empty())
                             a->operationPolicies.erase(opId);
                         else
                             a->operationPolicies[opId] = xml;
                     },
                     tabs),
                 icon("policy"), tr("Policy"));
    body()->addWidget(tabs);
    refresh();
}

} // namespace portico::ui
