#pragma once

#include "ui/workspace/item_ref.h"

#include <QMainWindow>
#include <QPointer>

class QAction;
class QLabel;
class QMenu;
class QScrollArea;
class QTableView;
class QTreeView;

namespace portico::ui {

class Appearance;
class CommandPalette;
class Editor;
class GatewayPanel;
class ProblemsModel;
class SecretStore;
class WorkspaceDocument;
class WorkspaceTreeModel;

// The studio's window: explorer tree, editor area, problems panel, menus and status bar over
// one WorkspaceDocument.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `secrets` may be null: the window then uses the OS keychain.
    explicit MainWindow(SecretStore* secrets = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    WorkspaceDocument* document() const { return m_document; }
    Editor* currentEditor() const;
    ItemRef currentItem() const { return m_currentRef; }

    // Asks to save unsaved changes first. Returns false (after telling the user why) when the
    // folder cannot be opened or the user cancelled.
    bool openWorkspace(const QString& directory);
    bool saveWorkspace();
    void selectItem(const ItemRef& ref);
    // Asks what to do with unsaved changes; false when the user cancelled.
    bool maybeSave();

    static QStringList recentWorkspaces();

    GatewayPanel* gatewayPanel() const { return m_gatewayPanel; }
    // Light or dark, following the system unless chosen in View > Appearance.
    Appearance* appearance() const { return m_appearance; }
    // Imports an OpenAPI file as a new API (one undo step) and selects it; tells the user why
    // not otherwise.
    bool importOpenApiFile(const QString& file);
    // Asks for confirmation first; refuses, naming them, while other items refer to it.
    bool deleteItem(const ItemRef& ref);
    // Asks for the new name.
    bool renameItem(const ItemRef& ref);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createAppearanceMenu(QMenu* view);
    void createToolBar();
    void createDocks();
    void createStatusBar();
    void newWorkspace();
    void chooseAndOpenWorkspace();
    void createSubscription();
    void chooseAndImportOpenApi();
    void updateItemActions();
    void fillRecentMenu();
    void addRecent(const QString& directory);
    void showEditorFor(const ItemRef& ref);
    // Focuses the editor control for the YAML key at a problem's line.
    void focusDiagnosticField(int row);
    void onTreeReset();
    void updateTitle();
    void updateValidationStatus();
    void readSettings();
    void writeSettings();

    WorkspaceDocument* m_document;
    SecretStore* m_secrets;
    WorkspaceTreeModel* m_treeModel;
    ProblemsModel* m_problemsModel;
    QTreeView* m_treeView = nullptr;
    QScrollArea* m_editorArea = nullptr;
    QWidget* m_placeholder = nullptr;
    QPointer<Editor> m_editor;
    ItemRef m_currentRef;
    QTableView* m_problemsView = nullptr;
    CommandPalette* m_palette = nullptr;
    QLabel* m_workspaceLabel = nullptr;
    QLabel* m_validationLabel = nullptr;
    QLabel* m_gatewayLabel = nullptr;
    GatewayPanel* m_gatewayPanel = nullptr;
    Appearance* m_appearance = nullptr;
    QMenu* m_recentMenu = nullptr;

    QAction* m_newAction = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_saveAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_undoAction = nullptr;
    QAction* m_redoAction = nullptr;
    QAction* m_paletteAction = nullptr;
    QAction* m_newSubscriptionAction = nullptr;
    QAction* m_focusExplorerAction = nullptr;
    QAction* m_focusEditorAction = nullptr;
    QAction* m_problemsAction = nullptr;
    QAction* m_revalidateAction = nullptr;
    QAction* m_importAction = nullptr;
    QAction* m_deleteAction = nullptr;
    QAction* m_renameAction = nullptr;
    QAction* m_gatewayPanelAction = nullptr;
};

} // namespace portico::ui
