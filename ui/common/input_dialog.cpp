#include "ui/common/input_dialog.h"

#include <QInputDialog>

namespace portico::ui {

std::optional<std::optional<QString>> InputDialog::s_next;

std::optional<QString> InputDialog::getText(QWidget* parent, const QString& title,
                                            const QString& label, const QString& text) {
    if (s_next) {
        auto answer = *s_next;
        s_next.reset();
        return answer;
    }
    QInputDialog dialog(parent);
    dialog.setObjectName(QStringLiteral("textInputDialog"));
    dialog.setWindowTitle(title);
    dialog.setLabelText(label);
    dialog.setTextValue(text);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.textValue();
}

void InputDialog::setNextText(std::optional<QString> answer) {
    s_next = std::move(answer);
}

void InputDialog::clearNextText() {
    s_next.reset();
}

} // namespace portico::ui
