#pragma once

#include "ui/editors/editor.h"

namespace portico::ui {

class ProductEditor : public Editor {
    Q_OBJECT
public:
    ProductEditor(const EditorContext& context, const ItemRef& ref, QWidget* parent = nullptr);
};

} // namespace portico::ui
