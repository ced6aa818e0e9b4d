#include "cli_runner.h"
#include "core/security/key_hash.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>

namespace {

QString printedKey(const QString& out, const QString& which) {
    return lineValue(out, which + QStringLiteral("-key"));
}

bool verifies(const QString& key, const QString& hash) {
    return portico::security::verifySubscriptionKey(key.toStdString(), hash.toStdString());
}

QStringList sub(std::initializer_list<const char*> words, const QString& ws) {
    QStringList args{QStringLiteral("subscription")};
    for (const char* w : words)
        args << QString::fromUtf8(w);
    return args << QStringLiteral("--workspace") << ws;
}

} // namespace

class TestCliSubscription : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createPrintsBothKeysOnceAndStoresOnlyTheirHashes() {
        QTemporaryDir tmp;
        const QString ws = freshWorkspace(tmp);
        const auto r = runCli(
            sub({"create", "--id", "bob", "--scope", "/products/starter", "--owner", "ada"}, ws));
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        const QString primary = printedKey(r.out, QStringLiteral("primary"));
        const QString secondary = printedKey(r.out, QStringLiteral("secondary"));
        QCOMPARE(primary.size(), 43); // 32 bytes, base64url without padding
        QVERIFY(primary != secondary);
        QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]+$")).match(primary).hasMatch());

        const QString yaml = readFile(ws + QStringLiteral("/subscriptions/bob.yaml"));
        QVERIFY(!yaml.contains(primary));
        QVERIFY(!yaml.contains(secondary));
        QVERIFY(verifies(primary, lineValue(yaml, QStringLiteral("primaryKeyHash"))));
        QVERIFY(verifies(secondary, lineValue(yaml, QStringLiteral("secondaryKeyHash"))));
        QVERIFY(!verifies(primary, lineValue(yaml, QStringLiteral("secondaryKeyHash"))));
        QCOMPARE(lineValue(yaml, QStringLiteral("scope")), QStringLiteral("/products/starter"));
        QCOMPARE(lineValue(yaml, QStringLiteral("owner")), QStringLiteral("ada"));
        QCOMPARE(runCli({QStringLiteral("validate"), ws, QStringLiteral("--strict")}).exitCode, 0);
    }

    void regenerateReplacesOnlyTheChosenKey() {
        QTemporaryDir tmp;
        const QString ws = freshWorkspace(tmp);
        const auto created = runCli(sub({"create", "--id", "bob", "--scope", "/apis/orders"}, ws));
        QCOMPARE(created.exitCode, 0);
        const QString before = readFile(ws + QStringLiteral("/subscriptions/bob.yaml"));
        const auto r = runCli(sub({"regenerate", "--id", "bob", "--key", "secondary"}, ws));
        QCOMPARE(r.exitCode, 0);
        const QString fresh = printedKey(r.out, QStringLiteral("secondary"));
        QVERIFY(printedKey(r.out, QStringLiteral("primary")).isEmpty());
        const QString after = readFile(ws + QStringLiteral("/subscriptions/bob.yaml"));
        QCOMPARE(lineValue(after, QStringLiteral("primaryKeyHash")),
                 lineValue(before, QStringLiteral("primaryKeyHash")));
        QVERIFY(verifies(fresh, lineValue(after, QStringLiteral("secondaryKeyHash"))));
        QVERIFY(!verifies(printedKey(created.out, QStringLiteral("secondary")),
                          lineValue(after, QStringLiteral("secondaryKeyHash"))));
    }

    void suspendActivateAndCancelChangeTheState() {
        QTemporaryDir tmp;
        const QString ws = freshWorkspace(tmp);
        const QString file = ws + QStringLiteral("/subscriptions/ada-unlimited.yaml");
        QCOMPARE(runCli(sub({"suspend", "--id", "ada-unlimited"}, ws)).exitCode, 0);
        QCOMPARE(lineValue(readFile(file), QStringLiteral("state")), QStringLiteral("suspended"));
        QCOMPARE(runCli(sub({"activate", "--id", "ada-unlimited"}, ws)).exitCode, 0);
        QCOMPARE(lineValue(readFile(file), QStringLiteral("state")),
                 QString()); // active is the default
        QCOMPARE(runCli(sub({"cancel", "--id", "ada-unlimited"}, ws)).exitCode, 0);
        QCOMPARE(lineValue(readFile(file), QStringLiteral("state")), QStringLiteral("cancelled"));
        const auto revive = runCli(sub({"activate", "--id", "ada-unlimited"}, ws));
        QCOMPARE(revive.exitCode, 1);
        QVERIFY(revive.err.contains(QStringLiteral("is cancelled and cannot be changed")));
    }

    void refusesBadRequestsAndWritesNothing_data() {
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("reason");
        QTest::newRow("unknown product")
            << QStringList{QStringLiteral("create"), QStringLiteral("--id"), QStringLiteral("x"),
                           QStringLiteral("--scope"), QStringLiteral("/products/gold")}
            << 1 << QStringLiteral("unknown product 'gold'");
        QTest::newRow("unknown owner")
            << QStringList{QStringLiteral("create"), QStringLiteral("--id"),
                           QStringLiteral("x"),      QStringLiteral("--scope"),
                           QStringLiteral("/apis"),  QStringLiteral("--owner"),
                           QStringLiteral("zed")}
            << 1 << QStringLiteral("'zed' is not a user");
        QTest::newRow("existing id")
            << QStringList{QStringLiteral("create"), QStringLiteral("--id"),
                           QStringLiteral("ada-unlimited"), QStringLiteral("--scope"),
                           QStringLiteral("/apis")}
            << 1 << QStringLiteral("already exists");
        QTest::newRow("bad id") << QStringList{QStringLiteral("create"), QStringLiteral("--id"),
                                               QStringLiteral("../evil"), QStringLiteral("--scope"),
                                               QStringLiteral("/apis")}
                                << 2 << QStringLiteral("bad --id '../evil'");
        QTest::newRow("no scope") << QStringList{QStringLiteral("create"), QStringLiteral("--id"),
                                                 QStringLiteral("x")}
                                  << 2 << QStringLiteral("--scope is required");
        QTest::newRow("unknown subscription")
            << QStringList{QStringLiteral("suspend"), QStringLiteral("--id"),
                           QStringLiteral("nope")}
            << 1 << QStringLiteral("no subscription 'nope'");
        QTest::newRow("bad key name")
            << QStringList{QStringLiteral("regenerate"), QStringLiteral("--id"),
                           QStringLiteral("ada-unlimited"), QStringLiteral("--key"),
                           QStringLiteral("tertiary")}
            << 2 << QStringLiteral("--key must be 'primary' or 'secondary'");
        QTest::newRow("unknown action")
            << QStringList{QStringLiteral("delete"), QStringLiteral("--id"), QStringLiteral("x")}
            << 2 << QStringLiteral("unknown subscription action 'delete'");
    }

    void refusesBadRequestsAndWritesNothing() {
        QFETCH(QStringList, words);
        QFETCH(int, exitCode);
        QFETCH(QString, reason);
        QTemporaryDir tmp;
        const QString ws = freshWorkspace(tmp);
        const auto before = QDir(ws + QStringLiteral("/subscriptions")).entryList(QDir::Files);
        const QString sampleBefore =
            readFile(ws + QStringLiteral("/subscriptions/ada-unlimited.yaml"));
        const auto r = runCli(QStringList{QStringLiteral("subscription")} + words +
                              QStringList{QStringLiteral("--workspace"), ws});
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2((r.out + r.err).contains(reason), qPrintable(r.out + r.err));
        QCOMPARE(QDir(ws + QStringLiteral("/subscriptions")).entryList(QDir::Files), before);
        QCOMPARE(readFile(ws + QStringLiteral("/subscriptions/ada-unlimited.yaml")), sampleBefore);
    }
};

QTEST_GUILESS_MAIN(TestCliSubscription)
#include "test_cli_subscription.moc"
