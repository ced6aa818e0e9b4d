#include "cli_runner.h"
#include "core/security/key_hash.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>

namespace {

QString storedHash(const QString& yaml, const QString& key) {
    return lineValue(yaml, QStringLiteral("\\s*") + key);
}

QStringList identity(std::initializer_list<const char*> words, const QString& ws) {
    QStringList args{QStringLiteral("identity")};
    for (const char* w : words)
        args << QString::fromUtf8(w);
    return args << QStringLiteral("--workspace") << ws;
}

QStringList identity(const QStringList& words, const QString& ws) {
    return QStringList{QStringLiteral("identity")} + words +
           QStringList{QStringLiteral("--workspace"), ws};
}

} // namespace

// `portico identity`: clients and users of the local identity provider, with secrets printed
// once and stored as salted hashes.
class TestCliIdentity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void clientAddPrintsTheSecretOnceAndStoresOnlyItsHash() {
        QTemporaryDir tmp;
        const QString ws = freshWorkspace(tmp);
        const auto r =
            runCli(identity({"client", "add", "--id", "daemon", "--grants", "client_credentials",
                             "--roles", "api://orders/Orders.Read"},
                            ws));
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        const QString secret = lineValue(r.out, QStringLiteral("client-secret"));
        QCOMPARE(secret.size(), 43);
        const QString yaml = readFile(ws + QStringLiteral("/identity/clients.yaml"));
        QVERIFY(!yaml.contains(secret));
        const QString hash = storedHash(yaml, QStringLiteral("secretHash"));
        QVERIFY(portico::security::verifySubscriptionKey(secret.toStdString(), hash.toStdString()));
        QVERIFY(r.err.contains(QStringLiteral("shown once")));
        QCOMPARE(runCli({QStringLiteral("validate"), ws}).exitCode, 0);
    }

    void clientSecretReplacesTheOldHash() {
        QTemporaryDir tmp;
        const QString ws = freshWorkspace(tmp);
        const auto first = runCli(
            identity({"client", "add", "--id", "daemon", "--grants", "client_credentials"}, ws));
        QCOMPARE(first.exitCode, 0);
        const auto second = runCli(identity({"client", "secret", "--id", "daemon"}, ws));
        QCOMPARE(second.exitCode, 0);
        const QString hash = storedHash(readFile(ws + QStringLiteral("/identity/clients.yaml")),
                                        QStringLiteral("secretHash"));
        const auto verifies = [&](const QString& secret) {
            return portico::security::verifySubscriptionKey(secret.toStdString(),
                                                            hash.toStdString());
        };
        QVERIFY(verifies(lineValue(second.out, QStringLiteral("client-secret"))));
        QVERIFY(!verifies(lineValue(first.out, QStringLiteral("client-secret"))));
    }

    void userAddPrintsAGeneratedPasswordOnce() {
        QTemporaryDir tmp;
        const QString ws = freshWorkspace(tmp);
        const auto r = runCli(identity({"user", "add", "--username", "alice@contoso.test"}, ws));
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        const QString password = lineValue(r.out, QStringLiteral("password"));
        QCOMPARE(password.size(), 43);
        const QString yaml = readFile(ws + QStringLiteral("/identity/users.yaml"));
        QVERIFY(!yaml.contains(password));
        QVERIFY(yaml.contains(QStringLiteral("objectId: ")));
        const auto again =
            runCli(identity({"user", "add", "--username", "ALICE@contoso.test"}, ws));
        QCOMPARE(again.exitCode, 1);
        QVERIFY(again.err.contains(QStringLiteral("already exists")));
    }

    void anEditThatWouldLeaveAnErrorIsRefusedAndUndone_data() {
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<QString>("reason");
        QTest::newRow("public client with client_credentials")
            << QStringList{QStringLiteral("client"),
                           QStringLiteral("add"),
                           QStringLiteral("--id"),
                           QStringLiteral("x"),
                           QStringLiteral("--public"),
                           QStringLiteral("--grants"),
                           QStringLiteral("client_credentials")}
            << QStringLiteral("cannot use client_credentials");
        QTest::newRow("unknown grant")
            << QStringList{QStringLiteral("client"),   QStringLiteral("add"),
                           QStringLiteral("--id"),     QStringLiteral("x"),
                           QStringLiteral("--grants"), QStringLiteral("password")}
            << QStringLiteral("unknown grant type 'password'");
        QTest::newRow("permission without resource")
            << QStringList{QStringLiteral("client"),   QStringLiteral("add"),
                           QStringLiteral("--id"),     QStringLiteral("x"),
                           QStringLiteral("--grants"), QStringLiteral("device_code"),
                           QStringLiteral("--scopes"), QStringLiteral("Orders.Read")}
            << QStringLiteral("is not a permission");
        QTest::newRow("bad tenant")
            << QStringList{QStringLiteral("tenant"), QStringLiteral("set"),
                           QStringLiteral("--tenant"), QStringLiteral("a/b")}
            << QStringLiteral("'tenant' must be");
    }

    void anEditThatWouldLeaveAnErrorIsRefusedAndUndone() {
        QFETCH(QStringList, words);
        QFETCH(QString, reason);
        QTemporaryDir tmp;
        const QString ws = freshWorkspace(tmp);
        const auto r = runCli(identity(words, ws));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QStringLiteral("identity/clients.yaml:")), qPrintable(r.out));
        QVERIFY2(r.out.contains(reason), qPrintable(r.out));
        QVERIFY(r.out.indexOf(QStringLiteral("client-secret:")) < 0);
        QCOMPARE(runCli({QStringLiteral("validate"), ws}).exitCode, 0); // undone
    }

    void badCommandLinesExitTwo_data() {
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<QString>("reason");
        QTest::newRow("one word") << QStringList{QStringLiteral("client")}
                                  << QStringLiteral("two words");
        QTest::newRow("unknown action")
            << QStringList{QStringLiteral("client"), QStringLiteral("remove")}
            << QStringLiteral("unknown identity action 'client remove'");
        QTest::newRow("no grants") << QStringList{QStringLiteral("client"), QStringLiteral("add"),
                                                  QStringLiteral("--id"), QStringLiteral("x")}
                                   << QStringLiteral("--grants is required");
        QTest::newRow("no username") << QStringList{QStringLiteral("user"), QStringLiteral("add")}
                                     << QStringLiteral("--username NAME is required");
    }

    void badCommandLinesExitTwo() {
        QFETCH(QStringList, words);
        QFETCH(QString, reason);
        QTemporaryDir tmp;
        const QString ws = freshWorkspace(tmp);
        const auto r = runCli(identity(words, ws));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(reason), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliIdentity)
#include "test_cli_identity.moc"
