#include "gateway_harness.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>
#include <vector>

using harness::exchange;
using harness::writeOrFail;

namespace {

QByteArray get(const QByteArray& path, const QByteArray& tenant) {
    return "GET " + path + " HTTP/1.1\r\nHost: gw.test\r\nX-Tenant: " + tenant + "\r\n\r\n";
}

struct Tally {
    int ok = 0;
    int refused = 0;
    int other = 0;
    QByteArray refusal; // the last 429's body
};

// Sends `count` requests at once, one connection each, then reads every answer.
Tally concurrently(quint16 port, int count, const QByteArray& path, const QByteArray& tenant) {
    std::vector<std::unique_ptr<harness::RawConnection>> connections;
    for (int i = 0; i < count; ++i) {
        auto connection = std::make_unique<harness::RawConnection>();
        if (connection->open(port))
            connection->send(get(path, tenant));
        connections.push_back(std::move(connection));
    }
    Tally tally;
    for (auto& connection : connections) {
        const auto response = connection->readResponse(15000);
        if (response && response->status == 200) {
            ++tally.ok;
        } else if (response && response->status == 429) {
            ++tally.refused;
            tally.refusal = response->body;
        } else {
            ++tally.other;
        }
    }
    return tally;
}

} // namespace

// limit-concurrency on real traffic: the real gateway in front of the test backend's slow
// answers, counting exactly how many requests run the enclosed forward at once.
class TestGatewayThrottling : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void admitsExactlyMaxCountAtOnceAndRefusesTheRestWith429();
    void backendFailuresGiveTheirSlotBack();
    void backendTimeoutsGiveTheirSlotBack();
    void clientsThatGoAwayGiveTheirSlotBack();
    void bandwidthQuotaCountsTheResponse();
    void bandwidthQuotaCountsAStreamedResponse();

private:
    QTemporaryDir m_workspace;
    harness::Backend m_backend;
    harness::Gateway m_gateway;
};

void TestGatewayThrottling::initTestCase() {
    QVERIFY(m_workspace.isValid());
    QVERIFY(m_backend.start());
    const QString dir = m_workspace.path();
    const auto op = [](const char* method, const char* path, const char* id) {
        harness::Operation operation;
        operation.method = QLatin1String(method);
        operation.urlTemplate = QLatin1String(path);
        operation.id = QLatin1String(id);
        return operation;
    };
    harness::Api shop;
    shop.id = shop.path = QStringLiteral("shop");
    shop.serviceUrl = m_backend.url() + QStringLiteral("/api");
    shop.operations = {op("GET", "/slow/{ms}", "slow"), op("GET", "/short/{ms}", "short"),
                       op("GET", "/download", "download"), op("GET", "/stream", "stream")};
    harness::Api dead;
    dead.id = dead.path = QStringLiteral("dead");
    dead.serviceUrl = QStringLiteral("http://127.0.0.1:1");
    dead.operations = {op("GET", "/x", "x")};
    QVERIFY(harness::writeWorkspace(dir, {shop, dead}));
    writeOrFail(dir + QStringLiteral("/apis/shop/policy.xml"), R"xml(<policies>
  <inbound><base/></inbound>
  <backend><limit-concurrency key="@(context.Request.Headers.GetValueOrDefault(&quot;X-Tenant&quot;, &quot;none&quot;))" max-count="3"><forward-request timeout="10"/></limit-concurrency></backend>
  <outbound><base/></outbound>
  <on-error><base/></on-error>
</policies>
)xml");
    writeOrFail(dir + QStringLiteral("/apis/shop/operations/short/policy.xml"), R"xml(<policies>
  <inbound><base/><rewrite-uri template="/slow/{ms}"/></inbound>
  <backend><limit-concurrency key="short" max-count="1"><forward-request timeout="1"/></limit-concurrency></backend>
  <outbound><base/></outbound>
  <on-error><base/></on-error>
</policies>
)xml");
    writeOrFail(dir + QStringLiteral("/apis/shop/operations/download/policy.xml"), R"xml(<policies>
  <inbound><base/><quota-by-key bandwidth="1" renewal-period="3600" counter-key="download"/></inbound>
  <backend><forward-request timeout="10"/></backend>
  <outbound><base/></outbound>
  <on-error><base/></on-error>
</policies>
)xml");
    writeOrFail(dir + QStringLiteral("/apis/shop/operations/stream/policy.xml"), R"xml(<policies>
  <inbound><base/><quota-by-key bandwidth="2" renewal-period="3600" counter-key="stream"/><rewrite-uri template="/big/3000"/></inbound>
  <backend><forward-request timeout="10"/></backend>
  <outbound><base/></outbound>
  <on-error><base/></on-error>
</policies>
)xml");
    writeOrFail(dir + QStringLiteral("/apis/dead/policy.xml"), R"xml(<policies>
  <inbound><base/></inbound>
  <backend><limit-concurrency key="dead" max-count="1"><forward-request timeout="5"/></limit-concurrency></backend>
  <outbound><base/></outbound>
  <on-error><base/></on-error>
</policies>
)xml");
    QString error;
    QVERIFY2(m_gateway.start(dir, {}, &error), qPrintable(error));
}

void TestGatewayThrottling::cleanupTestCase() {
    QVERIFY2(m_gateway.isRunning(), "the gateway must survive every test");
}

void TestGatewayThrottling::admitsExactlyMaxCountAtOnceAndRefusesTheRestWith429() {
    // Ten at once against max-count 3, each held 2 s by the backend: three run, seven are
    // refused at once, as APIM does (no queueing).
    std::vector<std::unique_ptr<harness::RawConnection>> held;
    for (int i = 0; i < 10; ++i) {
        held.push_back(std::make_unique<harness::RawConnection>());
        QVERIFY(held.back()->open(m_gateway.port()));
        held.back()->send(get("/shop/slow/2000", "t1"));
    }
    // Another key is not limited by t1's requests.
    const auto other = exchange(m_gateway.port(), get("/shop/slow/0", "t2"));
    QVERIFY(other);
    QCOMPARE(other->status, 200);

    Tally tally;
    for (auto& connection : held) {
        const auto response = connection->readResponse(15000);
        QVERIFY(response);
        if (response->status == 200) {
            ++tally.ok;
        } else {
            QCOMPARE(response->status, 429);
            ++tally.refused;
            const auto body = QJsonDocument::fromJson(response->body).object();
            QCOMPARE(body.value(QStringLiteral("statusCode")).toInt(), 429);
            QCOMPARE(body.value(QStringLiteral("message")).toString(),
                     QStringLiteral("Too many concurrent requests. No more than 3 may run at "
                                    "once; try again later."));
        }
    }
    QCOMPARE(tally.ok, 3);
    QCOMPARE(tally.refused, 7);

    const auto metrics =
        exchange(m_gateway.adminPort(), "GET /metrics HTTP/1.1\r\nHost: admin\r\n\r\n");
    QVERIFY(metrics);
    QVERIFY2(metrics->body.contains("portico_throttled_requests_total{policy=\"limit-concurrency\","
                                    "api=\"shop\"} 7"),
             metrics->body.constData());

    // Every slot came back when the three finished.
    const auto again = concurrently(m_gateway.port(), 3, "/shop/slow/500", "t1");
    QCOMPARE(again.ok, 3);
}

void TestGatewayThrottling::backendFailuresGiveTheirSlotBack() {
    // max-count 1: a slot kept by a failed forward would make the second call a 429.
    for (int i = 0; i < 4; ++i) {
        const auto response = exchange(m_gateway.port(), get("/dead/x", "t"));
        QVERIFY(response);
        QCOMPARE(response->status, 502);
    }
}

void TestGatewayThrottling::backendTimeoutsGiveTheirSlotBack() {
    for (int i = 0; i < 2; ++i) {
        const auto response = exchange(m_gateway.port(), get("/shop/short/2500", "t"), 10000);
        QVERIFY(response);
        QCOMPARE(response->status, 504);
    }
}

void TestGatewayThrottling::clientsThatGoAwayGiveTheirSlotBack() {
    for (int i = 0; i < 3; ++i) {
        harness::RawConnection connection;
        QVERIFY(connection.open(m_gateway.port()));
        connection.send(get("/shop/slow/1000", "t3"));
        connection.socket().abort();
    }
    // The gateway lets go of each request at the latest when the backend answers (1 s); then
    // all three slots are free again. A leaked slot would keep answering 429.
    QDeadlineTimer deadline(8000);
    Tally tally;
    do {
        QThread::msleep(300);
        tally = concurrently(m_gateway.port(), 3, "/shop/slow/300", "t3");
    } while (tally.ok != 3 && !deadline.hasExpired());
    QCOMPARE(tally.ok, 3);
    QCOMPARE(tally.other, 0);
}

void TestGatewayThrottling::bandwidthQuotaCountsTheResponse() {
    // A GET sends no body; the backend's echo (a few hundred bytes) counts as 1 KB, which
    // uses up a 1 KB quota: APIM counts response bytes too.
    const auto first = exchange(m_gateway.port(), get("/shop/download", "t"));
    QVERIFY(first);
    QCOMPARE(first->status, 200);
    QVERIFY(!first->header("Content-Length").isEmpty());
    const auto refused = exchange(m_gateway.port(), get("/shop/download", "t"));
    QVERIFY(refused);
    QCOMPARE(refused->status, 403);
    QVERIFY2(
        QJsonDocument::fromJson(refused->body)
            .object()
            .value(QStringLiteral("message"))
            .toString()
            .startsWith(QStringLiteral("Out of bandwidth quota. Quota will be replenished in ")),
        refused->body.constData());
}

void TestGatewayThrottling::bandwidthQuotaCountsAStreamedResponse() {
    // 3000 bytes, chunked: no Content-Length to read, so the bytes that went through count.
    const auto first = exchange(m_gateway.port(), get("/shop/stream", "t"));
    QVERIFY(first);
    QCOMPARE(first->status, 200);
    QVERIFY(first->header("Content-Length").isEmpty());
    QCOMPARE(first->body.size(), 3000);
    const auto refused = exchange(m_gateway.port(), get("/shop/stream", "t"));
    QVERIFY(refused);
    QCOMPARE(refused->status, 403);
}

QTEST_GUILESS_MAIN(TestGatewayThrottling)
#include "test_gateway_throttling.moc"
