#pragma once

#include <QMessageBox>

#include <optional>

namespace portico::ui {

// Every question the app asks goes through here, so that tests can answer it in advance
// instead of blocking on a modal dialog.
class MessageBox {
public:
    static QMessageBox::StandardButton question(QWidget* parent, const QString& title,
                                                const QString& text,
                                                QMessageBox::StandardButtons buttons,
                                                QMessageBox::StandardButton defaultButton);
    static void warning(QWidget* parent, const QString& title, const QString& text);

    // The next question returns `answer` without showing anything; warnings are then logged
    // rather than shown until the next answer is consumed.
    static void setNextAnswer(QMessageBox::StandardButton answer);
    static bool hasPendingAnswer();
    static void clearNextAnswer();
    // The text of the last question or warning, for tests.
    static QString lastText();

private:
    static std::optional<QMessageBox::StandardButton> s_nextAnswer;
    static QString s_lastText;
};

} // namespace portico::ui
