#pragma once

#include "ui/editors/editor.h"

namespace portico::ui {

// The editor for an item, or null for items that have none.
Editor* createEditor(const EditorContext& context, const ItemRef& ref, QWidget* parent);

} // namespace portico::ui
