#pragma once

#include <QObject>

namespace portico::ui {

// Lets Ctrl+Z / Ctrl+Shift+Z in a text field reach the window's Undo/Redo actions (the one
// workspace undo stack) instead of the field's private undo.
class GlobalUndoFilter : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    // Installs a filter owned by `widget`.
    static void install(QObject* widget);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
};

} // namespace portico::ui
