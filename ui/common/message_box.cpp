#include "ui/common/message_box.h"

#include <QDebug>

namespace portico::ui {

std::optional<QMessageBox::StandardButton> MessageBox::s_nextAnswer;
QString MessageBox::s_lastText;

QMessageBox::StandardButton MessageBox::question(QWidget* parent, const QString& title,
                                                 const QString& text,
                                                 QMessageBox::StandardButtons buttons,
                                                 QMessageBox::StandardButton defaultButton) {
    s_lastText = text;
    if (s_nextAnswer) {
        const auto answer = *s_nextAnswer;
        s_nextAnswer.reset();
        return answer;
    }
    QMessageBox box(QMessageBox::Question, title, text, buttons, parent);
    box.setDefaultButton(defaultButton);
    box.setObjectName(QStringLiteral("questionMessageBox"));
    return static_cast<QMessageBox::StandardButton>(box.exec());
}

void MessageBox::warning(QWidget* parent, const QString& title, const QString& text) {
    s_lastText = text;
    if (s_nextAnswer) {
        s_nextAnswer.reset();
        qWarning().noquote() << title << text;
        return;
    }
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Ok, parent);
    box.setObjectName(QStringLiteral("warningMessageBox"));
    box.exec();
}

void MessageBox::setNextAnswer(QMessageBox::StandardButton answer) {
    s_nextAnswer = answer;
}

bool MessageBox::hasPendingAnswer() {
    return s_nextAnswer.has_value();
}

void MessageBox::clearNextAnswer() {
    s_nextAnswer.reset();
}

QString MessageBox::lastText() {
    return s_lastText;
}

} // namespace portico::ui
