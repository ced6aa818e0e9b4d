#include "gateway_harness.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <csignal>
#include <thread>

using harness::exchange;

namespace {

QJsonObject json(const harness::HttpResponse& response) {
    return QJsonDocument::fromJson(response.body).object();
}

} // namespace

class TestAdminEndpoint : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void healthAnswersLive();
    void readyReportsLoadedConfiguration();
    void configReportsVersionHashAndLoadTime();
    void metricsCountRequestsByApiOperationAndStatusClass();
    void metricsExposeLatencyHistogramConnectionsAndBackendErrors();
    void reloadRejectsGet();
    void reloadSwapsInNewRoutes();
    void brokenWorkspaceIsRefusedAndOldConfigurationKeepsServing();
    void sighupReloads();
    void reloadUnderLoadFailsNoRequest();
    void accessLogWritesOneJsonLinePerRequest();
    void unknownAdminPathIs404();
    void survivesATrailerOverBeastsFieldLimit();
    void reloadsWhenWorkspaceFilesChange();

private:
    void writeWorkspace(bool withExtraOperation, bool broken = false);
    QTemporaryDir m_workspace;
    QTemporaryDir m_logs;
    harness::Backend m_backend;
    harness::Gateway m_gateway;
};

void TestAdminEndpoint::writeWorkspace(bool withExtraOperation, bool broken) {
    QList<harness::Operation> operations{
        {QStringLiteral("GET"), QStringLiteral("/items/{id}"), QStringLiteral("getItem")}};
    if (withExtraOperation) {
        operations.append(
            {QStringLiteral("GET"), QStringLiteral("/extra"), QStringLiteral("extra")});
    }
    QList<harness::Api> apis{{QStringLiteral("echo"),
                              QStringLiteral("echo"),
                              m_backend.url() + QStringLiteral("/api"),
                              operations,
                              {}},
                             {QStringLiteral("dead"),
                              QStringLiteral("dead"),
                              QStringLiteral("http://127.0.0.1:1"),
                              {{QStringLiteral("GET"), QStringLiteral("/x"), QStringLiteral("x")}},
                              {}}};
    if (broken) {
        apis.append({QStringLiteral("broken"),
                     QStringLiteral("broken"),
                     QStringLiteral("not a url"),
                     {},
                     {}});
    } else {
        QDir(m_workspace.path() + QStringLiteral("/apis/broken")).removeRecursively();
    }
    QVERIFY(harness::writeWorkspace(m_workspace.path(), apis));
}

void TestAdminEndpoint::initTestCase() {
    QVERIFY(m_backend.start());
    writeWorkspace(false);
    QString error;
    QVERIFY2(m_gateway.start(
                 m_workspace.path(),
                 {QStringLiteral("--access-log"), m_logs.filePath(QStringLiteral("access.log"))},
                 &error),
             qPrintable(error));
    QVERIFY(m_gateway.adminPort() != 0);
}

void TestAdminEndpoint::cleanupTestCase() {
    QCOMPARE(m_gateway.terminate(), 0);
}

void TestAdminEndpoint::healthAnswersLive() {
    const auto response =
        exchange(m_gateway.adminPort(), "GET /health HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(json(*response).value(QStringLiteral("status")).toString(), QStringLiteral("live"));
}

void TestAdminEndpoint::readyReportsLoadedConfiguration() {
    const auto response = exchange(m_gateway.adminPort(), "GET /ready HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(json(*response).value(QStringLiteral("configVersion")).toInt() >= 1);
}

void TestAdminEndpoint::configReportsVersionHashAndLoadTime() {
    const auto response =
        exchange(m_gateway.adminPort(), "GET /config HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    const auto config = json(*response);
    QVERIFY(config.value(QStringLiteral("version")).toInt() >= 1);
    QCOMPARE(config.value(QStringLiteral("hash")).toString().size(), 64);
    QVERIFY(config.value(QStringLiteral("loadedAt")).toString().endsWith(QLatin1Char('Z')));
    QCOMPARE(config.value(QStringLiteral("apis")).toArray().size(), 2);
}

void TestAdminEndpoint::metricsCountRequestsByApiOperationAndStatusClass() {
    for (int i = 0; i < 3; ++i) {
        QVERIFY(exchange(m_gateway.port(), "GET /echo/items/1 HTTP/1.1\r\nHost: a\r\n\r\n"));
    }
    QVERIFY(exchange(m_gateway.port(), "GET /nowhere HTTP/1.1\r\nHost: a\r\n\r\n"));
    std::optional<harness::HttpResponse> response;
    const QByteArray notFound =
        "portico_requests_total{api=\"\",operation=\"\",status_class=\"4xx\"} ";
    // A request is counted once its answer is written, so the client may ask a moment before.
    QTRY_VERIFY_WITH_TIMEOUT(
        (response = exchange(m_gateway.adminPort(), "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n")) &&
            response->body.contains(notFound),
        2000);
    QVERIFY(response->header("content-type").startsWith("text/plain; version=0.0.4"));
    const auto& text = response->body;
    QVERIFY2(
        text.contains(
            "portico_requests_total{api=\"echo\",operation=\"getItem\",status_class=\"2xx\"} "),
        text.constData());
    QVERIFY(text.contains("# TYPE portico_requests_total counter"));
}

void TestAdminEndpoint::metricsExposeLatencyHistogramConnectionsAndBackendErrors() {
    QVERIFY(exchange(m_gateway.port(), "GET /dead/x HTTP/1.1\r\nHost: a\r\n\r\n"));
    const auto response =
        exchange(m_gateway.adminPort(), "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    const auto& text = response->body;
    QVERIFY(text.contains("# TYPE portico_request_duration_seconds histogram"));
    QVERIFY(text.contains("portico_request_duration_seconds_bucket{le=\"+Inf\"} "));
    QVERIFY(text.contains("portico_request_duration_seconds_count "));
    QVERIFY(text.contains("portico_backend_errors_total{api=\"dead\",kind=\"connect\"} 1"));
    QVERIFY(text.contains("portico_open_connections "));
    QVERIFY(text.contains("portico_config_version "));
}

void TestAdminEndpoint::reloadRejectsGet() {
    const auto response =
        exchange(m_gateway.adminPort(), "GET /reload HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 405);
    QCOMPARE(response->header("allow"), QByteArray("POST"));
}

void TestAdminEndpoint::reloadSwapsInNewRoutes() {
    auto before = exchange(m_gateway.port(), "GET /echo/extra HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(before);
    QCOMPARE(before->status, 404);
    writeWorkspace(true);
    const auto reload = exchange(m_gateway.adminPort(),
                                 "POST /reload HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
    QVERIFY(reload);
    QCOMPARE(reload->status, 200);
    QVERIFY(json(*reload).value(QStringLiteral("reloaded")).toBool());
    const auto after = exchange(m_gateway.port(), "GET /echo/extra HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(after);
    QCOMPARE(after->status, 200);
}

void TestAdminEndpoint::brokenWorkspaceIsRefusedAndOldConfigurationKeepsServing() {
    const auto versionBefore =
        json(*exchange(m_gateway.adminPort(), "GET /config HTTP/1.1\r\nHost: a\r\n\r\n"))
            .value(QStringLiteral("version"))
            .toInt();
    writeWorkspace(true, true);
    const auto reload = exchange(m_gateway.adminPort(),
                                 "POST /reload HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
    QVERIFY(reload);
    QCOMPARE(reload->status, 422);
    const auto diagnostics = json(*reload).value(QStringLiteral("diagnostics")).toArray();
    QVERIFY(!diagnostics.isEmpty());
    QVERIFY2(diagnostics.first().toString().contains(QStringLiteral("apis/broken/api.yaml")),
             qPrintable(diagnostics.first().toString()));
    const auto still = exchange(m_gateway.port(), "GET /echo/extra HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(still);
    QCOMPARE(still->status, 200);
    const auto versionAfter =
        json(*exchange(m_gateway.adminPort(), "GET /config HTTP/1.1\r\nHost: a\r\n\r\n"))
            .value(QStringLiteral("version"))
            .toInt();
    QCOMPARE(versionAfter, versionBefore);
    writeWorkspace(true, false);
}

void TestAdminEndpoint::sighupReloads() {
    auto version = [&] {
        return json(*exchange(m_gateway.adminPort(), "GET /config HTTP/1.1\r\nHost: a\r\n\r\n"))
            .value(QStringLiteral("version"))
            .toInt();
    };
    const auto before = version();
    m_gateway.signal(SIGHUP);
    QTRY_VERIFY_WITH_TIMEOUT(version() == before + 1, 5000);
}

void TestAdminEndpoint::reloadUnderLoadFailsNoRequest() {
    std::atomic<bool> stop{false};
    std::atomic<int> ok{0};
    std::atomic<int> failed{0};
    const auto port = m_gateway.port();
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c) {
        clients.emplace_back([&, port] {
            harness::RawConnection connection;
            if (!connection.open(port)) {
                ++failed;
                return;
            }
            while (!stop) {
                connection.send("GET /echo/items/1 HTTP/1.1\r\nHost: a\r\n\r\n");
                const auto response = connection.readResponse();
                if (response && response->status == 200) {
                    ++ok;
                } else {
                    ++failed;
                    return;
                }
            }
        });
    }
    for (int i = 0; i < 10; ++i) {
        writeWorkspace(i % 2 == 0);
        const auto reload = exchange(
            m_gateway.adminPort(), "POST /reload HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
        QVERIFY(reload && reload->status == 200);
        QTest::qWait(30);
    }
    stop = true;
    for (auto& client : clients) {
        client.join();
    }
    QCOMPARE(failed.load(), 0);
    QVERIFY(ok.load() > 20);
}

void TestAdminEndpoint::accessLogWritesOneJsonLinePerRequest() {
    const auto response =
        exchange(m_gateway.port(),
                 "GET /echo/items/77?z=1 HTTP/1.1\r\nHost: a\r\nX-Request-Id: log-me-1\r\n\r\n");
    QVERIFY(response);
    QFile log(m_logs.filePath(QStringLiteral("access.log")));
    QJsonObject line;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            if (!log.open(QIODevice::ReadOnly)) {
                return false;
            }
            const auto lines = log.readAll().split('\n');
            log.close();
            for (const auto& l : lines) {
                const auto object = QJsonDocument::fromJson(l).object();
                if (object.value(QStringLiteral("requestId")).toString() ==
                    QStringLiteral("log-me-1")) {
                    line = object;
                    return true;
                }
            }
            return false;
        }(),
        3000);
    QCOMPARE(line.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
    QCOMPARE(line.value(QStringLiteral("path")).toString(), QStringLiteral("/echo/items/77"));
    QCOMPARE(line.value(QStringLiteral("api")).toString(), QStringLiteral("echo"));
    QCOMPARE(line.value(QStringLiteral("operation")).toString(), QStringLiteral("getItem"));
    QCOMPARE(line.value(QStringLiteral("status")).toInt(), 200);
    QCOMPARE(line.value(QStringLiteral("clientIp")).toString(), QStringLiteral("127.0.0.1"));
    QVERIFY(line.value(QStringLiteral("bytesOut")).toInt() > 0);
    QVERIFY(line.value(QStringLiteral("totalMs")).toDouble() >= 0);
    QVERIFY(line.value(QStringLiteral("backendMs")).toDouble() >= 0);
    QVERIFY(line.contains(QStringLiteral("timestamp")));
    QVERIFY(line.contains(QStringLiteral("subscriptionId")));
}

void TestAdminEndpoint::unknownAdminPathIs404() {
    const auto response = exchange(m_gateway.adminPort(), "GET /nope HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 404);
}

void TestAdminEndpoint::reloadsWhenWorkspaceFilesChange() {
    QTemporaryDir workspace;
    QList<harness::Api> apis{{QStringLiteral("watched"),
                              QStringLiteral("watched"),
                              m_backend.url() + QStringLiteral("/api"),
                              {{QStringLiteral("GET"), QStringLiteral("/a"), QStringLiteral("a")}},
                              {}}};
    QVERIFY(harness::writeWorkspace(workspace.path(), apis));
    harness::Gateway gateway;
    QString error;
    QVERIFY2(gateway.start(workspace.path(), {}, &error), qPrintable(error));
    const auto before = exchange(gateway.port(), "GET /watched/b HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(before);
    QCOMPARE(before->status, 404);
    apis[0].operations.append({QStringLiteral("GET"), QStringLiteral("/b"), QStringLiteral("b")});
    QVERIFY(harness::writeWorkspace(workspace.path(), apis));
    QTRY_VERIFY_WITH_TIMEOUT(
        exchange(gateway.port(), "GET /watched/b HTTP/1.1\r\nHost: a\r\n\r\n")->status == 200,
        5000);
    QCOMPARE(gateway.terminate(), 0);
}

// Beast throws from its parser on a trailer value over 64 KiB; the admin listener's read
// buffer is bounded so that it never gets one.
void TestAdminEndpoint::survivesATrailerOverBeastsFieldLimit() {
    harness::RawConnection connection;
    QVERIFY(connection.open(m_gateway.adminPort()));
    connection.send("POST /reload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "0\r\nX-Big: " +
                    QByteArray(70000, 'a') + "\r\n\r\n");
    QVERIFY(connection.waitClosed(3000));
    QVERIFY(m_gateway.isRunning());
    const auto health = exchange(m_gateway.adminPort(), "GET /health HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(health);
    QCOMPARE(health->status, 200);
    // Refused as an error, not caught as an exception by the worker's last line of defence.
    const auto log = m_gateway.standardError();
    QVERIFY2(!log.contains("internal error"), log.constData());
}

QTEST_GUILESS_MAIN(TestAdminEndpoint)
#include "test_admin_endpoint.moc"
