#pragma once

#include <QString>

#include <optional>

class QWidget;

namespace portico::ui {

// Text questions go through here so that tests can answer them without a modal dialog.
class InputDialog {
public:
    // Returns nothing when the user cancels.
    static std::optional<QString> getText(QWidget* parent, const QString& title,
                                          const QString& label, const QString& text);
    // The next question returns `answer` (nothing = cancelled) without showing anything.
    static void setNextText(std::optional<QString> answer);
    static void clearNextText();

private:
    static std::optional<std::optional<QString>> s_next;
};

} // namespace portico::ui
