#include "cli_runner.h"

class TestCliPolicy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void printsTheMergedPolicyInScopeOrder() {
        const auto r = runCli({QStringLiteral("policy"), QStringLiteral("effective"),
                               QStringLiteral("--workspace"), sampleWorkspace(),
                               QStringLiteral("--api"), QStringLiteral("orders"),
                               QStringLiteral("--operation"), QStringLiteral("createOrder")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto global = r.out.indexOf(QStringLiteral("X-Portico-Environment"));
        const auto fragment = r.out.indexOf(QStringLiteral("<cors"));
        const auto api = r.out.indexOf(QStringLiteral("X-Orders-Client"));
        const auto operation = r.out.indexOf(QStringLiteral("create-order"));
        QVERIFY(global >= 0 && global < fragment && fragment < api && api < operation);
        QVERIFY(!r.out.contains(QStringLiteral("<base")));
        QVERIFY(!r.out.contains(QStringLiteral("<include-fragment")));
        // Product policies apply only to calls made with a subscription to that product.
        QVERIFY(!r.out.contains(QStringLiteral("starter-anonymous")));
    }

    void includesProductPoliciesForAProductSubscription() {
        const auto r = runCli(
            {QStringLiteral("policy"), QStringLiteral("effective"), QStringLiteral("--workspace"),
             sampleWorkspace(), QStringLiteral("--api"), QStringLiteral("orders"),
             QStringLiteral("--operation"), QStringLiteral("createOrder"),
             QStringLiteral("--product"), QStringLiteral("starter"), QStringLiteral("--origins")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("counter-key=\"starter-anonymous\"")));
        QVERIFY(
            r.out.contains(QStringLiteral("<!-- product: products/starter/policy.xml:5:9 -->")));
        QVERIFY(r.out.contains(QStringLiteral("<!-- global: policies/global.xml:3:9 -->")));
    }

    void neverPrintsNamedValueContent() {
        const auto r = runCli({QStringLiteral("policy"), QStringLiteral("effective"),
                               QStringLiteral("--workspace"), sampleWorkspace(),
                               QStringLiteral("--api"), QStringLiteral("inventory"),
                               QStringLiteral("--operation"), QStringLiteral("getStockLevel")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("{{inventory-signing-key}}")));
    }

    void refusesUnknownTargets_data() {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("reason");
        QTest::newRow("api") << QStringList{QStringLiteral("--api"), QStringLiteral("billing"),
                                            QStringLiteral("--operation"), QStringLiteral("x")}
                             << QStringLiteral("no API 'billing'");
        QTest::newRow("operation")
            << QStringList{QStringLiteral("--api"), QStringLiteral("orders"),
                           QStringLiteral("--operation"), QStringLiteral("deleteEverything")}
            << QStringLiteral("has no operation 'deleteEverything'");
        QTest::newRow("product") << QStringList{QStringLiteral("--api"),
                                                QStringLiteral("orders"),
                                                QStringLiteral("--operation"),
                                                QStringLiteral("getOrder"),
                                                QStringLiteral("--product"),
                                                QStringLiteral("gold")}
                                 << QStringLiteral("no product 'gold'");
    }

    void refusesUnknownTargets() {
        QFETCH(QStringList, extra);
        QFETCH(QString, reason);
        const auto r = runCli(QStringList{QStringLiteral("policy"), QStringLiteral("effective"),
                                          QStringLiteral("--workspace"), sampleWorkspace()} +
                              extra);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(reason), qPrintable(r.err));
    }

    void requiresWorkspaceApiAndOperation() {
        const auto r = runCli({QStringLiteral("policy"), QStringLiteral("effective"),
                               QStringLiteral("--workspace"), sampleWorkspace()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("--api is required")));
    }
};

QTEST_GUILESS_MAIN(TestCliPolicy)
#include "test_cli_policy.moc"
