#include "ui/common/file_dialog.h"

#include <QFileDialog>

namespace portico::ui {

std::optional<QString> FileDialog::s_nextDirectory;
std::optional<QString> FileDialog::s_nextFile;

QString FileDialog::getExistingDirectory(QWidget* parent, const QString& caption,
                                         const QString& startDirectory) {
    if (s_nextDirectory) {
        QString directory = *s_nextDirectory;
        s_nextDirectory.reset();
        return directory;
    }
    return QFileDialog::getExistingDirectory(parent, caption, startDirectory);
}

void FileDialog::setNextDirectory(const QString& directory) {
    s_nextDirectory = directory;
}

QString FileDialog::getOpenFileName(QWidget* parent, const QString& caption,
                                    const QString& startDirectory, const QString& filter) {
    if (s_nextFile) {
        QString file = *s_nextFile;
        s_nextFile.reset();
        return file;
    }
    return QFileDialog::getOpenFileName(parent, caption, startDirectory, filter);
}

void FileDialog::setNextFile(const QString& file) {
    s_nextFile = file;
}

} // namespace portico::ui
