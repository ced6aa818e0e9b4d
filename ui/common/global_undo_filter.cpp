#include "ui/common/global_undo_filter.h"

#include <QKeyEvent>

namespace portico::ui {

void GlobalUndoFilter::install(QObject* widget) {
    widget->installEventFilter(new GlobalUndoFilter(widget));
}

bool GlobalUndoFilter::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo)) {
            // Not accepted: the shortcut map then triggers the window's action.
            event->ignore();
            return event->type() == QEvent::ShortcutOverride;
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace portico::ui
