#include "core/throttle/redis_url.h"

#include <QTest>

using namespace portico::throttle;

class TestRedisUrl : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsHostPortDatabaseAndCredentials_data() {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<int>("database");
        QTest::addColumn<QString>("username");
        QTest::addColumn<QString>("password");
        QTest::newRow("host only") << "redis://cache"
                                   << "cache" << 6379 << 0 << ""
                                   << "";
        QTest::newRow("port and db") << "redis://10.0.0.5:6380/2"
                                     << "10.0.0.5" << 6380 << 2 << ""
                                     << "";
        QTest::newRow("password") << "redis://:s3cret@cache:7000"
                                  << "cache" << 7000 << 0 << ""
                                  << "s3cret";
        QTest::newRow("user and password") << "redis://gw:pw@cache/"
                                           << "cache" << 6379 << 0 << "gw"
                                           << "pw";
        QTest::newRow("ipv6") << "redis://[::1]:6390"
                              << "::1" << 6390 << 0 << ""
                              << "";
    }

    void readsHostPortDatabaseAndCredentials() {
        QFETCH(QString, url);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(int, database);
        QFETCH(QString, username);
        QFETCH(QString, password);
        const auto parsed = parseRedisUrl(url.toStdString());
        QVERIFY2(parsed.endpoint, parsed.error.c_str());
        QCOMPARE(QString::fromStdString(parsed.endpoint->host), host);
        QCOMPARE(parsed.endpoint->port, port);
        QCOMPARE(parsed.endpoint->database, database);
        QCOMPARE(QString::fromStdString(parsed.endpoint->username), username);
        QCOMPARE(QString::fromStdString(parsed.endpoint->password), password);
    }

    void rejectsMalformedUrlsWithAReason_data() {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("reason");
        QTest::newRow("scheme") << "http://cache:6379"
                                << "redis://";
        QTest::newRow("no host") << "redis://:6379"
                                 << "no host";
        QTest::newRow("bad port") << "redis://cache:abc"
                                  << "port";
        QTest::newRow("port range") << "redis://cache:70000"
                                    << "port";
        QTest::newRow("bad db") << "redis://cache/x"
                                << "database";
        QTest::newRow("unclosed ipv6") << "redis://[::1:6379"
                                       << "[";
    }

    void rejectsMalformedUrlsWithAReason() {
        QFETCH(QString, url);
        QFETCH(QString, reason);
        const auto parsed = parseRedisUrl(url.toStdString());
        QVERIFY(!parsed.endpoint);
        QVERIFY2(QString::fromStdString(parsed.error).contains(reason), parsed.error.c_str());
    }
};

QTEST_GUILESS_MAIN(TestRedisUrl)
#include "test_redis_url.moc"
