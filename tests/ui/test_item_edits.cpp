#include "test_support.h"

#include "ui/common/file_dialog.h"
#include "ui/common/input_dialog.h"
#include "ui/common/message_box.h"
#include "ui/explorer/workspace_tree_model.h"
#include "ui/mainwindow/main_window.h"
#include "ui/workspace/entity_lookup.h"
#include "ui/workspace/item_locator.h"
#include "ui/workspace/workspace_document.h"

#include <QAction>
#include <QApplication>
#include <QMimeData>
#include <QTest>
#include <QTreeView>
#include <QUrl>

#include <memory>

using namespace portico;
using ui::ItemKind;
using ui::ItemRef;

Q_DECLARE_METATYPE(ItemKind)

// Delete, rename and OpenAPI import through the main window's real actions.
class TestItemEdits : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void refusesToDeleteAnItemOthersReferToAndNamesThem_data();
    void refusesToDeleteAnItemOthersReferToAndNamesThem();
    void deletesAfterConfirmationAndUndoBringsItBack();
    void keepsTheItemWhenDeleteIsCancelled();
    void deleteKeyInTheExplorerDeletes();
    void deletedItemsLeaveTheDiskOnSave();
    void renamesAnItemAndUndoRestoresTheOldName();
    void refusesToRenameToAnInvalidOrTakenName_data();
    void refusesToRenameToAnInvalidOrTakenName();
    void refusesToRenameAnItemOthersReferTo();
    void importsOpenApiFromTheFileMenuAsOneUndoStep();
    void importsAJsonSpecificationDroppedOnTheWindow();
    void givesImportedApisUniqueIds();
    void reportsWhereABrokenSpecificationIsWrong();

private:
    QString freshCopyOfSample();
    bool exists(const ItemRef& ref) const;
    void select(const ItemRef& ref);
    void trigger(const char* action);

    std::unique_ptr<QTemporaryDir> m_temp;
    std::unique_ptr<test::MemorySecretStore> m_secrets;
    std::unique_ptr<ui::MainWindow> m_window;
    QString m_workspace;
};

void TestItemEdits::initTestCase() {
    m_temp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_temp->isValid());
    test::useTemporarySettings(m_temp->filePath(QStringLiteral("settings")));
}

QString TestItemEdits::freshCopyOfSample() {
    static int n = 0;
    const QString dir = m_temp->filePath(QStringLiteral("ws%1").arg(++n));
    return test::copyDirectory(test::sampleWorkspace(), dir) ? dir : QString();
}

void TestItemEdits::init() {
    m_secrets = std::make_unique<test::MemorySecretStore>();
    m_window = std::make_unique<ui::MainWindow>(m_secrets.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_workspace = freshCopyOfSample();
    QVERIFY(m_window->openWorkspace(m_workspace));
}

void TestItemEdits::cleanup() {
    ui::MessageBox::clearNextAnswer();
    ui::InputDialog::clearNextText();
    if (m_window)
        m_window->document()->undoStack()->setClean(); // no save prompt on close
    m_window.reset();
}

bool TestItemEdits::exists(const ItemRef& ref) const {
    return ui::itemExists(m_window->document()->workspace(), ref);
}

void TestItemEdits::select(const ItemRef& ref) {
    m_window->selectItem(ref);
    QCOMPARE(m_window->currentItem(), ref);
}

void TestItemEdits::trigger(const char* action) {
    auto* a = m_window->findChild<QAction*>(QLatin1String(action));
    QVERIFY2(a, action);
    QVERIFY2(a->isEnabled(), action);
    a->trigger();
}

void TestItemEdits::refusesToDeleteAnItemOthersReferToAndNamesThem_data() {
    QTest::addColumn<ItemKind>("kind");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QStringList>("referrers");
    QTest::newRow("API in products")
        << ItemKind::Api << QStringLiteral("orders")
        << QStringList{QStringLiteral("product “starter”"), QStringLiteral("product “unlimited”")};
    QTest::newRow("product with a subscription")
        << ItemKind::Product << QStringLiteral("unlimited")
        << QStringList{QStringLiteral("subscription “ada-unlimited”")};
    QTest::newRow("user owning a subscription")
        << ItemKind::User << QStringLiteral("ada")
        << QStringList{QStringLiteral("subscription “ada-unlimited”")};
    QTest::newRow("backend of an API") << ItemKind::Backend << QStringLiteral("orders-backend")
                                       << QStringList{QStringLiteral("API “orders”")};
    QTest::newRow("named value in a backend")
        << ItemKind::NamedValue << QStringLiteral("orders-backend-key")
        << QStringList{QStringLiteral("backend “orders-backend”")};
    QTest::newRow("named value in the global policy")
        << ItemKind::NamedValue << QStringLiteral("environment-name")
        << QStringList{QStringLiteral("the global policy")};
    QTest::newRow("fragment included by a policy")
        << ItemKind::Fragment << QStringLiteral("cors-defaults")
        << QStringList{QStringLiteral("the policy of API “orders”")};
}

void TestItemEdits::refusesToDeleteAnItemOthersReferToAndNamesThem() {
    QFETCH(ItemKind, kind);
    QFETCH(QString, id);
    QFETCH(QStringList, referrers);
    const ItemRef ref{kind, id, {}};
    select(ref);
    ui::MessageBox::setNextAnswer(QMessageBox::Ok); // answers the warning: nothing is asked
    trigger("deleteItemAction");
    QVERIFY(!ui::MessageBox::hasPendingAnswer());
    QVERIFY(exists(ref));
    QVERIFY(!m_window->document()->isDirty());
    const QString message = ui::MessageBox::lastText();
    for (const QString& referrer : referrers)
        QVERIFY2(message.contains(referrer), qPrintable(message));
}

void TestItemEdits::deletesAfterConfirmationAndUndoBringsItBack() {
    const ItemRef ref{ItemKind::Subscription, QStringLiteral("ada-unlimited"), {}};
    select(ref);
    ui::MessageBox::setNextAnswer(QMessageBox::Yes);
    trigger("deleteItemAction");
    QVERIFY(!exists(ref));
    QVERIFY(ui::MessageBox::lastText().contains(QStringLiteral("ada-unlimited")));
    QVERIFY(m_window->document()->isDirty());
    QVERIFY(!m_window->findChild<QAction*>(QStringLiteral("deleteItemAction"))->isEnabled());

    trigger("undoAction");
    QVERIFY(exists(ref));
    QVERIFY(!m_window->document()->isDirty());
    trigger("redoAction");
    QVERIFY(!exists(ref));
    // With the subscription gone, nothing refers to the user any more.
    const ItemRef ada{ItemKind::User, QStringLiteral("ada"), {}};
    select(ada);
    ui::MessageBox::setNextAnswer(QMessageBox::Yes);
    trigger("deleteItemAction");
    QVERIFY(!exists(ada));
}

void TestItemEdits::keepsTheItemWhenDeleteIsCancelled() {
    const ItemRef ref{ItemKind::Subscription, QStringLiteral("ada-unlimited"), {}};
    select(ref);
    ui::MessageBox::setNextAnswer(QMessageBox::Cancel);
    trigger("deleteItemAction");
    QVERIFY(exists(ref));
    QVERIFY(!m_window->document()->isDirty());
}

void TestItemEdits::deleteKeyInTheExplorerDeletes() {
    const ItemRef ref{ItemKind::NamedValue, QStringLiteral("inventory-signing-key"), {}};
    // The inventory API's policy uses it; drop that use first through the model.
    m_window->document()->setMember(ItemRef{ItemKind::Api, QStringLiteral("inventory"), {}},
                                    &model::Api::policyXml, std::string(), QStringLiteral("policy"),
                                    QStringLiteral("Clear policy"));
    select(ref);
    auto* tree = m_window->findChild<QTreeView*>(QStringLiteral("explorerTreeView"));
    tree->setFocus();
    QApplication::setActiveWindow(m_window.get());
    ui::MessageBox::setNextAnswer(QMessageBox::Yes);
    QTest::keyClick(tree, Qt::Key_Delete);
    QVERIFY(!exists(ref));
}

void TestItemEdits::deletedItemsLeaveTheDiskOnSave() {
    select({ItemKind::Subscription, QStringLiteral("ada-unlimited"), {}});
    ui::MessageBox::setNextAnswer(QMessageBox::Yes);
    trigger("deleteItemAction");
    trigger("saveAction");
    QVERIFY(!QFileInfo::exists(m_workspace + QStringLiteral("/subscriptions/ada-unlimited.yaml")));
}

void TestItemEdits::renamesAnItemAndUndoRestoresTheOldName() {
    const ItemRef before{ItemKind::Backend, QStringLiteral("orders-backend"), {}};
    // Point the API elsewhere so that nothing refers to the backend.
    m_window->document()->setMember(ItemRef{ItemKind::Api, QStringLiteral("orders"), {}},
                                    &model::Api::backendId, std::string(),
                                    QStringLiteral("backend"), QStringLiteral("Edit"));
    select(before);
    ui::InputDialog::setNextText(QStringLiteral("orders-origin"));
    trigger("renameItemAction");
    const ItemRef after{ItemKind::Backend, QStringLiteral("orders-origin"), {}};
    QVERIFY(exists(after));
    QVERIFY(!exists(before));
    QCOMPARE(m_window->currentItem(), after);

    trigger("saveAction");
    QVERIFY(QFileInfo::exists(m_workspace + QStringLiteral("/backends/orders-origin.yaml")));
    QVERIFY(!QFileInfo::exists(m_workspace + QStringLiteral("/backends/orders-backend.yaml")));

    trigger("undoAction");
    QVERIFY(exists(before));
    QVERIFY(!exists(after));
}

void TestItemEdits::refusesToRenameToAnInvalidOrTakenName_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("message");
    QTest::newRow("taken") << QStringLiteral("starter")
                           << QStringLiteral("already called “starter”");
    QTest::newRow("blank inside") << QStringLiteral("my product")
                                  << QStringLiteral("not a valid name");
    QTest::newRow("slash") << QStringLiteral("a/b") << QStringLiteral("not a valid name");
    QTest::newRow("leading dot") << QStringLiteral(".hidden") << QStringLiteral("not a valid name");
}

void TestItemEdits::refusesToRenameToAnInvalidOrTakenName() {
    QFETCH(QString, name);
    QFETCH(QString, message);
    // The unlimited product is referred to by a subscription; use the starter one's sibling.
    const ItemRef ref{ItemKind::Product, QStringLiteral("unlimited"), {}};
    select({ItemKind::Subscription, QStringLiteral("ada-unlimited"), {}});
    ui::MessageBox::setNextAnswer(QMessageBox::Yes);
    trigger("deleteItemAction");
    select(ref);
    ui::InputDialog::setNextText(name);
    ui::MessageBox::setNextAnswer(QMessageBox::Ok); // the warning is logged, not shown
    trigger("renameItemAction");
    QVERIFY(exists(ref));
    QVERIFY2(ui::MessageBox::lastText().contains(message), qPrintable(ui::MessageBox::lastText()));
}

void TestItemEdits::refusesToRenameAnItemOthersReferTo() {
    const ItemRef ref{ItemKind::Fragment, QStringLiteral("cors-defaults"), {}};
    select(ref);
    ui::InputDialog::setNextText(QStringLiteral("cors"));
    ui::MessageBox::setNextAnswer(QMessageBox::Ok);
    trigger("renameItemAction");
    QVERIFY(exists(ref));
    QVERIFY(ui::MessageBox::lastText().contains(QStringLiteral("the policy of API “orders”")));
}

void TestItemEdits::importsOpenApiFromTheFileMenuAsOneUndoStep() {
    ui::FileDialog::setNextFile(QStringLiteral(PORTICO_TEST_DATA "/openapi/petstore.yaml"));
    trigger("importOpenApiAction");
    const ItemRef ref{ItemKind::Api, QStringLiteral("pet-store"), {}};
    QVERIFY(exists(ref));
    QCOMPARE(m_window->currentItem(), ref);
    const auto* api = ui::findEntity<model::Api>(m_window->document()->workspace(), ref.id);
    QCOMPARE(api->displayName, std::string("Pet Store"));
    QCOMPARE(api->specification.operations.size(), std::size_t(2));
    QCOMPARE(api->specificationFile, std::string("openapi.yaml"));

    trigger("saveAction");
    QVERIFY(QFileInfo::exists(m_workspace + QStringLiteral("/apis/pet-store/openapi.yaml")));
    trigger("undoAction");
    QVERIFY(!exists(ref));
}

void TestItemEdits::importsAJsonSpecificationDroppedOnTheWindow() {
    auto* mime = new QMimeData;
    mime->setUrls({QUrl::fromLocalFile(QStringLiteral(PORTICO_TEST_DATA "/openapi/weather.json"))});
    const QPoint at = m_window->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(m_window.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(at), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(m_window.get(), &drop);
    QVERIFY(drop.isAccepted());
    delete mime;
    const ItemRef ref{ItemKind::Api, QStringLiteral("weather"), {}};
    QVERIFY(exists(ref));
    QCOMPARE(
        ui::findEntity<model::Api>(m_window->document()->workspace(), ref.id)->specificationFile,
        std::string("openapi.json"));
}

void TestItemEdits::givesImportedApisUniqueIds() {
    for (int i = 0; i < 2; ++i) {
        ui::FileDialog::setNextFile(QStringLiteral(PORTICO_TEST_DATA "/openapi/petstore.yaml"));
        trigger("importOpenApiAction");
    }
    const auto* second = ui::findEntity<model::Api>(m_window->document()->workspace(),
                                                    QStringLiteral("pet-store-2"));
    QVERIFY(second);
    QCOMPARE(second->path, std::string("pet-store-2"));
}

void TestItemEdits::reportsWhereABrokenSpecificationIsWrong() {
    const std::size_t apis = m_window->document()->workspace().apis.size();
    ui::FileDialog::setNextFile(QStringLiteral(PORTICO_TEST_DATA "/openapi/broken.yaml"));
    ui::MessageBox::setNextAnswer(QMessageBox::Ok);
    trigger("importOpenApiAction");
    QCOMPARE(m_window->document()->workspace().apis.size(), apis);
    QVERIFY(!m_window->document()->isDirty());
    const QString message = ui::MessageBox::lastText();
    QVERIFY2(message.contains(QStringLiteral("broken.yaml:")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("not imported")), qPrintable(message));
}

QTEST_MAIN(TestItemEdits)
#include "test_item_edits.moc"
