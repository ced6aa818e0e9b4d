#include "test_support.h"

#include "core/security/key_hash.h"
#include "ui/common/message_box.h"
#include "ui/editors/subscription_keys.h"
#include "ui/mainwindow/main_window.h"
#include "ui/secrets/keychain_secret_store.h"
#include "ui/workspace/workspace_document.h"

#include <QAction>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace portico;
using ui::ItemKind;

// Talks to a real Secret Service (scripts/test starts gnome-keyring in a private D-Bus session).
// Without one these tests fail: a keychain that silently does nothing must not pass.
class TestKeychain : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void storesAndReadsBackASecret();
    void newSubscriptionShowsItsKeysOnceAndStoresThemInTheKeychain();
    void regeneratingAKeyReplacesTheHashAndTheKeychainEntry();

private:
    QString readBack(const QString& service, const QString& account, QString* error = nullptr);
    QString freshCopyOfSample();

    std::unique_ptr<QTemporaryDir> m_temp;
};

void TestKeychain::initTestCase() {
    m_temp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_temp->isValid());
    test::useTemporarySettings(m_temp->filePath(QStringLiteral("settings")));
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
             "no D-Bus session: run through scripts/test, which starts gnome-keyring");
}

QString TestKeychain::freshCopyOfSample() {
    static int n = 0;
    const QString dir = m_temp->filePath(QStringLiteral("ws%1").arg(++n));
    return test::copyDirectory(test::sampleWorkspace(), dir) ? dir : QString();
}

QString TestKeychain::readBack(const QString& service, const QString& account, QString* error) {
    ui::KeychainSecretStore store;
    bool done = false;
    QString secret;
    store.read(service, account, [&](const QString& value, const QString& failure) {
        secret = value;
        if (error)
            *error = failure;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 20000) && error)
        *error = QStringLiteral("timed out");
    return secret;
}

void TestKeychain::storesAndReadsBackASecret() {
    ui::KeychainSecretStore store;
    const QString service = QStringLiteral("portico-test");
    const QString account = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString secret = QStringLiteral("s3cr3t-%1").arg(account);

    bool written = false;
    QString error;
    store.write(service, account, secret, [&](const QString& failure) {
        error = failure;
        written = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(written, 20000);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    QString readError;
    QCOMPARE(readBack(service, account, &readError), secret);
    QVERIFY2(readError.isEmpty(), qPrintable(readError));

    bool removed = false;
    store.remove(service, account, [&](const QString& failure) {
        error = failure;
        removed = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(removed, 20000);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    readBack(service, account, &readError);
    QVERIFY2(!readError.isEmpty(), "a removed secret must be gone");
}

void TestKeychain::newSubscriptionShowsItsKeysOnceAndStoresThemInTheKeychain() {
    ui::MainWindow window; // the real OS keychain
    window.show();
    const QString dir = freshCopyOfSample();
    QVERIFY(window.openWorkspace(dir));
    const std::size_t before = window.document()->workspace().subscriptions.size();

    window.findChild<QAction*>(QStringLiteral("newSubscriptionAction"))->trigger();
    auto* dialog = window.findChild<QDialog*>(QStringLiteral("keyRevealDialog"));
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QPointer<QLineEdit> primaryEdit =
        dialog->findChild<QLineEdit*>(QStringLiteral("primaryKeyLineEdit"));
    auto* secondaryEdit = dialog->findChild<QLineEdit*>(QStringLiteral("secondaryKeyLineEdit"));
    QVERIFY(primaryEdit && secondaryEdit);
    const QString primary = primaryEdit->text();
    const QString secondary = secondaryEdit->text();
    QCOMPARE(primary.size(), 43);
    QVERIFY(primary != secondary);
    auto* status = dialog->findChild<QLabel*>(QStringLiteral("keychainStatusLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(!status->text().contains(QStringLiteral("…")), 20000);
    QVERIFY2(status->text().startsWith(QStringLiteral("Stored")), qPrintable(status->text()));

    const auto& ws = window.document()->workspace();
    QCOMPARE(ws.subscriptions.size(), before + 1);
    const QString id = window.currentItem().id;
    QCOMPARE(window.currentItem().kind, ItemKind::Subscription);
    const auto* sub = ws.findSubscription(id.toStdString());
    QVERIFY(sub);
    QVERIFY(security::verifySubscriptionKey(primary.toStdString(), sub->primaryKeyHash));
    QVERIFY(security::verifySubscriptionKey(secondary.toStdString(), sub->secondaryKeyHash));

    QString error;
    QCOMPARE(readBack(ui::subscriptionKeychainService(), ui::subscriptionKeyAccount(ws, id, true),
                      &error),
             primary);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(readBack(ui::subscriptionKeychainService(), ui::subscriptionKeyAccount(ws, id, false)),
             secondary);

    // Closing the dialog wipes the keys from the screen, and the saved workspace has only hashes.
    QTest::keyClick(dialog, Qt::Key_Escape);
    QVERIFY(primaryEdit.isNull() || primaryEdit->text().isEmpty());
    QVERIFY(window.saveWorkspace());
    QFile saved(dir + QStringLiteral("/subscriptions/") + id + QStringLiteral(".yaml"));
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QByteArray text = saved.readAll();
    QVERIFY(!text.contains(primary.toUtf8()));
    QVERIFY(text.contains(QByteArray::fromStdString(sub->primaryKeyHash)));

    ui::MessageBox::setNextAnswer(QMessageBox::Discard);
    window.close();
}

void TestKeychain::regeneratingAKeyReplacesTheHashAndTheKeychainEntry() {
    ui::MainWindow window;
    window.show();
    QVERIFY(window.openWorkspace(freshCopyOfSample()));
    window.selectItem({ItemKind::Subscription, QStringLiteral("ada-unlimited"), {}});
    const auto& ws = window.document()->workspace();
    const std::string oldHash = ws.findSubscription("ada-unlimited")->secondaryKeyHash;

    auto* regenerate =
        window.findChild<QPushButton*>(QStringLiteral("regenerateSecondaryKeyPushButton"));
    QVERIFY(regenerate);
    ui::MessageBox::setNextAnswer(QMessageBox::Yes);
    QTest::mouseClick(regenerate, Qt::LeftButton);

    auto* dialog = window.findChild<QDialog*>(QStringLiteral("keyRevealDialog"));
    QVERIFY(dialog);
    const QString key =
        dialog->findChild<QLineEdit*>(QStringLiteral("secondaryKeyLineEdit"))->text();
    QVERIFY(!dialog->findChild<QLineEdit*>(QStringLiteral("primaryKeyLineEdit")));
    auto* status = dialog->findChild<QLabel*>(QStringLiteral("keychainStatusLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("Stored")), 20000);

    const auto* sub = ws.findSubscription("ada-unlimited");
    QVERIFY(sub->secondaryKeyHash != oldHash);
    QVERIFY(security::verifySubscriptionKey(key.toStdString(), sub->secondaryKeyHash));
    QCOMPARE(readBack(ui::subscriptionKeychainService(),
                      ui::subscriptionKeyAccount(ws, QStringLiteral("ada-unlimited"), false)),
             key);
    QVERIFY(window.isWindowModified());

    // The regeneration is one undo step.
    window.document()->undoStack()->undo();
    QCOMPARE(ws.findSubscription("ada-unlimited")->secondaryKeyHash, oldHash);

    dialog->close();
    ui::MessageBox::setNextAnswer(QMessageBox::Discard);
    window.close();
}

QTEST_MAIN(TestKeychain)
#include "test_keychain.moc"
