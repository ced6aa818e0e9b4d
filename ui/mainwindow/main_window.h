#pragma once

#include <QMainWindow>

namespace portico::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
};

} // namespace portico::ui
