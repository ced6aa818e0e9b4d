#include "ui/mainwindow/main_window.h"

namespace portico::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Portico Studio"));
}

} // namespace portico::ui
