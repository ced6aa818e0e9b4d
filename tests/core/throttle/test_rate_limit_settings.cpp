#include "core/model/canonical_yaml.h"
#include "core/model/workspace_loader.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace portico::model;

namespace {

LoadResult loadGateway(const QByteArray& rateLimitLines) {
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("portico.yaml")));
    file.open(QIODevice::WriteOnly);
    file.write("name: demo\nformatVersion: 1\ngateways:\n  - name: local\n"
               "    listen: 127.0.0.1:8080\n" +
               rateLimitLines);
    file.close();
    return loadWorkspace(dir.path().toStdString());
}

QString errorsOf(const LoadResult& result) {
    QStringList lines;
    for (const auto& d : result.diagnostics.items())
        lines << QString::fromStdString(d.toString());
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestRateLimitSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultsToTheLocalStoreFailingOpen() {
        const auto result = loadGateway({});
        QVERIFY2(!result.diagnostics.hasErrors(), qPrintable(errorsOf(result)));
        const auto& r = result.workspace.gateways.at(0).rateLimit;
        QCOMPARE(r.store, std::string("local"));
        QCOMPARE(r.failure, std::string("open"));
        QVERIFY(canonicalWorkspaceYaml(result.workspace).find("ratelimit") == std::string::npos);
    }

    void readsARedisStoreAndWritesItBack() {
        const auto result = loadGateway("    ratelimit:\n      store: redis\n"
                                        "      url: redis://cache:6380/1\n      failure: closed\n");
        QVERIFY2(!result.diagnostics.hasErrors(), qPrintable(errorsOf(result)));
        const auto& r = result.workspace.gateways.at(0).rateLimit;
        QCOMPARE(r.store, std::string("redis"));
        QCOMPARE(r.url, std::string("redis://cache:6380/1"));
        QCOMPARE(r.failure, std::string("closed"));
        const auto text = canonicalWorkspaceYaml(result.workspace);
        QVERIFY2(
            text.find("    ratelimit:\n      store: redis\n      url: "
                      "\"redis://cache:6380/1\"\n      failure: closed\n") != std::string::npos ||
                text.find("    ratelimit:\n      store: redis\n      url: "
                          "redis://cache:6380/1\n      failure: closed\n") != std::string::npos,
            text.c_str());
    }

    void rejectsBadSettingsNamingFileLineAndColumn_data() {
        QTest::addColumn<QByteArray>("lines");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown store")
            << QByteArray("    ratelimit:\n      store: memcached\n") << "portico.yaml:7:14";
        QTest::newRow("redis without url")
            << QByteArray("    ratelimit:\n      store: redis\n") << "ratelimit.url";
        QTest::newRow("bad url") << QByteArray("    ratelimit:\n      store: redis\n"
                                               "      url: http://cache\n")
                                 << "portico.yaml:8:12: error";
        QTest::newRow("password in clear")
            << QByteArray("    ratelimit:\n      store: redis\n      url: redis://:pw@cache\n")
            << "carries a password";
        QTest::newRow("bad failure mode")
            << QByteArray("    ratelimit:\n      failure: maybe\n") << "open, closed";
    }

    void rejectsBadSettingsNamingFileLineAndColumn() {
        QFETCH(QByteArray, lines);
        QFETCH(QString, expected);
        const auto result = loadGateway(lines);
        QVERIFY(result.diagnostics.hasErrors());
        QVERIFY2(errorsOf(result).contains(expected), qPrintable(errorsOf(result)));
    }
};

QTEST_GUILESS_MAIN(TestRateLimitSettings)
#include "test_rate_limit_settings.moc"
