#pragma once

#include "ui/editors/editor.h"

namespace portico::ui {

// A gateway from portico.yaml: where it listens, TLS, admin endpoint and logging.
class GatewayEditor : public Editor {
    Q_OBJECT
public:
    GatewayEditor(const EditorContext& context, const ItemRef& ref, QWidget* parent = nullptr);
};

} // namespace portico::ui
