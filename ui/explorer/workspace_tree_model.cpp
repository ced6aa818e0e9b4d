#include "ui/explorer/workspace_tree_model.h"

#include "ui/common/icons.h"
#include "ui/workspace/item_locator.h"
#include "ui/workspace/workspace_document.h"

namespace portico::ui {

struct WorkspaceTreeModel::Node {
    ItemRef ref;         // invalid for folders
    QString folderLabel; // only for folders
    ItemKind folderKind = ItemKind::None;
    QString label;
    QString toolTip;
    Node* parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;

    Node* add(std::unique_ptr<Node> child) {
        child->parent = this;
        children.push_back(std::move(child));
        return children.back().get();
    }
    int row() const {
        if (!parent)
            return 0;
        for (std::size_t i = 0; i < parent->children.size(); ++i)
            if (parent->children[i].get() == this)
                return static_cast<int>(i);
        return 0;
    }
};

WorkspaceTreeModel::WorkspaceTreeModel(WorkspaceDocument* document, QObject* parent)
    : QAbstractItemModel(parent)
    , m_document(document)
    , m_root(std::make_unique<Node>()) {
    connect(document, &WorkspaceDocument::workspaceReset, this, &WorkspaceTreeModel::rebuild);
    connect(document, &WorkspaceDocument::structureChanged, this, &WorkspaceTreeModel::rebuild);
    connect(document, &WorkspaceDocument::itemChanged, this, &WorkspaceTreeModel::refresh);
    rebuild();
}

WorkspaceTreeModel::~WorkspaceTreeModel() = default;

void WorkspaceTreeModel::rebuild() {
    beginResetModel();
    m_root = std::make_unique<Node>();
    if (m_document->isOpen()) {
        const auto& ws = m_document->workspace();
        auto item = [&](ItemRef ref) {
            auto node = std::make_unique<Node>();
            node->label = itemLabel(ws, ref);
            node->toolTip = ref.id;
            node->ref = std::move(ref);
            return node;
        };
        auto folder = [&](ItemKind kind, const QString& label) {
            auto node = std::make_unique<Node>();
            node->folderKind = kind;
            node->folderLabel = label;
            return m_root->add(std::move(node));
        };
        m_root->add(item({ItemKind::GlobalPolicy, {}, {}}));

        Node* apis = folder(ItemKind::Api, tr("APIs"));
        for (const auto& api : ws.apis) {
            Node* apiNode = apis->add(item(refOf(api)));
            for (const auto& op : api.specification.operations) {
                Node* opNode =
                    apiNode->add(item({ItemKind::Operation, QString::fromStdString(op.id),
                                       QString::fromStdString(api.id)}));
                opNode->toolTip = QString::fromStdString(op.summary.empty() ? op.id : op.summary);
            }
        }
        auto fill = [&](ItemKind kind, const QString& label, const auto& list) {
            Node* node = folder(kind, label);
            for (const auto& entity : list)
                node->add(item(refOf(entity)));
        };
        fill(ItemKind::Product, tr("Products"), ws.products);
        fill(ItemKind::Subscription, tr("Subscriptions"), ws.subscriptions);
        fill(ItemKind::User, tr("Users"), ws.users);
        fill(ItemKind::NamedValue, tr("Named values"), ws.namedValues);
        fill(ItemKind::Backend, tr("Backends"), ws.backends);
        fill(ItemKind::Fragment, tr("Policy fragments"), ws.fragments);
        fill(ItemKind::Gateway, tr("Gateways"), ws.gateways);
    }
    endResetModel();
}

void WorkspaceTreeModel::refresh(const ItemRef& ref) {
    const Node* node = find(m_root.get(), ref);
    if (!node)
        return;
    const_cast<Node*>(node)->label = itemLabel(m_document->workspace(), ref);
    const QModelIndex index = indexOf(node);
    Q_EMIT dataChanged(index, index, {Qt::DisplayRole, Qt::AccessibleTextRole});
}

const WorkspaceTreeModel::Node* WorkspaceTreeModel::find(const Node* node,
                                                         const ItemRef& ref) const {
    if (node->ref.isValid() && node->ref == ref)
        return node;
    for (const auto& child : node->children)
        if (const Node* found = find(child.get(), ref))
            return found;
    return nullptr;
}

WorkspaceTreeModel::Node* WorkspaceTreeModel::nodeAt(const QModelIndex& index) const {
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : m_root.get();
}

QModelIndex WorkspaceTreeModel::indexOf(const Node* node) const {
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row(), 0, const_cast<Node*>(node));
}

QModelIndex WorkspaceTreeModel::index(int row, int column, const QModelIndex& parent) const {
    const Node* node = nodeAt(parent);
    if (column != 0 || row < 0 || row >= static_cast<int>(node->children.size()))
        return {};
    return createIndex(row, column, node->children[static_cast<std::size_t>(row)].get());
}

QModelIndex WorkspaceTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid())
        return {};
    return indexOf(nodeAt(child)->parent);
}

int WorkspaceTreeModel::rowCount(const QModelIndex& parent) const {
    if (parent.column() > 0)
        return 0;
    return static_cast<int>(nodeAt(parent)->children.size());
}

int WorkspaceTreeModel::columnCount(const QModelIndex&) const {
    return 1;
}

QVariant WorkspaceTreeModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid())
        return {};
    const Node* node = nodeAt(index);
    const bool isFolder = !node->ref.isValid();
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        if (isFolder)
            return tr("%1 (%2)").arg(node->folderLabel).arg(node->children.size());
        return node->label;
    case Qt::ToolTipRole:
        return isFolder ? node->folderLabel : node->toolTip;
    case Qt::DecorationRole:
        return isFolder ? icon("folder") : iconFor(node->ref.kind);
    case ItemRefRole:
        return isFolder ? QVariant() : QVariant::fromValue(node->ref);
    case ItemKindRole:
        return static_cast<int>(isFolder ? node->folderKind : node->ref.kind);
    default:
        return {};
    }
}

QModelIndex WorkspaceTreeModel::indexFor(const ItemRef& ref) const {
    return indexOf(find(m_root.get(), ref));
}

ItemRef WorkspaceTreeModel::refAt(const QModelIndex& index) const {
    return index.isValid() ? nodeAt(index)->ref : ItemRef{};
}

} // namespace portico::ui
