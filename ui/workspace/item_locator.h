#pragma once

#include "core/model/workspace.h"
#include "ui/workspace/item_ref.h"

#include <QString>

namespace portico::ui {

// Which item a diagnostic's file belongs to (paths relative to the workspace root, or absolute
// inside it). Returns an invalid ref for files that belong to no item.
ItemRef itemForFile(const model::Workspace& workspace, const QString& file);

// What the explorer and the command palette show for an item.
QString itemLabel(const model::Workspace& workspace, const ItemRef& ref);

// True when the item still exists in the workspace.
bool itemExists(const model::Workspace& workspace, const ItemRef& ref);

} // namespace portico::ui
