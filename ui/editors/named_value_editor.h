#pragma once

#include "ui/editors/editor.h"

namespace portico::ui {

// A named value: plain text, or a reference to a secret (keychain, environment, file, Azure Key
// Vault). Keychain secrets are typed here and written to the keychain, never to the workspace.
class NamedValueEditor : public Editor {
    Q_OBJECT
public:
    NamedValueEditor(const EditorContext& context, const ItemRef& ref, QWidget* parent = nullptr);
};

} // namespace portico::ui
