#include "test_support.h"

#include "ui/common/file_dialog.h"
#include "ui/common/message_box.h"
#include "ui/editors/editor.h"
#include "ui/explorer/workspace_tree_model.h"
#include "ui/mainwindow/main_window.h"
#include "ui/workspace/workspace_document.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QTableView>
#include <QTest>
#include <QTreeView>

#include <memory>

using namespace portico;
using ui::ItemKind;
using ui::ItemRef;
using ui::MainWindow;

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void opensTheSampleWorkspaceIntoTheExplorer();
    void remembersOpenedWorkspacesAsRecent();
    void clickingAnApiInTheTreeOpensItsEditor();
    void typingADisplayNameMarksTheWindowDirtyAndUndoRestoresIt();
    void redoReappliesTheUndoneEdit();
    void savingClearsTheDirtyMarkerAndAReloadShowsTheEdit();
    void invalidPathIsFlaggedWhileTyping();
    void policyEditsGoThroughTheSameUndoStack();
    void commandPaletteJumpsToTheChosenItem();
    void commandPaletteAlsoRunsWindowCommands();
    void closingWithUnsavedChangesAsksAndCanBeCancelled();
    void problemsPanelListsTheDiagnosticsOfABrokenWorkspace();
    void doubleClickingAProblemSelectsItsItem();
    void refusesAFolderThatIsNotAWorkspace();
    void newWorkspaceIsCreatedInAnEmptyFolder();

private:
    QString freshCopyOfSample();
    QModelIndex treeIndex(const ItemRef& ref) const;
    void clickTreeItem(const ItemRef& ref);
    template <class T> T* field(const char* name) const {
        auto* widget = m_window->findChild<T*>(QLatin1String(name));
        if (!widget)
            qWarning("no widget named %s", name);
        return widget;
    }

    std::unique_ptr<QTemporaryDir> m_temp;
    std::unique_ptr<test::MemorySecretStore> m_secrets;
    std::unique_ptr<MainWindow> m_window;
    QString m_workspace;
};

void TestMainWindow::initTestCase() {
    m_temp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_temp->isValid());
    test::useTemporarySettings(m_temp->filePath(QStringLiteral("settings")));
    QVERIFY2(QFileInfo::exists(test::sampleWorkspace() + QStringLiteral("/portico.yaml")),
             "the sample workspace is missing");
}

QString TestMainWindow::freshCopyOfSample() {
    static int n = 0;
    const QString dir = m_temp->filePath(QStringLiteral("ws%1").arg(++n));
    if (!test::copyDirectory(test::sampleWorkspace(), dir))
        return {};
    return dir;
}

void TestMainWindow::init() {
    m_secrets = std::make_unique<test::MemorySecretStore>();
    m_window = std::make_unique<MainWindow>(m_secrets.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_workspace = freshCopyOfSample();
    QVERIFY(!m_workspace.isEmpty());
    QVERIFY(m_window->openWorkspace(m_workspace));
}

void TestMainWindow::cleanup() {
    // Never block on the close prompt.
    ui::MessageBox::setNextAnswer(QMessageBox::Discard);
    m_window->close();
    m_window.reset();
    m_secrets.reset();
    // An answer the test did not need must not leak into the next one.
    ui::MessageBox::clearNextAnswer();
}

QModelIndex TestMainWindow::treeIndex(const ItemRef& ref) const {
    auto* tree = m_window->findChild<QTreeView*>(QStringLiteral("explorerTreeView"));
    auto* model = qobject_cast<ui::WorkspaceTreeModel*>(tree->model());
    return model->indexFor(ref);
}

void TestMainWindow::clickTreeItem(const ItemRef& ref) {
    auto* tree = field<QTreeView>("explorerTreeView");
    const QModelIndex index = treeIndex(ref);
    QVERIFY(index.isValid());
    tree->expand(index.parent());
    tree->scrollTo(index);
    const QRect rect = tree->visualRect(index);
    QVERIFY(rect.isValid());
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, rect.center());
}

void TestMainWindow::opensTheSampleWorkspaceIntoTheExplorer() {
    auto* tree = field<QTreeView>("explorerTreeView");
    QVERIFY(tree);
    const QModelIndex orders = treeIndex({ItemKind::Api, QStringLiteral("orders"), {}});
    QVERIFY(orders.isValid());
    QCOMPARE(orders.data().toString(), QStringLiteral("Orders API"));
    QVERIFY2(tree->model()->rowCount(orders) > 0, "the orders API shows its operations");
    QVERIFY(treeIndex({ItemKind::Product, QStringLiteral("starter"), {}}).isValid());
    QVERIFY(treeIndex({ItemKind::Subscription, QStringLiteral("ada-unlimited"), {}}).isValid());
    QVERIFY(treeIndex({ItemKind::User, QStringLiteral("ada"), {}}).isValid());
    QVERIFY(treeIndex({ItemKind::NamedValue, QStringLiteral("orders-backend-key"), {}}).isValid());
    QVERIFY(treeIndex({ItemKind::Backend, QStringLiteral("orders-backend"), {}}).isValid());
    QVERIFY(treeIndex({ItemKind::Fragment, QStringLiteral("cors-defaults"), {}}).isValid());
    QVERIFY(treeIndex({ItemKind::Gateway, QStringLiteral("local"), {}}).isValid());
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("Portico sample")));
    QVERIFY(!m_window->isWindowModified());
    QVERIFY(
        field<QLabel>("workspaceStatusLabel")->text().contains(QStringLiteral("Portico sample")));
}

void TestMainWindow::remembersOpenedWorkspacesAsRecent() {
    QCOMPARE(MainWindow::recentWorkspaces().value(0), QDir(m_workspace).absolutePath());
}

void TestMainWindow::clickingAnApiInTheTreeOpensItsEditor() {
    clickTreeItem({ItemKind::Api, QStringLiteral("inventory"), {}});
    QCOMPARE(m_window->currentItem().id, QStringLiteral("inventory"));
    auto* name = field<QLineEdit>("displayNameLineEdit");
    QVERIFY(name);
    QCOMPARE(name->text(),
             QString::fromStdString(
                 m_window->document()->workspace().findApi("inventory")->displayName));
}

void TestMainWindow::typingADisplayNameMarksTheWindowDirtyAndUndoRestoresIt() {
    clickTreeItem({ItemKind::Api, QStringLiteral("orders"), {}});
    auto* name = field<QLineEdit>("displayNameLineEdit");
    QVERIFY(name);
    name->setFocus();
    QTest::keyClick(name, Qt::Key_End);
    QTest::keyClicks(name, QStringLiteral(" v2"));

    const auto* api = m_window->document()->workspace().findApi("orders");
    QCOMPARE(QString::fromStdString(api->displayName), QStringLiteral("Orders API v2"));
    QVERIFY(m_window->isWindowModified());
    QCOMPARE(treeIndex({ItemKind::Api, QStringLiteral("orders"), {}}).data().toString(),
             QStringLiteral("Orders API v2"));

    // Ctrl+Z in the field undoes the whole typing burst through the workspace's undo stack.
    QTest::keySequence(name, QKeySequence::Undo);
    QCOMPARE(QString::fromStdString(api->displayName), QStringLiteral("Orders API"));
    QCOMPARE(name->text(), QStringLiteral("Orders API"));
    QVERIFY(!m_window->isWindowModified());
}

void TestMainWindow::redoReappliesTheUndoneEdit() {
    clickTreeItem({ItemKind::Api, QStringLiteral("orders"), {}});
    auto* path = field<QLineEdit>("pathLineEdit");
    path->setFocus();
    path->selectAll();
    QTest::keyClicks(path, QStringLiteral("shop/orders"));
    auto* undo = m_window->findChild<QAction*>(QStringLiteral("undoAction"));
    auto* redo = m_window->findChild<QAction*>(QStringLiteral("redoAction"));
    undo->trigger();
    QCOMPARE(path->text(), QStringLiteral("orders"));
    redo->trigger();
    QCOMPARE(path->text(), QStringLiteral("shop/orders"));
    QCOMPARE(m_window->document()->workspace().findApi("orders")->path, std::string("shop/orders"));
    QVERIFY(m_window->isWindowModified());
}

void TestMainWindow::savingClearsTheDirtyMarkerAndAReloadShowsTheEdit() {
    clickTreeItem({ItemKind::Api, QStringLiteral("orders"), {}});
    auto* name = field<QLineEdit>("displayNameLineEdit");
    name->setFocus();
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("Order Service"));
    QVERIFY(m_window->isWindowModified());

    QTest::keySequence(m_window.get(), QKeySequence::Save);
    QVERIFY(!m_window->isWindowModified());

    MainWindow reopened(m_secrets.get());
    QVERIFY(reopened.openWorkspace(m_workspace));
    QCOMPARE(
        QString::fromStdString(reopened.document()->workspace().findApi("orders")->displayName),
        QStringLiteral("Order Service"));
    QVERIFY(!reopened.isWindowModified());
}

void TestMainWindow::invalidPathIsFlaggedWhileTyping() {
    clickTreeItem({ItemKind::Api, QStringLiteral("orders"), {}});
    auto* path = field<QLineEdit>("pathLineEdit");
    QVERIFY(!path->property("invalid").toBool());
    path->setFocus();
    path->selectAll();
    QTest::keyClicks(path, QStringLiteral("/orders "));
    QVERIFY(path->property("invalid").toBool());
    QVERIFY(!path->toolTip().isEmpty());
    path->selectAll();
    QTest::keyClicks(path, QStringLiteral("orders"));
    QVERIFY(!path->property("invalid").toBool());
}

void TestMainWindow::policyEditsGoThroughTheSameUndoStack() {
    m_window->selectItem({ItemKind::GlobalPolicy, {}, {}});
    auto* xml = field<QPlainTextEdit>("policyPlainTextEdit");
    QVERIFY(xml);
    const std::string before = m_window->document()->workspace().globalPolicyXml;
    QCOMPARE(xml->toPlainText().toStdString(), before);
    xml->setFocus();
    xml->moveCursor(QTextCursor::Start);
    QTest::keyClicks(xml, QStringLiteral("<!-- reviewed -->"));
    QVERIFY(m_window->document()->workspace().globalPolicyXml.starts_with("<!-- reviewed -->"));
    QVERIFY(m_window->isWindowModified());
    QTest::keySequence(xml, QKeySequence::Undo);
    QCOMPARE(m_window->document()->workspace().globalPolicyXml, before);
    QCOMPARE(xml->toPlainText().toStdString(), before);

    // A broken tag is reported in place.
    xml->moveCursor(QTextCursor::End);
    QTest::keyClicks(xml, QStringLiteral("<oops"));
    QVERIFY(field<QLabel>("policyStatusLabel")->text().contains(QStringLiteral("Line")));
}

void TestMainWindow::commandPaletteJumpsToTheChosenItem() {
    QTest::keySequence(m_window.get(), QKeySequence(QStringLiteral("Ctrl+K")));
    auto* search = field<QLineEdit>("commandPaletteLineEdit");
    QVERIFY(search);
    QTRY_VERIFY(search->isVisible());
    QTRY_VERIFY(search->hasFocus());
    QTest::keyClicks(search, QStringLiteral("lovelace"));
    QCOMPARE(field<QListView>("commandPaletteListView")->model()->rowCount(), 1);
    QTest::keyClick(search, Qt::Key_Return);
    QVERIFY(!search->isVisible());
    QCOMPARE(m_window->currentItem(), (ItemRef{ItemKind::User, QStringLiteral("ada"), {}}));
    QCOMPARE(field<QLineEdit>("emailLineEdit")->text(), QStringLiteral("ada@example.com"));
}

void TestMainWindow::commandPaletteAlsoRunsWindowCommands() {
    clickTreeItem({ItemKind::User, QStringLiteral("ada"), {}});
    auto* last = field<QLineEdit>("lastNameLineEdit");
    last->setFocus();
    QTest::keyClicks(last, QStringLiteral("-King"));
    QVERIFY(m_window->isWindowModified());

    QTest::keySequence(m_window.get(), QKeySequence(QStringLiteral("Ctrl+K")));
    auto* search = field<QLineEdit>("commandPaletteLineEdit");
    QTRY_VERIFY(search->hasFocus());
    QTest::keyClicks(search, QStringLiteral("save"));
    QTest::keyClick(search, Qt::Key_Return);
    QVERIFY(!m_window->isWindowModified());
}

void TestMainWindow::closingWithUnsavedChangesAsksAndCanBeCancelled() {
    clickTreeItem({ItemKind::User, QStringLiteral("ada"), {}});
    auto* first = field<QLineEdit>("firstNameLineEdit");
    first->setFocus();
    QTest::keyClicks(first, QStringLiteral("X"));
    QVERIFY(m_window->isWindowModified());

    ui::MessageBox::setNextAnswer(QMessageBox::Cancel);
    QVERIFY(!m_window->close());
    QVERIFY(m_window->isVisible());
    QVERIFY(ui::MessageBox::lastText().contains(QStringLiteral("unsaved")));

    ui::MessageBox::setNextAnswer(QMessageBox::Discard);
    QVERIFY(m_window->close());
}

void TestMainWindow::problemsPanelListsTheDiagnosticsOfABrokenWorkspace() {
    const QString broken = m_temp->filePath(QStringLiteral("broken"));
    QVERIFY(test::copyDirectory(QStringLiteral(PORTICO_TEST_DATA "/broken-workspace"), broken));
    QVERIFY(m_window->openWorkspace(broken));
    auto* problems = field<QTableView>("problemsTableView");
    QVERIFY(problems);
    QVERIFY(problems->model()->rowCount() >= 2);
    QStringList locations;
    for (int row = 0; row < problems->model()->rowCount(); ++row)
        locations << problems->model()->index(row, 3).data().toString();
    QVERIFY2(
        locations.join(QLatin1Char(' ')).contains(QStringLiteral("products/broken/product.yaml")),
        qPrintable(locations.join(QLatin1Char(' '))));
    QVERIFY(field<QLabel>("validationStatusLabel")->text().contains(QStringLiteral("error")));
}

void TestMainWindow::doubleClickingAProblemSelectsItsItem() {
    const QString broken = m_temp->filePath(QStringLiteral("broken2"));
    QVERIFY(test::copyDirectory(QStringLiteral(PORTICO_TEST_DATA "/broken-workspace"), broken));
    QVERIFY(m_window->openWorkspace(broken));
    auto* problems = field<QTableView>("problemsTableView");
    int row = -1;
    for (int r = 0; r < problems->model()->rowCount(); ++r)
        if (problems->model()->index(r, 3).data().toString().startsWith(
                QStringLiteral("products/broken")))
            row = r;
    QVERIFY(row >= 0);
    const QModelIndex cell = problems->model()->index(row, 2);
    problems->scrollTo(cell);
    const QPoint at = problems->visualRect(cell).center();
    QTest::mouseClick(problems->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(problems->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(m_window->currentItem(), (ItemRef{ItemKind::Product, QStringLiteral("broken"), {}}));
    QVERIFY(field<QLabel>("itemProblemsLabel")->isVisible());
    // The problem is at the product's `apis:` list, so its control takes the focus.
    QCOMPARE(QApplication::focusWidget(), field<QWidget>("apisListWidget"));
}

void TestMainWindow::refusesAFolderThatIsNotAWorkspace() {
    ui::MessageBox::setNextAnswer(QMessageBox::Ok);
    QVERIFY(!m_window->openWorkspace(m_temp->filePath(QStringLiteral("settings"))));
    QVERIFY(ui::MessageBox::lastText().contains(QStringLiteral("portico.yaml")));
    // The open workspace stays.
    QCOMPARE(m_window->document()->rootPath(), QDir(m_workspace).absolutePath());
}

void TestMainWindow::newWorkspaceIsCreatedInAnEmptyFolder() {
    const QString fresh = m_temp->filePath(QStringLiteral("fresh"));
    QVERIFY(QDir().mkpath(fresh));
    ui::FileDialog::setNextDirectory(fresh);
    m_window->findChild<QAction*>(QStringLiteral("newAction"))->trigger();
    QCOMPARE(m_window->document()->rootPath(), QDir(fresh).absolutePath());
    QVERIFY(QFileInfo::exists(fresh + QStringLiteral("/portico.yaml")));
    QVERIFY(m_window->document()->workspace().apis.empty());
    QVERIFY(!m_window->isWindowModified());
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
