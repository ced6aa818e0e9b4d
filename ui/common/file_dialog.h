#pragma once

#include <QString>

#include <optional>

class QWidget;

namespace portico::ui {

// Folder choosers go through here so that tests can pick the folder without a modal dialog.
class FileDialog {
public:
    // Returns an empty string when the user cancels.
    static QString getExistingDirectory(QWidget* parent, const QString& caption,
                                        const QString& startDirectory);
    static void setNextDirectory(const QString& directory);

private:
    static std::optional<QString> s_nextDirectory;
};

} // namespace portico::ui
