#include "ui/common/file_dialog.h"

#include <QFileDialog>

namespace portico::ui {

std::optional<QString> FileDialog::s_nextDirectory;

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

} // namespace portico::ui
