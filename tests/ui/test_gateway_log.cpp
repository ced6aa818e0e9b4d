#include "ui/gateway/gateway_log_model.h"

#include <QTest>

using namespace portico::ui;

Q_DECLARE_METATYPE(GatewayLogLevel)

class TestGatewayLog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsLevelAndTextOfGatewayLines_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<GatewayLogLevel>("level");
        QTest::addColumn<bool>("request");
        QTest::addColumn<QString>("text");
        QTest::newRow("error") << QStringLiteral("portico-gateway: error: cannot bind")
                               << GatewayLogLevel::Error << false << QStringLiteral("cannot bind");
        QTest::newRow("warning") << QStringLiteral(
                                        "portico-gateway: warning: apis/a/api.yaml:1:1: PT3013")
                                 << GatewayLogLevel::Warning << false
                                 << QStringLiteral("apis/a/api.yaml:1:1: PT3013");
        QTest::newRow("info") << QStringLiteral("portico-gateway: info: stopped")
                              << GatewayLogLevel::Info << false << QStringLiteral("stopped");
        QTest::newRow("debug") << QStringLiteral("portico-gateway: debug: x")
                               << GatewayLogLevel::Debug << false << QStringLiteral("x");
        QTest::newRow("no level") << QStringLiteral(
                                         "portico-gateway: listening on http://127.0.0.1:8080")
                                  << GatewayLogLevel::Info << false
                                  << QStringLiteral("listening on http://127.0.0.1:8080");
        QTest::newRow("access log") << QStringLiteral("{\"status\":404}") << GatewayLogLevel::Info
                                    << true << QStringLiteral("{\"status\":404}");
        QTest::newRow("other") << QStringLiteral("Segmentation fault") << GatewayLogLevel::Info
                               << false << QStringLiteral("Segmentation fault");
    }
    void readsLevelAndTextOfGatewayLines() {
        QFETCH(QString, line);
        QFETCH(GatewayLogLevel, level);
        QFETCH(bool, request);
        QFETCH(QString, text);
        const GatewayLogLine parsed = parseGatewayLogLine(line);
        QCOMPARE(parsed.level, level);
        QCOMPARE(parsed.request, request);
        QCOMPARE(parsed.text, text);
    }

    void joinsOutputSplitAcrossReads() {
        GatewayLogModel model;
        model.appendOutput(QStringLiteral("portico-gateway: info: one\nportico-gateway: er"));
        QCOMPARE(model.rowCount(), 1);
        model.appendOutput(QStringLiteral("ror: two\r\n"));
        QCOMPARE(model.rowCount(), 2);
        const QModelIndex second = model.index(1);
        QCOMPARE(second.data().toString(), QStringLiteral("two"));
        QCOMPARE(second.data(GatewayLogModel::LevelRole).toInt(),
                 static_cast<int>(GatewayLogLevel::Error));
    }

    void keepsOnlyTheNewestLines() {
        GatewayLogModel model(nullptr, 3);
        for (int i = 1; i <= 5; ++i)
            model.appendLine(QStringLiteral("line %1").arg(i));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0).data().toString(), QStringLiteral("line 3"));
        QCOMPARE(model.lastLines(2),
                 (QStringList{QStringLiteral("line 4"), QStringLiteral("line 5")}));
    }

    void lastLinesIncludeAnUnfinishedLine() {
        GatewayLogModel model;
        model.appendOutput(QStringLiteral("a\nterminate called after throwing"));
        QCOMPARE(
            model.lastLines(5),
            (QStringList{QStringLiteral("a"), QStringLiteral("terminate called after throwing")}));
    }

    void filtersByLevelAndText_data() {
        QTest::addColumn<GatewayLogLevel>("level");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("shown");
        QTest::newRow("everything")
            << GatewayLogLevel::Debug << QString()
            << QStringList{QStringLiteral("bind failed"), QStringLiteral("PT3013 orders"),
                           QStringLiteral("ready"), QStringLiteral("GET /orders")};
        QTest::newRow("errors") << GatewayLogLevel::Error << QString()
                                << QStringList{QStringLiteral("bind failed")};
        QTest::newRow("warnings and errors")
            << GatewayLogLevel::Warning << QString()
            << QStringList{QStringLiteral("bind failed"), QStringLiteral("PT3013 orders")};
        QTest::newRow("text, any case")
            << GatewayLogLevel::Debug << QStringLiteral("ORDERS")
            << QStringList{QStringLiteral("PT3013 orders"), QStringLiteral("GET /orders")};
        QTest::newRow("text and level") << GatewayLogLevel::Warning << QStringLiteral("orders")
                                        << QStringList{QStringLiteral("PT3013 orders")};
        QTest::newRow("nothing matches")
            << GatewayLogLevel::Debug << QStringLiteral("inventory") << QStringList{};
    }
    void filtersByLevelAndText() {
        QFETCH(GatewayLogLevel, level);
        QFETCH(QString, text);
        QFETCH(QStringList, shown);
        GatewayLogModel model;
        model.appendLine(QStringLiteral("portico-gateway: error: bind failed"));
        model.appendLine(QStringLiteral("portico-gateway: warning: PT3013 orders"));
        model.appendLine(QStringLiteral("portico-gateway: info: ready"));
        model.appendLine(QStringLiteral("portico-gateway: debug: GET /orders"));
        GatewayLogFilter filter;
        filter.setSourceModel(&model);
        filter.setMaximumLevel(level);
        filter.setText(text);
        QStringList rows;
        for (int i = 0; i < filter.rowCount(); ++i)
            rows.append(filter.index(i, 0).data().toString());
        QCOMPARE(rows, shown);
    }
};

QTEST_MAIN(TestGatewayLog)
#include "test_gateway_log.moc"
