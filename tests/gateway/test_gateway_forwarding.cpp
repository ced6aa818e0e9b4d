#include "gateway_harness.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using harness::exchange;
using harness::writeOrFail;

namespace {

QByteArray request(const QByteArray& method, const QByteArray& path, const QByteArray& extra = {}) {
    return method + " " + path + " HTTP/1.1\r\nHost: gw.test\r\n" + extra + "\r\n";
}

QJsonObject echoOf(const harness::HttpResponse& response) {
    return QJsonDocument::fromJson(response.body).object();
}

} // namespace

// forward-request's settings on real traffic: its timeouts, following the backend's redirects,
// and failing on the backend's error statuses.
class TestGatewayForwarding : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void timeoutAnswers504WhenTheBackendIsSlower_data();
    void timeoutAnswers504WhenTheBackendIsSlower();
    void aBackendWithinTheTimeoutAnswers();
    void followRedirectsCallsWhereTheBackendPoints();
    void redirectsReachTheCallerByDefault();
    void seeOtherTurnsAPostIntoAGet();
    void aRedirectLoopEndsAfterTenHops();
    void failOnErrorStatusCodeRunsOnError();
    void errorStatusesPassByDefault();

private:
    QTemporaryDir m_workspace;
    harness::Backend m_backend;
    harness::Gateway m_gateway;
};

void TestGatewayForwarding::initTestCase() {
    QVERIFY(m_workspace.isValid());
    QVERIFY(m_backend.start());
    const QString dir = m_workspace.path();
    using harness::op;
    QVERIFY(harness::writeWorkspace(
        dir, {{QStringLiteral("fwd"),
               QStringLiteral("fwd"),
               m_backend.url() + QStringLiteral("/api"),
               {op("GET", "/slow/{ms}", "slow"), op("GET", "/slowms/{ms}", "slowms"),
                op("GET", "/redirect/{code}", "follow"), op("POST", "/redirect/{code}", "post"),
                op("GET", "/loop", "loop"), op("GET", "/bounce/{code}", "bounce"),
                op("GET", "/status/{code}", "failing"), op("GET", "/plain/{code}", "plain")},
               {}}}));
    writeOrFail(dir + QStringLiteral("/policies/global.xml"), R"xml(<policies>
  <inbound/>
  <backend><forward-request/></backend>
  <outbound/>
  <on-error><set-header name="X-Error-Reason" exists-action="override"><value>@(context.LastError.Reason)</value></set-header></on-error>
</policies>
)xml");
    const auto operationPolicy = [&](const char* id, const char* inbound, const char* backend) {
        const QString xml =
            QStringLiteral("<policies><inbound><base/>%1</inbound><backend>%2</backend>"
                           "<outbound><base/></outbound><on-error><base/></on-error></policies>")
                .arg(QLatin1String(inbound), QLatin1String(backend));
        writeOrFail(dir +
                        QStringLiteral("/apis/fwd/operations/%1/policy.xml").arg(QLatin1String(id)),
                    xml.toUtf8().constData());
    };
    operationPolicy("slow", "", R"(<forward-request timeout="1"/>)");
    operationPolicy("slowms", R"(<rewrite-uri template="/slow/{ms}"/>)",
                    R"(<forward-request timeout-ms="300"/>)");
    operationPolicy("follow", "", R"(<forward-request follow-redirects="true"/>)");
    operationPolicy("post", "", R"(<forward-request follow-redirects="true"/>)");
    operationPolicy("loop", "", R"(<forward-request follow-redirects="true"/>)");
    operationPolicy("bounce", R"(<rewrite-uri template="/redirect/{code}"/>)",
                    "<forward-request/>");
    operationPolicy("failing", "", R"(<forward-request fail-on-error-status-code="true"/>)");
    operationPolicy("plain", R"(<rewrite-uri template="/status/{code}"/>)", "<forward-request/>");
    QString error;
    QVERIFY2(m_gateway.start(dir, {QStringLiteral("--no-watch")}, &error), qPrintable(error));
}

void TestGatewayForwarding::timeoutAnswers504WhenTheBackendIsSlower_data() {
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("atMostMs");
    QTest::newRow("timeout in seconds") << QByteArray("/fwd/slow/2500") << 2200;
    QTest::newRow("timeout-ms") << QByteArray("/fwd/slowms/1500") << 1200;
}

void TestGatewayForwarding::timeoutAnswers504WhenTheBackendIsSlower() {
    QFETCH(QByteArray, path);
    QFETCH(int, atMostMs);
    QElapsedTimer timer;
    timer.start();
    const auto response = exchange(m_gateway.port(), request("GET", path));
    QVERIFY(response);
    QCOMPARE(response->status, 504);
    QVERIFY2(timer.elapsed() < atMostMs, qPrintable(QString::number(timer.elapsed())));
    QVERIFY2(!response->header("X-Error-Reason").isEmpty(), "on-error did not run");
}

void TestGatewayForwarding::aBackendWithinTheTimeoutAnswers() {
    const auto response = exchange(m_gateway.port(), request("GET", "/fwd/slow/200"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
}

void TestGatewayForwarding::followRedirectsCallsWhereTheBackendPoints() {
    const auto response =
        exchange(m_gateway.port(), request("GET", "/fwd/redirect/302?to=/api/status/201"));
    QVERIFY(response);
    QCOMPARE(response->status, 201);
    QCOMPARE(echoOf(*response).value(QStringLiteral("target")).toString(),
             QStringLiteral("/api/status/201"));
    // An absolute Location on the same origin, its dot segment resolved.
    const QByteArray absolute =
        "/fwd/redirect/307?to=" + m_backend.url().toUtf8() + "/api/x/../status/202";
    const auto again = exchange(m_gateway.port(), request("GET", absolute));
    QVERIFY(again);
    QCOMPARE(again->status, 202);
    QCOMPARE(echoOf(*again).value(QStringLiteral("target")).toString(),
             QStringLiteral("/api/status/202"));
}

void TestGatewayForwarding::redirectsReachTheCallerByDefault() {
    const auto response =
        exchange(m_gateway.port(), request("GET", "/fwd/bounce/302?to=/api/status/201"));
    QVERIFY(response);
    QCOMPARE(response->status, 302);
    QCOMPARE(response->header("Location"), QByteArray("/api/status/201"));
}

void TestGatewayForwarding::seeOtherTurnsAPostIntoAGet() {
    const auto response =
        exchange(m_gateway.port(), request("POST", "/fwd/redirect/303?to=/api/status/200",
                                           "Content-Type: text/plain\r\nContent-Length: 5\r\n") +
                                       "hello");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const auto echo = echoOf(*response);
    QCOMPARE(echo.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
    QCOMPARE(echo.value(QStringLiteral("bodyBytes")).toInt(), 0);
    QVERIFY(
        !echo.value(QStringLiteral("headers")).toObject().contains(QStringLiteral("content-type")));
}

void TestGatewayForwarding::aRedirectLoopEndsAfterTenHops() {
    const auto response = exchange(m_gateway.port(), request("GET", "/fwd/loop"));
    QVERIFY(response);
    QCOMPARE(response->status, 302); // the eleventh answer goes to the caller as it is
    QCOMPARE(response->header("Location"), QByteArray("/api/loop"));
}

void TestGatewayForwarding::failOnErrorStatusCodeRunsOnError() {
    const auto response = exchange(m_gateway.port(), request("GET", "/fwd/status/404"));
    QVERIFY(response);
    QCOMPARE(response->status, 404);
    QCOMPARE(response->header("X-Error-Reason"), QByteArray("BackendErrorStatusCode"));
}

void TestGatewayForwarding::errorStatusesPassByDefault() {
    const auto response = exchange(m_gateway.port(), request("GET", "/fwd/plain/404"));
    QVERIFY(response);
    QCOMPARE(response->status, 404);
    QVERIFY(response->header("X-Error-Reason").isEmpty());
    QCOMPARE(echoOf(*response).value(QStringLiteral("target")).toString(),
             QStringLiteral("/api/status/404"));
}

QTEST_GUILESS_MAIN(TestGatewayForwarding)
#include "test_gateway_forwarding.moc"
