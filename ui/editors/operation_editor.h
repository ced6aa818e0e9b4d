#pragma once

#include "ui/editors/editor.h"

namespace portico::ui {

// An operation as the specification defines it (read-only) and its own policy (editable).
class OperationEditor : public Editor {
    Q_OBJECT
public:
    OperationEditor(const EditorContext& context, const ItemRef& ref, QWidget* parent = nullptr);
};

} // namespace portico::ui
