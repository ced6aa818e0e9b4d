#include "ui/problems/problems_model.h"

#include "ui/common/icons.h"
#include "ui/workspace/item_locator.h"
#include "ui/workspace/workspace_document.h"

namespace portico::ui {

ProblemsModel::ProblemsModel(WorkspaceDocument* document, QObject* parent)
    : QAbstractTableModel(parent)
    , m_document(document) {
    connect(document, &WorkspaceDocument::diagnosticsChanged, this, [this] {
        beginResetModel();
        endResetModel();
    });
}

int ProblemsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_document->diagnostics().items().size());
}

int ProblemsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProblemsModel::data(const QModelIndex& index, int role) const {
    const auto& items = m_document->diagnostics().items();
    if (!index.isValid() || index.row() >= static_cast<int>(items.size()))
        return {};
    const auto& d = items[static_cast<std::size_t>(index.row())];
    const bool isError = d.severity == model::Severity::Error;
    if (role == ItemRefRole)
        return QVariant::fromValue(itemAt(index.row()));
    if (role == LineRole)
        return d.where.line;
    switch (index.column()) {
    case SeverityColumn:
        if (role == Qt::DecorationRole)
            return isError ? icon("error") : icon("warning");
        if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole)
            return isError ? tr("Error") : tr("Warning");
        break;
    case CodeColumn:
        if (role == Qt::DisplayRole)
            return QString::fromStdString(d.code);
        break;
    case MessageColumn:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return QString::fromStdString(d.message);
        break;
    case LocationColumn:
        if (role == Qt::DisplayRole) {
            QString text = QString::fromStdString(d.where.file);
            if (d.where.line > 0)
                text += QStringLiteral(":%1").arg(d.where.line);
            if (d.where.column > 0)
                text += QStringLiteral(":%1").arg(d.where.column);
            return text;
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant ProblemsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case CodeColumn:
        return tr("Code");
    case MessageColumn:
        return tr("Message");
    case LocationColumn:
        return tr("Location");
    default:
        return {};
    }
}

QString ProblemsModel::fileAt(int row) const {
    const auto& items = m_document->diagnostics().items();
    if (row < 0 || row >= static_cast<int>(items.size()))
        return {};
    return QString::fromStdString(items[static_cast<std::size_t>(row)].where.file);
}

int ProblemsModel::lineAt(int row) const {
    const auto& items = m_document->diagnostics().items();
    if (row < 0 || row >= static_cast<int>(items.size()))
        return 0;
    return items[static_cast<std::size_t>(row)].where.line;
}

ItemRef ProblemsModel::itemAt(int row) const {
    const auto& items = m_document->diagnostics().items();
    if (row < 0 || row >= static_cast<int>(items.size()))
        return {};
    const auto& d = items[static_cast<std::size_t>(row)];
    ItemRef ref = itemForFile(m_document->workspace(), QString::fromStdString(d.where.file));
    // A diagnostic in an operation folder the spec no longer has points at its API instead.
    if (ref.kind == ItemKind::Operation && !itemExists(m_document->workspace(), ref))
        ref = {ItemKind::Api, ref.parentId, {}};
    return ref;
}

} // namespace portico::ui
