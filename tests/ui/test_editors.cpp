#include "test_support.h"

#include "ui/common/message_box.h"
#include "ui/editors/editor.h"
#include "ui/mainwindow/main_window.h"
#include "ui/workspace/workspace_document.h"

#include <QAbstractButton>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTest>

#include <memory>

using namespace portico;
using ui::ItemKind;
using ui::ItemRef;

// Each editor is a form over the model: edits land in the workspace as undo steps, and every
// control can be reached by name, by keyboard and by assistive technology.
class TestEditors : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void everyControlOfEveryEditorHasAnAccessibleName_data();
    void everyControlOfEveryEditorHasAnAccessibleName();
    void protocolCheckBoxesEditTheApiProtocols();
    void productApiChecklistIsOneUndoStepPerClick();
    void productLimitSpinBoxUsesZeroForUnlimited();
    void namedValueSwitchesBetweenPlainAndKeychainSecret();
    void namedValueStoresItsSecretInTheSecretStoreOnly();
    void backendUrlIsCheckedWhileTyping();
    void userGroupsAreEditedAsACommaSeparatedList();
    void subscriptionScopeOffersProductsAndApis();
    void operationShowsItsSpecificationReadOnly();
    void gatewayAddressesAreCheckedAndStoredAsAList();
    void windowGeometryIsRestoredFromSettings();

private:
    template <class T> T* field(const char* name) const {
        return m_window->findChild<T*>(QLatin1String(name));
    }
    const model::Workspace& ws() const { return m_window->document()->workspace(); }

    std::unique_ptr<QTemporaryDir> m_temp;
    std::unique_ptr<test::MemorySecretStore> m_secrets;
    std::unique_ptr<ui::MainWindow> m_window;
};

void TestEditors::initTestCase() {
    m_temp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_temp->isValid());
    test::useTemporarySettings(m_temp->filePath(QStringLiteral("settings")));
}

void TestEditors::init() {
    static int n = 0;
    const QString dir = m_temp->filePath(QStringLiteral("ws%1").arg(++n));
    QVERIFY(test::copyDirectory(test::sampleWorkspace(), dir));
    m_secrets = std::make_unique<test::MemorySecretStore>();
    m_window = std::make_unique<ui::MainWindow>(m_secrets.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->openWorkspace(dir));
}

void TestEditors::cleanup() {
    ui::MessageBox::setNextAnswer(QMessageBox::Discard);
    m_window->close();
    m_window.reset();
    m_secrets.reset();
    // An answer the test did not need must not leak into the next one.
    ui::MessageBox::clearNextAnswer();
}

void TestEditors::everyControlOfEveryEditorHasAnAccessibleName_data() {
    QTest::addColumn<ItemRef>("ref");
    QTest::newRow("api") << ItemRef{ItemKind::Api, QStringLiteral("orders"), {}};
    QTest::newRow("operation") << ItemRef{ItemKind::Operation, QStringLiteral("createOrder"),
                                          QStringLiteral("orders")};
    QTest::newRow("product") << ItemRef{ItemKind::Product, QStringLiteral("starter"), {}};
    QTest::newRow("subscription") << ItemRef{
        ItemKind::Subscription, QStringLiteral("ada-unlimited"), {}};
    QTest::newRow("user") << ItemRef{ItemKind::User, QStringLiteral("ada"), {}};
    QTest::newRow("named value") << ItemRef{
        ItemKind::NamedValue, QStringLiteral("orders-backend-key"), {}};
    QTest::newRow("backend") << ItemRef{ItemKind::Backend, QStringLiteral("orders-backend"), {}};
    QTest::newRow("fragment") << ItemRef{ItemKind::Fragment, QStringLiteral("cors-defaults"), {}};
    QTest::newRow("global policy") << ItemRef{ItemKind::GlobalPolicy, {}, {}};
    QTest::newRow("gateway") << ItemRef{ItemKind::Gateway, QStringLiteral("local"), {}};
}

void TestEditors::everyControlOfEveryEditorHasAnAccessibleName() {
    QFETCH(ItemRef, ref);
    m_window->selectItem(ref);
    ui::Editor* editor = m_window->currentEditor();
    QVERIFY(editor);
    QVERIFY(editor->objectName().endsWith(QLatin1String("Editor")));
    QStringList unnamed;
    const auto widgets = editor->findChildren<QWidget*>();
    for (QWidget* w : widgets) {
        const bool control = qobject_cast<QLineEdit*>(w) || qobject_cast<QComboBox*>(w) ||
                             qobject_cast<QAbstractButton*>(w) || qobject_cast<QSpinBox*>(w) ||
                             qobject_cast<QPlainTextEdit*>(w) || qobject_cast<QListWidget*>(w);
        // Parts of composite widgets (spin box, combo box, table corner) are not controls.
        if (!control || w->parent()->inherits("QAbstractSpinBox") ||
            w->parent()->inherits("QComboBox") || w->parent()->inherits("QAbstractItemView"))
            continue;
        // A button or check box is named by its own text.
        const auto* button = qobject_cast<QAbstractButton*>(w);
        if (w->accessibleName().isEmpty() && !(button && !button->text().isEmpty()))
            unnamed << QStringLiteral("%1 (%2)").arg(w->objectName(),
                                                     QLatin1String(w->metaObject()->className()));
    }
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));
}

void TestEditors::protocolCheckBoxesEditTheApiProtocols() {
    m_window->selectItem({ItemKind::Api, QStringLiteral("orders"), {}});
    auto* http = field<QCheckBox>("httpCheckBox");
    QVERIFY(http);
    QVERIFY(!http->isChecked());
    QTest::mouseClick(http, Qt::LeftButton);
    QCOMPARE(ws().findApi("orders")->protocols, (std::vector<std::string>{"https", "http"}));
    m_window->document()->undoStack()->undo();
    QCOMPARE(ws().findApi("orders")->protocols, (std::vector<std::string>{"https"}));
    QVERIFY(!http->isChecked());
}

void TestEditors::productApiChecklistIsOneUndoStepPerClick() {
    m_window->selectItem({ItemKind::Product, QStringLiteral("starter"), {}});
    auto* apis = field<QListWidget>("apisListWidget");
    QVERIFY(apis);
    QCOMPARE(apis->count(), 2);
    const auto before = ws().findProduct("starter")->apis;
    QVERIFY(before.size() == 2);
    apis->item(0)->setCheckState(Qt::Unchecked);
    QCOMPARE(ws().findProduct("starter")->apis.size(), std::size_t(1));
    apis->item(1)->setCheckState(Qt::Unchecked);
    QVERIFY(ws().findProduct("starter")->apis.empty());
    m_window->document()->undoStack()->undo();
    QCOMPARE(ws().findProduct("starter")->apis.size(), std::size_t(1));
    m_window->document()->undoStack()->undo();
    QCOMPARE(ws().findProduct("starter")->apis, before);
}

void TestEditors::productLimitSpinBoxUsesZeroForUnlimited() {
    m_window->selectItem({ItemKind::Product, QStringLiteral("starter"), {}});
    auto* limit = field<QSpinBox>("subscriptionsLimitSpinBox");
    QVERIFY(limit);
    limit->setValue(3);
    QCOMPARE(ws().findProduct("starter")->subscriptionsLimit, std::optional<int>(3));
    limit->setValue(0);
    QCOMPARE(ws().findProduct("starter")->subscriptionsLimit, std::optional<int>());
    QCOMPARE(limit->text(), QStringLiteral("Unlimited"));
}

void TestEditors::namedValueSwitchesBetweenPlainAndKeychainSecret() {
    m_window->selectItem({ItemKind::NamedValue, QStringLiteral("environment-name"), {}});
    auto* kind = field<QComboBox>("valueKindComboBox");
    auto* reference = field<QLineEdit>("secretReferenceLineEdit");
    QVERIFY(kind && reference);
    QCOMPARE(kind->currentIndex(), 0);
    QVERIFY(!reference->isEnabled());

    kind->setCurrentIndex(1);
    Q_EMIT kind->activated(1);
    const auto* nv = ws().findNamedValue("environment-name");
    QVERIFY(nv->secret && !nv->value);
    QCOMPARE(nv->secret->kind, model::SecretReference::Kind::Keychain);
    QCOMPARE(reference->text(), QStringLiteral("keychain:portico/environment-name"));
    QVERIFY(reference->isEnabled());
    QVERIFY(!reference->property("invalid").toBool());

    // A malformed reference is flagged while typing; the scheme typed decides the kind.
    reference->setFocus();
    reference->selectAll();
    QTest::keyClicks(reference, QStringLiteral("keychain:no-account"));
    QVERIFY(reference->property("invalid").toBool());
    reference->selectAll();
    QTest::keyClicks(reference, QStringLiteral("env:ENV_NAME"));
    QVERIFY(!reference->property("invalid").toBool());
    QCOMPARE(ws().findNamedValue("environment-name")->secret->kind,
             model::SecretReference::Kind::Env);
    QCOMPARE(kind->currentIndex(), 2);

    m_window->document()->undoStack()->undo(); // the reference typing
    m_window->document()->undoStack()->undo(); // the kind switch
    nv = ws().findNamedValue("environment-name");
    QVERIFY(!nv->secret);
    QCOMPARE(nv->value, std::optional<std::string>("local"));
}

void TestEditors::namedValueStoresItsSecretInTheSecretStoreOnly() {
    m_window->selectItem({ItemKind::NamedValue, QStringLiteral("orders-backend-key"), {}});
    auto* secret = field<QLineEdit>("secretValueLineEdit");
    QVERIFY(secret && secret->isVisible());
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    QTest::keyClicks(secret, QStringLiteral("hunter2"));
    QTest::mouseClick(field<QAbstractButton>("storeSecretPushButton"), Qt::LeftButton);
    QVERIFY(secret->text().isEmpty());
    QTRY_COMPARE(m_secrets->secret(QStringLiteral("portico"), QStringLiteral("orders-backend-key")),
                 QStringLiteral("hunter2"));
    QVERIFY(!m_window->isWindowModified());
}

void TestEditors::backendUrlIsCheckedWhileTyping() {
    m_window->selectItem({ItemKind::Backend, QStringLiteral("orders-backend"), {}});
    auto* url = field<QLineEdit>("urlLineEdit");
    QVERIFY(url);
    QVERIFY(!url->property("invalid").toBool());
    url->setFocus();
    url->selectAll();
    QTest::keyClicks(url, QStringLiteral("not a url"));
    QVERIFY(url->property("invalid").toBool());
    QCOMPARE(ws().findBackend("orders-backend")->url, std::string("not a url"));
    url->selectAll();
    QTest::keyClicks(url, QStringLiteral("https://orders.example.com/v1"));
    QVERIFY(!url->property("invalid").toBool());
}

void TestEditors::userGroupsAreEditedAsACommaSeparatedList() {
    m_window->selectItem({ItemKind::User, QStringLiteral("ada"), {}});
    auto* groups = field<QLineEdit>("groupsLineEdit");
    QCOMPARE(groups->text(), QStringLiteral("developers"));
    groups->setFocus();
    QTest::keyClick(groups, Qt::Key_End);
    QTest::keyClicks(groups, QStringLiteral(", admins"));
    QCOMPARE(ws().findUser("ada")->groups, (std::vector<std::string>{"developers", "admins"}));
}

void TestEditors::subscriptionScopeOffersProductsAndApis() {
    m_window->selectItem({ItemKind::Subscription, QStringLiteral("ada-unlimited"), {}});
    auto* scope = field<QComboBox>("scopeComboBox");
    QVERIFY(scope);
    QCOMPARE(scope->currentData().toString(), QStringLiteral("/products/unlimited"));
    const int orders = scope->findData(QStringLiteral("/apis/orders"));
    QVERIFY(orders >= 0);
    scope->setCurrentIndex(orders);
    Q_EMIT scope->activated(orders);
    QCOMPARE(ws().findSubscription("ada-unlimited")->scope, std::string("/apis/orders"));
}

void TestEditors::operationShowsItsSpecificationReadOnly() {
    m_window->selectItem(
        {ItemKind::Operation, QStringLiteral("createOrder"), QStringLiteral("orders")});
    auto* method = field<QLineEdit>("methodLineEdit");
    QVERIFY(method);
    QCOMPARE(method->text(), QStringLiteral("POST"));
    QVERIFY(method->isReadOnly());
    QCOMPARE(field<QLineEdit>("requiredScopesLineEdit")->text(), QStringLiteral("Orders.Write"));
    // Its policy is editable and lands in the API's operation policies.
    auto* xml = field<QPlainTextEdit>("policyPlainTextEdit");
    QVERIFY(xml);
    QVERIFY(!xml->toPlainText().isEmpty());
}

void TestEditors::gatewayAddressesAreCheckedAndStoredAsAList() {
    m_window->selectItem({ItemKind::Gateway, QStringLiteral("local"), {}});
    auto* listen = field<QLineEdit>("listenLineEdit");
    QVERIFY(listen);
    QCOMPARE(listen->text(), QStringLiteral("127.0.0.1:8080"));
    listen->setFocus();
    QTest::keyClick(listen, Qt::Key_End);
    QTest::keyClicks(listen, QStringLiteral(", [::1]:8080"));
    QVERIFY(!listen->property("invalid").toBool());
    QCOMPARE(ws().gateways.front().listen,
             (std::vector<std::string>{"127.0.0.1:8080", "[::1]:8080"}));
    QTest::keyClicks(listen, QStringLiteral(", nowhere"));
    QVERIFY(listen->property("invalid").toBool());
}

void TestEditors::windowGeometryIsRestoredFromSettings() {
    m_window->resize(1111, 777);
    ui::MessageBox::setNextAnswer(QMessageBox::Discard);
    QVERIFY(m_window->close());
    ui::MainWindow again(m_secrets.get());
    QCOMPARE(again.size(), QSize(1111, 777));
}

QTEST_MAIN(TestEditors)
#include "test_editors.moc"
