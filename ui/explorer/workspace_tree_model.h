#pragma once

#include "ui/workspace/item_ref.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace portico::ui {

class WorkspaceDocument;

// The explorer's tree: one folder per kind of entity, APIs with their operations below them.
// Rebuilt when items come or go; labels refresh in place on edits.
class WorkspaceTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Role { ItemRefRole = Qt::UserRole + 1, ItemKindRole };

    explicit WorkspaceTreeModel(WorkspaceDocument* document, QObject* parent = nullptr);
    ~WorkspaceTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    QModelIndex indexFor(const ItemRef& ref) const;
    ItemRef refAt(const QModelIndex& index) const;

private:
    struct Node;
    void rebuild();
    void refresh(const ItemRef& ref);
    Node* nodeAt(const QModelIndex& index) const;
    QModelIndex indexOf(const Node* node) const;
    const Node* find(const Node* node, const ItemRef& ref) const;

    WorkspaceDocument* m_document;
    std::unique_ptr<Node> m_root;
};

} // namespace portico::ui
