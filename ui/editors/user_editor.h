#pragma once

#include "ui/editors/editor.h"

namespace portico::ui {

class UserEditor : public Editor {
    Q_OBJECT
public:
    UserEditor(const EditorContext& context, const ItemRef& ref, QWidget* parent = nullptr);
};

} // namespace portico::ui
