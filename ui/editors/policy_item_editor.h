#pragma once

#include "ui/editors/editor.h"

namespace portico::ui {

// The global policy and policy fragments: items that are nothing but XML.
class PolicyItemEditor : public Editor {
    Q_OBJECT
public:
    PolicyItemEditor(const EditorContext& context, const ItemRef& ref, QWidget* parent = nullptr);
};

} // namespace portico::ui
