#pragma once

#include <QString>

#include <optional>

class QWidget;

namespace portico::ui {

// Folder and file choosers go through here so that tests can pick the folder or file without a
// modal dialog.
class FileDialog {
public:
    // Returns an empty string when the user cancels.
    static QString getExistingDirectory(QWidget* parent, const QString& caption,
                                        const QString& startDirectory);
    static void setNextDirectory(const QString& directory);
    // Returns an empty string when the user cancels.
    static QString getOpenFileName(QWidget* parent, const QString& caption,
                                   const QString& startDirectory, const QString& filter);
    static void setNextFile(const QString& file);

private:
    static std::optional<QString> s_nextDirectory;
    static std::optional<QString> s_nextFile;
};

} // namespace portico::ui
