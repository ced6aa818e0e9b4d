#pragma once

#include "ui/editors/editor.h"

namespace portico::ui {

class SubscriptionEditor : public Editor {
    Q_OBJECT
public:
    SubscriptionEditor(const EditorContext& context, const ItemRef& ref, QWidget* parent = nullptr);
};

} // namespace portico::ui
