#include "cli_runner.h"

class TestCliUsage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void helpListsEveryCommandAndExitsZero() {
        const auto r = runCli({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char* command : {"validate", "import openapi", "init", "--version"})
            QVERIFY2(r.out.contains(QLatin1String(command)), command);
    }

    void versionPrintsTheProjectVersion() {
        const auto r = runCli({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.trimmed(), QStringLiteral("portico " PORTICO_VERSION));
    }

    void rejectsBadCommandLinesWithExitTwoAndAReason_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no command") << QStringList{} << QStringLiteral("no command given");
        QTest::newRow("unknown command")
            << QStringList{QStringLiteral("deploy")} << QStringLiteral("unknown command 'deploy'");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("validate"), QStringLiteral("--colour")}
            << QStringLiteral("unknown option '--colour'");
        QTest::newRow("bad format")
            << QStringList{QStringLiteral("validate"), QStringLiteral("--format"),
                           QStringLiteral("xml")}
            << QStringLiteral("--format must be 'text' or 'json'");
        QTest::newRow("missing option value")
            << QStringList{QStringLiteral("validate"), QStringLiteral("--format")}
            << QStringLiteral("option '--format' needs a value");
        QTest::newRow("init without folder") << QStringList{QStringLiteral("init")}
                                             << QStringLiteral("init takes exactly one folder");
        QTest::newRow("import without workspace")
            << QStringList{QStringLiteral("import"), QStringLiteral("openapi"),
                           QStringLiteral("spec.yaml")}
            << QStringLiteral("--workspace DIR is required");
        QTest::newRow("import of an unknown format")
            << QStringList{QStringLiteral("import"), QStringLiteral("wsdl"),
                           QStringLiteral("a.wsdl"), QStringLiteral("--workspace"),
                           QStringLiteral(".")}
            << QStringLiteral("unknown import format 'wsdl'");
    }

    void rejectsBadCommandLinesWithExitTwoAndAReason() {
        QFETCH(QStringList, args);
        QFETCH(QString, reason);
        const auto r = runCli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(reason), qPrintable(r.err));
        QVERIFY(r.err.contains(QStringLiteral("portico --help")));
    }
};

QTEST_GUILESS_MAIN(TestCliUsage)
#include "test_cli_usage.moc"
