#pragma once

#include "ui/editors/editor.h"

namespace portico::ui {

class BackendEditor : public Editor {
    Q_OBJECT
public:
    BackendEditor(const EditorContext& context, const ItemRef& ref, QWidget* parent = nullptr);
};

} // namespace portico::ui
