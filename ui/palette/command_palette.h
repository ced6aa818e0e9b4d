#pragma once

#include "ui/workspace/item_ref.h"

#include <QFrame>

class QLineEdit;
class QListView;
class QStandardItemModel;
class QSortFilterProxyModel;

namespace portico::ui {

class WorkspaceDocument;

// Ctrl+K: type a few letters of any item's name and press Enter to jump to it.
class CommandPalette : public QFrame {
    Q_OBJECT
public:
    explicit CommandPalette(WorkspaceDocument* document, QWidget* parent);

    // Fills the list from the current workspace, clears the filter and takes the focus.
    void popup();
    // Window commands listed after the items ("Save", "New Subscription…"); triggered on Enter.
    void setCommands(const QList<class QAction*>& commands) { m_commands = commands; }

Q_SIGNALS:
    void itemChosen(const portico::ui::ItemRef& ref);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void populate();
    void chooseCurrent();
    void placeOverParent();

    WorkspaceDocument* m_document;
    QLineEdit* m_lineEdit;
    QListView* m_listView;
    QStandardItemModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QList<QAction*> m_commands;
};

} // namespace portico::ui
