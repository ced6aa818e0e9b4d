#include "ui/mainwindow/main_window.h"

#include <QApplication>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Portico Studio"));
    QApplication::setOrganizationName(QStringLiteral("Portico"));
    QApplication::setApplicationVersion(QStringLiteral(PORTICO_VERSION));
    portico::ui::MainWindow window;
    window.show();
    return app.exec();
}
