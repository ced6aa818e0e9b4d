#pragma once

#include <QMetaType>
#include <QString>

namespace portico::ui {

enum class ItemKind {
    None,
    Workspace,
    GlobalPolicy,
    Api,
    Operation,
    Product,
    Subscription,
    User,
    NamedValue,
    Backend,
    Fragment,
    Gateway,
};

// Names one thing in the workspace without holding a pointer into it, so that it survives
// edits, undo and reloads. `parentId` is the API id for operations.
struct ItemRef {
    ItemKind kind = ItemKind::None;
    QString id;
    QString parentId;

    bool isValid() const { return kind != ItemKind::None; }
    friend bool operator==(const ItemRef& a, const ItemRef& b) {
        return a.kind == b.kind && a.id == b.id && a.parentId == b.parentId;
    }
    friend bool operator!=(const ItemRef& a, const ItemRef& b) { return !(a == b); }
};

} // namespace portico::ui

Q_DECLARE_METATYPE(portico::ui::ItemRef)
