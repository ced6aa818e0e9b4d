#include "ui/mainwindow/main_window.h"

#include "ui/common/file_dialog.h"
#include "ui/common/icons.h"
#include "ui/common/input_dialog.h"
#include "ui/common/message_box.h"
#include "ui/editors/editor.h"
#include "ui/editors/editor_factory.h"
#include "ui/editors/subscription_keys.h"
#include "ui/explorer/workspace_tree_model.h"
#include "ui/gateway/gateway_panel.h"
#include "ui/palette/command_palette.h"
#include "ui/problems/problems_model.h"
#include "ui/secrets/keychain_secret_store.h"
#include "ui/theme/appearance.h"
#include "ui/workspace/item_edits.h"
#include "ui/workspace/item_locator.h"
#include "ui/workspace/workspace_document.h"
#include "ui/workspace/yaml_key_at_line.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace portico::ui {

namespace {
constexpr int kMaxRecent = 8;

// The local files of a drag that look like OpenAPI documents.
QStringList specificationFiles(const QMimeData* mime) {
    QStringList files;
    if (!mime || !mime->hasUrls())
        return files;
    for (const QUrl& url : mime->urls()) {
        const QString suffix = QFileInfo(url.toLocalFile()).suffix().toLower();
        if (url.isLocalFile() &&
            (suffix == QLatin1String("json") || suffix == QLatin1String("yaml") ||
             suffix == QLatin1String("yml")))
            files.append(url.toLocalFile());
    }
    return files;
}
const auto kRecentKey = QStringLiteral("recentWorkspaces");
const auto kGeometryKey = QStringLiteral("mainWindow/geometry");
const auto kStateKey = QStringLiteral("mainWindow/state");
} // namespace

MainWindow::MainWindow(SecretStore* secrets, QWidget* parent)
    : QMainWindow(parent)
    , m_document(new WorkspaceDocument(this))
    , m_secrets(secrets ? secrets : new KeychainSecretStore(this))
    , m_treeModel(new WorkspaceTreeModel(m_document, this))
    , m_problemsModel(new ProblemsModel(m_document, this)) {
    initResources();
    setObjectName(QStringLiteral("mainWindow"));
    m_appearance = new Appearance(nullptr, this);
    setWindowIcon(icon("gateway"));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
    setAcceptDrops(true);

    m_treeView = new QTreeView(this);
    m_treeView->setObjectName(QStringLiteral("explorerTreeView"));
    m_treeView->setAccessibleName(tr("Workspace explorer"));
    m_treeView->setModel(m_treeModel);
    m_treeView->setHeaderHidden(true);
    m_treeView->setUniformRowHeights(true);
    m_treeView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_treeView->setMinimumWidth(220);

    m_placeholder = new QLabel(
        tr("<h3>No workspace open</h3><p>Open a workspace folder with <b>Ctrl+O</b> or create one "
           "with <b>Ctrl+N</b>.</p><p>Once open, press <b>Ctrl+K</b> to jump to any API, "
           "operation, product or user.</p>"),
        this);
    m_placeholder->setObjectName(QStringLiteral("placeholderLabel"));
    static_cast<QLabel*>(m_placeholder)->setAlignment(Qt::AlignCenter);
    static_cast<QLabel*>(m_placeholder)->setWordWrap(true);

    m_editorArea = new QScrollArea(this);
    m_editorArea->setObjectName(QStringLiteral("editorScrollArea"));
    m_editorArea->setAccessibleName(tr("Editor"));
    m_editorArea->setWidgetResizable(true);
    m_editorArea->setFrameShape(QFrame::NoFrame);
    m_editorArea->setWidget(m_placeholder);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_treeView);
    splitter->addWidget(m_editorArea);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({280, 900});
    splitter->setChildrenCollapsible(false);
    setCentralWidget(splitter);

    m_palette = new CommandPalette(m_document, this);
    connect(m_palette, &CommandPalette::itemChosen, this, &MainWindow::selectItem);
    m_gatewayPanel = new GatewayPanel(m_document, m_secrets, this);

    createActions();
    m_palette->setCommands({m_saveAction, m_newSubscriptionAction, m_revalidateAction, m_openAction,
                            m_newAction, m_undoAction, m_redoAction, m_focusExplorerAction,
                            m_focusEditorAction, m_importAction, m_renameAction, m_deleteAction,
                            m_gatewayPanel->startAction(), m_gatewayPanel->stopAction(),
                            m_gatewayPanel->restartAction()});
    createMenus();
    createToolBar();
    createDocks();
    createStatusBar();

    connect(m_treeView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                const ItemRef ref = m_treeModel->refAt(current);
                if (ref.isValid() && ref != m_currentRef)
                    showEditorFor(ref);
                updateItemActions();
            });
    connect(m_treeModel, &QAbstractItemModel::modelReset, this, &MainWindow::onTreeReset);
    connect(m_document, &WorkspaceDocument::dirtyChanged, this, &MainWindow::updateTitle);
    connect(m_document, &WorkspaceDocument::workspaceReset, this, [this] {
        // A reload replaces every entity: rebuild the editor from the new model.
        const ItemRef ref = m_currentRef;
        m_currentRef = {};
        delete m_editor;
        if (m_document->isOpen() && itemExists(m_document->workspace(), ref)) {
            selectItem(ref);
        } else {
            auto* label = new QLabel(tr("Select an item in the explorer, or press Ctrl+K."), this);
            label->setAlignment(Qt::AlignCenter);
            m_editorArea->setWidget(m_placeholder = label);
        }
        updateTitle();
    });
    connect(m_document, &WorkspaceDocument::diagnosticsChanged, this,
            &MainWindow::updateValidationStatus);
    connect(m_document, &WorkspaceDocument::itemChanged, this, [this](const ItemRef& ref) {
        if (ref.kind == ItemKind::Workspace)
            updateTitle();
    });

    readSettings();
    updateTitle();
    updateValidationStatus();
}

MainWindow::~MainWindow() = default;

Editor* MainWindow::currentEditor() const {
    return m_editor;
}

void MainWindow::createActions() {
    auto make = [this](const char* name, const QString& text, const QIcon& icon,
                       const QKeySequence& shortcut, const QString& tip) {
        auto* action = new QAction(icon, text, this);
        action->setObjectName(QLatin1String(name));
        action->setShortcut(shortcut);
        action->setStatusTip(tip);
        action->setToolTip(
            shortcut.isEmpty()
                ? tip
                : tr("%1 (%2)").arg(tip, shortcut.toString(QKeySequence::NativeText)));
        addAction(action);
        return action;
    };
    m_newAction = make("newAction", tr("&New Workspace…"), icon("new"), QKeySequence::New,
                       tr("Create a workspace in an empty folder"));
    m_openAction = make("openAction", tr("&Open Workspace…"), icon("open"), QKeySequence::Open,
                        tr("Open a workspace folder"));
    m_saveAction =
        make("saveAction", tr("&Save"), icon("save"), QKeySequence::Save, tr("Save the workspace"));
    m_quitAction =
        make("quitAction", tr("&Quit"), QIcon(), QKeySequence::Quit, tr("Quit Portico Studio"));
    m_quitAction->setMenuRole(QAction::QuitRole);

    m_undoAction = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undoAction->setObjectName(QStringLiteral("undoAction"));
    m_undoAction->setIcon(icon("undo"));
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_redoAction = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    m_redoAction->setObjectName(QStringLiteral("redoAction"));
    m_redoAction->setIcon(icon("redo"));
    m_redoAction->setShortcuts({QKeySequence::Redo, QKeySequence(tr("Ctrl+Y"))});
    addAction(m_undoAction);
    addAction(m_redoAction);

    m_paletteAction = make("commandPaletteAction", tr("&Go to Item…"), icon("search"),
                           QKeySequence(tr("Ctrl+K")), tr("Jump to any item by name"));
    m_newSubscriptionAction =
        make("newSubscriptionAction", tr("New &Subscription…"), icon("subscription"),
             QKeySequence(tr("Ctrl+Shift+N")), tr("Create a subscription and show its keys once"));
    m_focusExplorerAction = make("focusExplorerAction", tr("&Explorer"), QIcon(),
                                 QKeySequence(tr("Ctrl+1")), tr("Move the focus to the explorer"));
    m_focusEditorAction = make("focusEditorAction", tr("E&ditor"), QIcon(),
                               QKeySequence(tr("Ctrl+2")), tr("Move the focus to the editor"));
    m_revalidateAction = make("revalidateAction", tr("&Validate Workspace"), icon("ok"),
                              QKeySequence(tr("F5")), tr("Check the whole workspace again"));

    m_importAction = make("importOpenApiAction", tr("&Import OpenAPI…"), icon("import"),
                          QKeySequence(tr("Ctrl+I")),
                          tr("Add an API from an OpenAPI or Swagger file (or drop the file here)"));
    m_renameAction = make("renameItemAction", tr("Re&name…"), QIcon(), QKeySequence(tr("F2")),
                          tr("Rename the selected item"));
    m_deleteAction = make("deleteItemAction", tr("&Delete"), icon("remove"),
                          QKeySequence(QKeySequence::Delete), tr("Delete the selected item"));
    // Delete and F2 act on the explorer only, so that text fields keep their keys.
    for (QAction* action : {m_renameAction, m_deleteAction}) {
        removeAction(action);
        action->setShortcutContext(Qt::WidgetShortcut);
        m_treeView->addAction(action);
    }
    m_treeView->setContextMenuPolicy(Qt::ActionsContextMenu);
    for (QAction* action : {m_gatewayPanel->startAction(), m_gatewayPanel->stopAction(),
                            m_gatewayPanel->restartAction()})
        addAction(action);
    connect(m_importAction, &QAction::triggered, this, &MainWindow::chooseAndImportOpenApi);
    connect(m_renameAction, &QAction::triggered, this, [this] { renameItem(currentItem()); });
    connect(m_deleteAction, &QAction::triggered, this, [this] { deleteItem(currentItem()); });

    connect(m_newAction, &QAction::triggered, this, &MainWindow::newWorkspace);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::chooseAndOpenWorkspace);
    connect(m_saveAction, &QAction::triggered, this, &MainWindow::saveWorkspace);
    connect(m_quitAction, &QAction::triggered, this, &MainWindow::close);
    connect(m_paletteAction, &QAction::triggered, m_palette, &CommandPalette::popup);
    connect(m_newSubscriptionAction, &QAction::triggered, this, &MainWindow::createSubscription);
    connect(m_focusExplorerAction, &QAction::triggered, this,
            [this] { m_treeView->setFocus(Qt::ShortcutFocusReason); });
    connect(m_focusEditorAction, &QAction::triggered, this, [this] {
        if (m_editor)
            m_editor->nextInFocusChain()->setFocus(Qt::ShortcutFocusReason);
    });
    connect(m_revalidateAction, &QAction::triggered, m_document, &WorkspaceDocument::revalidate);
}

void MainWindow::createAppearanceMenu(QMenu* view) {
    QMenu* appearance = view->addMenu(tr("&Appearance"));
    appearance->setObjectName(QStringLiteral("appearanceMenu"));
    auto* group = new QActionGroup(appearance);
    const std::pair<AppearancePreference, QString> choices[] = {
        {AppearancePreference::System, tr("Follow the &System")},
        {AppearancePreference::Light, tr("&Light")},
        {AppearancePreference::Dark, tr("&Dark")}};
    for (const auto& [preference, text] : choices) {
        QAction* action = appearance->addAction(text);
        const QString name = Appearance::nameOf(preference);
        action->setObjectName(
            QStringLiteral("appearance%1Action").arg(name.left(1).toUpper() + name.mid(1)));
        action->setCheckable(true);
        action->setChecked(m_appearance->preference() == preference);
        group->addAction(action);
        connect(action, &QAction::triggered, this,
                [this, preference = preference] { m_appearance->setPreference(preference); });
        connect(m_appearance, &Appearance::preferenceChanged, action,
                [action, preference = preference](AppearancePreference now) {
                    action->setChecked(now == preference);
                });
    }
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    file->addAction(m_newAction);
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    fillRecentMenu();
    file->addSeparator();
    file->addAction(m_importAction);
    file->addSeparator();
    file->addAction(m_saveAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("editMenu"));
    edit->addAction(m_undoAction);
    edit->addAction(m_redoAction);
    edit->addSeparator();
    edit->addAction(m_newSubscriptionAction);
    edit->addAction(m_renameAction);
    edit->addAction(m_deleteAction);
    edit->addSeparator();
    edit->addAction(m_paletteAction);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    view->addAction(m_focusExplorerAction);
    view->addAction(m_focusEditorAction);
    m_problemsAction = view->addAction(icon("problems"), tr("&Problems"));
    m_problemsAction->setObjectName(QStringLiteral("problemsAction"));
    m_problemsAction->setShortcut(QKeySequence(tr("Ctrl+3")));
    m_gatewayPanelAction = view->addAction(icon("gateway"), tr("&Gateway"));
    m_gatewayPanelAction->setObjectName(QStringLiteral("gatewayPanelAction"));
    m_gatewayPanelAction->setShortcut(QKeySequence(tr("Ctrl+4")));
    view->addSeparator();
    view->addAction(m_revalidateAction);
    view->addSeparator();
    createAppearanceMenu(view);

    QMenu* gateway = menuBar()->addMenu(tr("&Gateway"));
    gateway->setObjectName(QStringLiteral("gatewayMenu"));
    gateway->addAction(m_gatewayPanel->startAction());
    gateway->addAction(m_gatewayPanel->stopAction());
    gateway->addAction(m_gatewayPanel->restartAction());
    gateway->addSeparator();
    gateway->addAction(m_gatewayPanelAction);
}

void MainWindow::createToolBar() {
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(18, 18));
    bar->addAction(m_newAction);
    bar->addAction(m_openAction);
    bar->addAction(m_saveAction);
    bar->addSeparator();
    bar->addAction(m_undoAction);
    bar->addAction(m_redoAction);
    bar->addSeparator();
    bar->addAction(m_newSubscriptionAction);
    bar->addAction(m_revalidateAction);
    bar->addSeparator();
    bar->addAction(m_gatewayPanel->startAction());
    bar->addAction(m_gatewayPanel->stopAction());
    bar->addSeparator();
    bar->addAction(m_paletteAction);
    // Icons only for the actions whose meaning the icon carries alone.
    for (QAction* action :
         {m_undoAction, m_redoAction, m_revalidateAction, m_gatewayPanel->stopAction()})
        if (auto* button = bar->widgetForAction(action))
            static_cast<QToolButton*>(button)->setToolButtonStyle(Qt::ToolButtonIconOnly);
}

void MainWindow::createDocks() {
    m_problemsView = new QTableView(this);
    m_problemsView->setObjectName(QStringLiteral("problemsTableView"));
    m_problemsView->setAccessibleName(tr("Problems"));
    m_problemsView->setModel(m_problemsModel);
    m_problemsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_problemsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_problemsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_problemsView->setShowGrid(false);
    m_problemsView->setAlternatingRowColors(true);
    m_problemsView->setWordWrap(false);
    m_problemsView->verticalHeader()->hide();
    m_problemsView->horizontalHeader()->setSectionResizeMode(ProblemsModel::SeverityColumn,
                                                             QHeaderView::ResizeToContents);
    m_problemsView->horizontalHeader()->setSectionResizeMode(ProblemsModel::CodeColumn,
                                                             QHeaderView::ResizeToContents);
    m_problemsView->horizontalHeader()->setSectionResizeMode(ProblemsModel::MessageColumn,
                                                             QHeaderView::Stretch);
    m_problemsView->horizontalHeader()->setSectionResizeMode(ProblemsModel::LocationColumn,
                                                             QHeaderView::ResizeToContents);
    auto jump = [this](const QModelIndex& index) {
        const ItemRef ref = m_problemsModel->itemAt(index.row());
        if (!ref.isValid())
            return;
        selectItem(ref);
        focusDiagnosticField(index.row());
    };
    connect(m_problemsView, &QTableView::doubleClicked, this, jump);
    connect(m_problemsView, &QTableView::activated, this, jump);

    auto* dock = new QDockWidget(tr("Problems"), this);
    dock->setObjectName(QStringLiteral("problemsDockWidget"));
    dock->setWidget(m_problemsView);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    resizeDocks({dock}, {150}, Qt::Vertical);
    connect(m_problemsAction, &QAction::triggered, this, [this, dock] {
        dock->show();
        dock->raise();
        m_problemsView->setFocus(Qt::ShortcutFocusReason);
    });

    auto* gatewayDock = new QDockWidget(tr("Local Gateway"), this);
    gatewayDock->setObjectName(QStringLiteral("gatewayDockWidget"));
    gatewayDock->setWidget(m_gatewayPanel);
    gatewayDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    addDockWidget(Qt::BottomDockWidgetArea, gatewayDock);
    tabifyDockWidget(dock, gatewayDock);
    dock->raise();
    auto showGateway = [gatewayDock] {
        gatewayDock->show();
        gatewayDock->raise();
    };
    connect(m_gatewayPanelAction, &QAction::triggered, this, [this, showGateway] {
        showGateway();
        m_gatewayPanel->setFocus(Qt::ShortcutFocusReason);
    });
    // Starting the gateway brings its panel forward.
    connect(m_gatewayPanel->startAction(), &QAction::triggered, this, showGateway);
    connect(m_gatewayPanel->restartAction(), &QAction::triggered, this, showGateway);
}

void MainWindow::createStatusBar() {
    m_workspaceLabel = new QLabel(this);
    m_workspaceLabel->setObjectName(QStringLiteral("workspaceStatusLabel"));
    m_workspaceLabel->setAccessibleName(tr("Workspace"));
    m_validationLabel = new QLabel(this);
    m_validationLabel->setObjectName(QStringLiteral("validationStatusLabel"));
    m_validationLabel->setAccessibleName(tr("Validation state"));
    m_validationLabel->setTextFormat(Qt::RichText);
    m_gatewayLabel = new QLabel(m_gatewayPanel->statusText(), this);
    m_gatewayLabel->setObjectName(QStringLiteral("gatewayStatusLabel"));
    m_gatewayLabel->setAccessibleName(tr("Gateway state"));
    m_gatewayLabel->setContentsMargins(0, 0, 12, 0);
    connect(m_gatewayPanel, &GatewayPanel::statusTextChanged, m_gatewayLabel, &QLabel::setText);
    statusBar()->addWidget(m_workspaceLabel, 1);
    statusBar()->addPermanentWidget(m_gatewayLabel);
    statusBar()->addPermanentWidget(m_validationLabel);
}

bool MainWindow::openWorkspace(const QString& directory) {
    if (!maybeSave())
        return false;
    const QString error = m_document->open(directory);
    if (!error.isEmpty()) {
        MessageBox::warning(this, tr("Cannot open workspace"), error);
        return false;
    }
    addRecent(m_document->rootPath());
    // Show what is there: the APIs folder open, the first API selected.
    m_treeView->expand(m_treeModel->index(1, 0));
    if (!m_document->workspace().apis.empty() && !m_editor)
        selectItem(refOf(m_document->workspace().apis.front()));
    return true;
}

bool MainWindow::saveWorkspace() {
    if (!m_document->isOpen())
        return false;
    const QString error = m_document->save();
    if (!error.isEmpty()) {
        MessageBox::warning(this, tr("Cannot save workspace"), error);
        return false;
    }
    statusBar()->showMessage(tr("Saved"), 3000);
    m_gatewayPanel->workspaceSaved();
    return true;
}

bool MainWindow::maybeSave() {
    if (!m_document->isDirty())
        return true;
    const auto answer = MessageBox::question(
        this, tr("Unsaved changes"),
        tr("The workspace “%1” has unsaved changes. Save them?").arg(m_document->name()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return saveWorkspace();
    return answer == QMessageBox::Discard;
}

void MainWindow::newWorkspace() {
    if (!maybeSave())
        return;
    const QString directory = FileDialog::getExistingDirectory(
        this, tr("Choose an empty folder for the new workspace"), QDir::homePath());
    if (directory.isEmpty())
        return;
    const QString error = m_document->createEmpty(directory);
    if (!error.isEmpty()) {
        MessageBox::warning(this, tr("Cannot create workspace"), error);
        return;
    }
    addRecent(m_document->rootPath());
}

void MainWindow::chooseAndOpenWorkspace() {
    const QStringList recent = recentWorkspaces();
    const QString directory = FileDialog::getExistingDirectory(
        this, tr("Open a workspace folder"), recent.isEmpty() ? QDir::homePath() : recent.first());
    if (!directory.isEmpty())
        openWorkspace(directory);
}

void MainWindow::createSubscription() {
    if (!m_document->isOpen())
        return;
    const ItemRef ref = createSubscriptionWithKeys({m_document, m_secrets}, this);
    if (ref.isValid())
        selectItem(ref);
}

void MainWindow::chooseAndImportOpenApi() {
    if (!m_document->isOpen())
        return;
    const QString file =
        FileDialog::getOpenFileName(this, tr("Import an OpenAPI specification"), QDir::homePath(),
                                    tr("OpenAPI and Swagger (*.yaml *.yml *.json);;All files (*)"));
    if (!file.isEmpty())
        importOpenApiFile(file);
}

bool MainWindow::importOpenApiFile(const QString& file) {
    ItemRef added;
    const QString error = importOpenApi(m_document, file, &added);
    if (!error.isEmpty()) {
        MessageBox::warning(this, tr("Cannot import the specification"), error);
        return false;
    }
    selectItem(added);
    statusBar()->showMessage(tr("Imported API “%1”").arg(added.id), 5000);
    return true;
}

bool MainWindow::deleteItem(const ItemRef& ref) {
    if (!m_document->isOpen() || !canDeleteOrRename(ref))
        return false;
    // Say why not before asking whether.
    if (const QString refused = deleteRefusal(m_document, ref); !refused.isEmpty()) {
        MessageBox::warning(this, tr("Cannot delete"), refused);
        return false;
    }
    const auto answer = MessageBox::question(
        this, tr("Delete"),
        tr("Delete “%1”? You can undo this with %2 until you close the workspace.")
            .arg(ref.id, QKeySequence(QKeySequence::Undo).toString(QKeySequence::NativeText)),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return false;
    const QString error = ui::deleteItem(m_document, ref);
    if (!error.isEmpty()) {
        MessageBox::warning(this, tr("Cannot delete"), error);
        return false;
    }
    statusBar()->showMessage(tr("Deleted “%1”").arg(ref.id), 5000);
    return true;
}

bool MainWindow::renameItem(const ItemRef& ref) {
    if (!m_document->isOpen() || !canDeleteOrRename(ref))
        return false;
    const auto name =
        InputDialog::getText(this, tr("Rename"), tr("New name for “%1”:").arg(ref.id), ref.id);
    if (!name || name->trimmed() == ref.id)
        return false;
    const QString newId = name->trimmed();
    const QString error = ui::renameItem(m_document, ref, newId);
    if (!error.isEmpty()) {
        MessageBox::warning(this, tr("Cannot rename"), error);
        return false;
    }
    selectItem({ref.kind, newId, ref.parentId});
    return true;
}

void MainWindow::updateItemActions() {
    const bool editable = m_document->isOpen() && canDeleteOrRename(m_currentRef);
    m_deleteAction->setEnabled(editable);
    m_renameAction->setEnabled(editable);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (m_document->isOpen() && !specificationFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QStringList files = specificationFiles(event->mimeData());
    if (files.isEmpty() || !m_document->isOpen())
        return;
    event->acceptProposedAction();
    for (const QString& file : files)
        importOpenApiFile(file);
}

void MainWindow::fillRecentMenu() {
    m_recentMenu->clear();
    const QStringList recent = recentWorkspaces();
    for (int i = 0; i < recent.size(); ++i) {
        const QString& path = recent.at(i);
        QAction* action =
            m_recentMenu->addAction(tr("&%1 %2").arg(i + 1).arg(QDir::toNativeSeparators(path)));
        action->setData(path);
        connect(action, &QAction::triggered, this, [this, path] { openWorkspace(path); });
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("No recent workspaces"))->setEnabled(false);
    else {
        m_recentMenu->addSeparator();
        connect(m_recentMenu->addAction(tr("Clear Menu")), &QAction::triggered, this,
                [] { QSettings().remove(kRecentKey); });
    }
}

QStringList MainWindow::recentWorkspaces() {
    return QSettings().value(kRecentKey).toStringList();
}

void MainWindow::addRecent(const QString& directory) {
    QStringList recent = recentWorkspaces();
    const QString path = QDir::cleanPath(QDir(directory).absolutePath());
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    QSettings().setValue(kRecentKey, recent);
}

void MainWindow::selectItem(const ItemRef& ref) {
    const QModelIndex index = m_treeModel->indexFor(ref);
    if (!index.isValid())
        return;
    m_treeView->expand(index.parent());
    m_treeView->scrollTo(index);
    m_treeView->setCurrentIndex(index);
    if (ref != m_currentRef)
        showEditorFor(ref);
}

void MainWindow::focusDiagnosticField(int row) {
    const QString file = m_problemsModel->fileAt(row);
    const int line = m_problemsModel->lineAt(row);
    if (!m_editor || line <= 0 || !file.endsWith(QLatin1String(".yaml")))
        return;
    QFile yaml(QDir(m_document->rootPath()).filePath(file));
    if (!yaml.open(QIODevice::ReadOnly | QIODevice::Text))
        return;
    const QString key = yamlKeyAtLine(QString::fromUtf8(yaml.readAll()), line);
    if (QWidget* field = m_editor->focusField(key))
        m_editorArea->ensureWidgetVisible(field);
}

void MainWindow::showEditorFor(const ItemRef& ref) {
    m_currentRef = ref;
    updateItemActions();
    Editor* editor = createEditor({m_document, m_secrets}, ref, m_editorArea);
    QWidget* old = m_editorArea->takeWidget();
    if (old)
        old->deleteLater();
    m_placeholder = nullptr;
    m_editor = editor;
    if (editor) {
        m_editorArea->setWidget(editor);
    } else {
        auto* label = new QLabel(tr("Nothing to edit here."), m_editorArea);
        label->setAlignment(Qt::AlignCenter);
        m_editorArea->setWidget(m_placeholder = label);
    }
}

void MainWindow::onTreeReset() {
    if (!m_currentRef.isValid())
        return;
    const QModelIndex index = m_treeModel->indexFor(m_currentRef);
    if (index.isValid()) {
        m_treeView->expand(index.parent());
        const QSignalBlocker blocker(m_treeView->selectionModel());
        m_treeView->setCurrentIndex(index);
        return;
    }
    if (m_document->isOpen() && !itemExists(m_document->workspace(), m_currentRef)) {
        m_currentRef = {};
        updateItemActions();
        delete m_editor;
        auto* label = new QLabel(tr("The item was removed."), m_editorArea);
        label->setAlignment(Qt::AlignCenter);
        m_editorArea->setWidget(m_placeholder = label);
    }
}

void MainWindow::updateTitle() {
    if (m_document->isOpen()) {
        setWindowTitle(tr("%1[*] — Portico Studio").arg(m_document->name()));
        m_workspaceLabel->setText(tr("%1 — %2").arg(
            m_document->name(), QDir::toNativeSeparators(m_document->rootPath())));
    } else {
        setWindowTitle(tr("Portico Studio"));
        m_workspaceLabel->setText(tr("No workspace"));
    }
    setWindowModified(m_document->isDirty());
    m_saveAction->setEnabled(m_document->isOpen());
    m_newSubscriptionAction->setEnabled(m_document->isOpen());
    m_revalidateAction->setEnabled(m_document->isOpen());
    m_importAction->setEnabled(m_document->isOpen());
    updateItemActions();
}

void MainWindow::updateValidationStatus() {
    const auto& d = m_document->diagnostics();
    QString text;
    if (!m_document->isOpen())
        text.clear();
    else if (d.empty())
        text = tr("<img src=\":/icons/ok.svg\" width=14 height=14> Valid");
    else
        text = tr("<img src=\":/icons/%1.svg\" width=14 height=14> %2, %3")
                   .arg(d.hasErrors() ? QStringLiteral("error") : QStringLiteral("warning"))
                   .arg(d.errorCount() == 1 ? tr("1 error") : tr("%1 errors").arg(d.errorCount()))
                   .arg(d.warningCount() == 1 ? tr("1 warning")
                                              : tr("%1 warnings").arg(d.warningCount()));
    m_validationLabel->setText(text);
    m_validationLabel->setToolTip(
        tr("Double-click a row of the Problems panel to go to the item."));
}

void MainWindow::readSettings() {
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(kStateKey).toByteArray());
}

void MainWindow::writeSettings() {
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    writeSettings();
    event->accept();
}

} // namespace portico::ui
