#include "gateway_harness.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using harness::exchange;
using harness::writeOrFail;

namespace {

QJsonObject echoOf(const harness::HttpResponse& response) {
    return QJsonDocument::fromJson(response.body).object();
}

QString backendHeader(const QJsonObject& echo, const char* name) {
    return echo.value(QStringLiteral("headers")).toObject().value(QLatin1String(name)).toString();
}

QByteArray get(const QByteArray& path, const QByteArray& extraHeaders = {}) {
    return "GET " + path + " HTTP/1.1\r\nHost: gw.test\r\n" + extraHeaders + "\r\n";
}

} // namespace

// Policies on real traffic: the real gateway, the real test backend, APIM policy documents at
// global, API and operation scope.
class TestGatewayPolicies : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void inboundPoliciesOfEveryScopeReachTheBackend();
    void outboundPoliciesChangeTheBackendsAnswer();
    void serverIdentityHeadersAreStrippedByDefault();
    void rewriteUriUsesThePathParameter();
    void returnResponseAnswersWithoutTheBackend();
    void ipFilterForbidsTheCallerWithApimsMessage();
    void chooseRoutesOnAnExpression_data();
    void chooseRoutesOnAnExpression();
    void setBodyReplacesTheRequestBody();
    void corsPreflightIsAnsweredByTheGateway();
    void backendFailureRunsOnErrorWithLastError();
    void retryRepeatsTheForwardUntilTheConditionIsFalse();
    void setBackendServiceSendsTheCallElsewhere();
    void rateLimitByKeyAnswers429AndCountsTheMetric();
    void emitMetricShowsOnThePrometheusEndpoint();
    void expressionsReadTheApiAndOperationOfTheCall();
    void sendRequestReadsAnswersWithLargeHeads();
    void sendRequestGoesAgainWhenItsPooledConnectionWasClosed();

private:
    QTemporaryDir m_workspace;
    harness::Backend m_backend;
    harness::Gateway m_gateway;
};

void TestGatewayPolicies::initTestCase() {
    QVERIFY(m_workspace.isValid());
    QVERIFY(m_backend.start());
    const QString dir = m_workspace.path();
    using harness::op;
    QVERIFY(harness::writeWorkspace(
        dir, {{QStringLiteral("shop"),
               QStringLiteral("shop"),
               m_backend.url() + QStringLiteral("/api"),
               {op("GET", "/orders/{id}", "get-order"), op("GET", "/status/{code}", "status"),
                op("GET", "/ping", "ping"), op("GET", "/private", "private"),
                op("GET", "/route", "route"), op("POST", "/upload", "upload"),
                op("GET", "/plain", "plain"), op("GET", "/moved", "moved"),
                op("GET", "/limited", "limited"), op("GET", "/metered", "metered"),
                op("GET", "/described", "describe-call"), op("GET", "/lookup", "lookup")},
               {}},
              {QStringLiteral("dead"),
               QStringLiteral("dead"),
               QStringLiteral("http://127.0.0.1:1"),
               {op("GET", "/x", "x")},
               {}}}));
    writeOrFail(dir + QStringLiteral("/policies/global.xml"), R"xml(<policies>
  <inbound><set-header name="X-Scope-Global" exists-action="override"><value>global</value></set-header></inbound>
  <backend><forward-request timeout="5"/></backend>
  <outbound><set-header name="X-Answered-By" exists-action="override"><value>portico</value></set-header></outbound>
  <on-error><set-header name="X-Error-Reason" exists-action="override"><value>@(context.LastError.Reason)</value></set-header></on-error>
</policies>
)xml");
    writeOrFail(dir + QStringLiteral("/apis/shop/policy.xml"), R"xml(<policies>
  <inbound><base/><cors><allowed-origins><origin>https://app.example.test</origin></allowed-origins><allowed-methods><method>GET</method><method>PUT</method></allowed-methods></cors>
    <set-header name="X-Scope-Api" exists-action="override"><value>shop</value></set-header></inbound>
  <backend><base/></backend>
  <outbound><base/><set-header name="X-Backend" exists-action="delete"/></outbound>
  <on-error><base/></on-error>
</policies>
)xml");
    const auto operationPolicy = [&](const char* id, const char* xml) {
        writeOrFail(
            dir + QStringLiteral("/apis/shop/operations/%1/policy.xml").arg(QLatin1String(id)),
            xml);
    };
    operationPolicy("get-order", R"xml(<policies>
  <inbound><base/><rewrite-uri template="/status/{id}"/></inbound>
  <backend><base/></backend><outbound><base/></outbound><on-error><base/></on-error>
</policies>)xml");
    operationPolicy("ping", R"xml(<policies>
  <inbound><return-response><set-status code="200" reason="OK"/><set-header name="Content-Type" exists-action="override"><value>text/plain</value></set-header><set-body>pong</set-body></return-response></inbound>
  <backend><base/></backend><outbound><base/></outbound><on-error><base/></on-error>
</policies>)xml");
    operationPolicy("private", R"xml(<policies>
  <inbound><base/><ip-filter action="forbid"><address>127.0.0.1</address></ip-filter></inbound>
  <backend><base/></backend><outbound><base/></outbound><on-error><base/></on-error>
</policies>)xml");
    operationPolicy("route", R"xml(<policies>
  <inbound><base/>
    <choose>
      <when condition="@(context.Request.Headers.GetValueOrDefault(&quot;X-Tier&quot;, &quot;&quot;) == &quot;gold&quot;)">
        <set-header name="X-Lane" exists-action="override"><value>@(&quot;fast-&quot; + context.Request.Headers.GetValueOrDefault(&quot;X-Tier&quot;, &quot;&quot;))</value></set-header>
      </when>
      <otherwise><set-header name="X-Lane" exists-action="override"><value>standard</value></set-header></otherwise>
    </choose>
  </inbound>
  <backend><base/></backend><outbound><base/></outbound><on-error><base/></on-error>
</policies>)xml");
    operationPolicy("upload", R"xml(<policies>
  <inbound><base/><set-body>{"replaced":true}</set-body></inbound>
  <backend><base/></backend><outbound><base/></outbound><on-error><base/></on-error>
</policies>)xml");
    operationPolicy("status", R"xml(<policies>
  <inbound><base/></inbound>
  <backend><retry condition="@(context.Response.StatusCode == 503)" count="2" interval="1" first-fast-retry="true"><forward-request/></retry></backend>
  <outbound><base/></outbound><on-error><base/></on-error>
</policies>)xml");
    operationPolicy("limited", R"xml(<policies>
  <inbound><base/><rate-limit-by-key calls="2" renewal-period="60" counter-key="@(context.Request.IpAddress)"/></inbound>
  <backend><base/></backend><outbound><base/></outbound><on-error><base/></on-error>
</policies>)xml");
    operationPolicy("metered", R"xml(<policies>
  <inbound><base/><emit-metric name="Orders" namespace="shop-metrics" value="@(context.Request.Headers.GetValueOrDefault(&quot;X-Items&quot;, &quot;1&quot;))">
    <dimension name="API ID"/><dimension name="Client IP" value="@(context.Request.IpAddress)"/>
  </emit-metric></inbound>
  <backend><base/></backend><outbound><base/></outbound><on-error><base/></on-error>
</policies>)xml");
    operationPolicy("describe-call", R"xml(<policies>
  <inbound><base/></inbound>
  <backend><base/></backend>
  <outbound><base/>
    <set-header name="X-Api" exists-action="override"><value>@(context.Api.Id + "|" + context.Api.Name + "|" + context.Api.Path + "|" + context.Api.ServiceUrl)</value></set-header>
    <set-header name="X-Operation" exists-action="override"><value>@(context.Operation.Id + "|" + context.Operation.Method + "|" + context.Operation.UrlTemplate)</value></set-header>
  </outbound>
  <on-error><base/></on-error>
</policies>)xml");
    const QByteArray moved = "<policies><inbound><base/><set-backend-service base-url=\"" +
                             m_backend.url().toUtf8() +
                             "/api/status\"/><rewrite-uri template=\"/207\"/></inbound>"
                             "<backend><base/></backend><outbound><base/></outbound>"
                             "<on-error><base/></on-error></policies>";
    operationPolicy("moved", moved.constData());
    // A side request whose answer has a 20 KiB head, answered to the client as it came.
    const QByteArray lookup = "<policies><inbound><base/><send-request mode=\"new\" "
                              "response-variable-name=\"side\" timeout=\"5\"><set-url>" +
                              m_backend.url().toUtf8() +
                              "/api/raw/large-head</set-url><set-method>GET</set-method>"
                              "</send-request><return-response response-variable-name=\"side\"/>"
                              "</inbound><backend><base/></backend><outbound><base/></outbound>"
                              "<on-error><base/></on-error></policies>";
    operationPolicy("lookup", lookup.constData());
    QString error;
    QVERIFY2(m_gateway.start(dir, {}, &error), qPrintable(error));
}

void TestGatewayPolicies::cleanupTestCase() {
    QVERIFY2(m_gateway.isRunning(), "the gateway must survive every test");
}

void TestGatewayPolicies::inboundPoliciesOfEveryScopeReachTheBackend() {
    const auto response = exchange(m_gateway.port(), get("/shop/plain"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const auto echo = echoOf(*response);
    QCOMPARE(backendHeader(echo, "x-scope-global"), QStringLiteral("global"));
    QCOMPARE(backendHeader(echo, "x-scope-api"), QStringLiteral("shop"));
    QCOMPARE(echo.value(QStringLiteral("target")).toString(), QStringLiteral("/api/plain"));
}

void TestGatewayPolicies::outboundPoliciesChangeTheBackendsAnswer() {
    const auto response = exchange(m_gateway.port(), get("/shop/plain"));
    QVERIFY(response);
    QCOMPARE(response->header("X-Answered-By"), QByteArray("portico"));
    QVERIFY(response->header("X-Backend").isEmpty()); // deleted at API scope
    QVERIFY(!response->header("x-request-id").isEmpty());
}

void TestGatewayPolicies::serverIdentityHeadersAreStrippedByDefault() {
    const auto response = exchange(m_gateway.port(), get("/shop/plain"));
    QVERIFY(response);
    QVERIFY(response->header("Server").isEmpty());
    QVERIFY(response->header("X-Powered-By").isEmpty());
    QVERIFY(response->header("X-Hop").isEmpty());
}

void TestGatewayPolicies::rewriteUriUsesThePathParameter() {
    const auto response = exchange(m_gateway.port(), get("/shop/orders/418"));
    QVERIFY(response);
    QCOMPARE(response->status, 418);
    QCOMPARE(echoOf(*response).value(QStringLiteral("target")).toString(),
             QStringLiteral("/api/status/418"));
}

void TestGatewayPolicies::returnResponseAnswersWithoutTheBackend() {
    const auto response = exchange(m_gateway.port(), get("/shop/ping"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray("pong"));
    QCOMPARE(response->header("Content-Type"), QByteArray("text/plain"));
    QVERIFY(response->header("X-Answered-By").isEmpty()); // outbound does not run
}

void TestGatewayPolicies::ipFilterForbidsTheCallerWithApimsMessage() {
    const auto response = exchange(m_gateway.port(), get("/shop/private"));
    QVERIFY(response);
    QCOMPARE(response->status, 403);
    const auto body = QJsonDocument::fromJson(response->body).object();
    QCOMPARE(body.value(QStringLiteral("statusCode")).toInt(), 403);
    QCOMPARE(body.value(QStringLiteral("message")).toString(),
             QStringLiteral("Caller IP address 127.0.0.1 is not allowed. Access denied."));
    QCOMPARE(response->header("X-Error-Reason"), QByteArray("CallerIpNotAllowed"));
}

void TestGatewayPolicies::chooseRoutesOnAnExpression_data() {
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QString>("lane");
    QTest::newRow("gold") << QByteArray("X-Tier: gold\r\n") << QStringLiteral("fast-gold");
    QTest::newRow("silver") << QByteArray("X-Tier: silver\r\n") << QStringLiteral("standard");
    QTest::newRow("none") << QByteArray() << QStringLiteral("standard");
}

void TestGatewayPolicies::chooseRoutesOnAnExpression() {
    QFETCH(QByteArray, headers);
    QFETCH(QString, lane);
    const auto response = exchange(m_gateway.port(), get("/shop/route", headers));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(backendHeader(echoOf(*response), "x-lane"), lane);
}

void TestGatewayPolicies::setBodyReplacesTheRequestBody() {
    const QByteArray body(100000, 'a');
    const auto response = exchange(
        m_gateway.port(), "POST /shop/upload HTTP/1.1\r\nHost: gw.test\r\nContent-Length: " +
                              QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const auto echo = echoOf(*response);
    QCOMPARE(echo.value(QStringLiteral("bodyBytes")).toInt(), 17); // {"replaced":true}
    QCOMPARE(backendHeader(echo, "content-length"), QStringLiteral("17"));
}

void TestGatewayPolicies::corsPreflightIsAnsweredByTheGateway() {
    const auto response = exchange(
        m_gateway.port(), "OPTIONS /shop/status/200 HTTP/1.1\r\nHost: gw.test\r\nOrigin: "
                          "https://app.example.test\r\nAccess-Control-Request-Method: PUT\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("Access-Control-Allow-Origin"),
             QByteArray("https://app.example.test"));
    QVERIFY(response->header("Access-Control-Allow-Methods").contains("PUT"));
    QVERIFY(echoOf(*response).isEmpty()); // never reached the backend
}

void TestGatewayPolicies::backendFailureRunsOnErrorWithLastError() {
    const auto response = exchange(m_gateway.port(), get("/dead/x"));
    QVERIFY(response);
    QCOMPARE(response->status, 502);
    QCOMPARE(response->header("X-Error-Reason"), QByteArray("BackendConnectionFailure"));
    const auto body = QJsonDocument::fromJson(response->body).object();
    QCOMPARE(body.value(QStringLiteral("statusCode")).toInt(), 502);
}

void TestGatewayPolicies::retryRepeatsTheForwardUntilTheConditionIsFalse() {
    // Always 503: one call and two retries, the first at once, the second after 1 s.
    QElapsedTimer clock;
    clock.start();
    const auto response = exchange(m_gateway.port(), get("/shop/status/503"), 10000);
    QVERIFY(response);
    QCOMPARE(response->status, 503);
    QVERIFY2(clock.elapsed() >= 950, "the second retry waits its interval");
}

void TestGatewayPolicies::setBackendServiceSendsTheCallElsewhere() {
    const auto response = exchange(m_gateway.port(), get("/shop/moved"));
    QVERIFY(response);
    QCOMPARE(response->status, 207);
    QCOMPARE(echoOf(*response).value(QStringLiteral("target")).toString(),
             QStringLiteral("/api/status/207"));
}

void TestGatewayPolicies::rateLimitByKeyAnswers429AndCountsTheMetric() {
    for (int i = 0; i < 2; ++i) {
        const auto admitted = exchange(m_gateway.port(), get("/shop/limited"));
        QVERIFY(admitted);
        QCOMPARE(admitted->status, 200);
    }
    const auto refused = exchange(m_gateway.port(), get("/shop/limited"));
    QVERIFY(refused);
    QCOMPARE(refused->status, 429);
    const int retryAfter = refused->header("Retry-After").toInt();
    // The first call leaves the 60 s window 60 s after its second began (docs/throttling.md):
    // never more than the renewal period, and less only by the time the calls took.
    QVERIFY2(retryAfter >= 55 && retryAfter <= 60, refused->header("Retry-After").constData());
    QCOMPARE(
        QJsonDocument::fromJson(refused->body).object().value(QStringLiteral("message")).toString(),
        QStringLiteral("Rate limit is exceeded. Try again in %1 seconds.").arg(retryAfter));
    const auto metrics =
        exchange(m_gateway.adminPort(), "GET /metrics HTTP/1.1\r\nHost: admin\r\n\r\n");
    QVERIFY(metrics);
    QVERIFY2(metrics->body.contains("portico_throttled_requests_total{policy=\"rate-limit-by-key\","
                                    "api=\"shop\"} 1"),
             metrics->body.constData());
}

void TestGatewayPolicies::emitMetricShowsOnThePrometheusEndpoint() {
    for (const char* items : {"3", "4.5"}) {
        const auto answered = exchange(
            m_gateway.port(), get("/shop/metered", "X-Items: " + QByteArray(items) + "\r\n"));
        QVERIFY(answered);
        QCOMPARE(answered->status, 200);
    }
    const auto notANumber = exchange(m_gateway.port(), get("/shop/metered", "X-Items: many\r\n"));
    QVERIFY(notANumber);
    QCOMPARE(notANumber->status, 500);
    const auto metrics =
        exchange(m_gateway.adminPort(), "GET /metrics HTTP/1.1\r\nHost: admin\r\n\r\n");
    QVERIFY(metrics);
    const QByteArray series =
        "{namespace=\"shop-metrics\",name=\"Orders\",api_id=\"shop\",client_ip=\"127.0.0.1\"}";
    QVERIFY2(metrics->body.contains("portico_custom_metric_sum" + series + " 7.5\n"),
             metrics->body.constData());
    QVERIFY2(metrics->body.contains("portico_custom_metric_count" + series + " 2\n"),
             metrics->body.constData());
}

// context.Api and context.Operation as APIM shows them; a HEAD call to a GET operation reads its
// own method there.
void TestGatewayPolicies::expressionsReadTheApiAndOperationOfTheCall() {
    const QByteArray api = "shop|shop|/shop|" + m_backend.url().toUtf8() + "/api";
    const auto response = exchange(m_gateway.port(), get("/shop/described"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("X-Api"), api);
    QCOMPARE(response->header("X-Operation"), QByteArray("describe-call|GET|/described"));

    harness::RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    connection.send("HEAD /shop/described HTTP/1.1\r\nHost: gw.test\r\n\r\n");
    const auto head = connection.readResponse(5000, true);
    QVERIFY(head);
    QCOMPARE(head->status, 200);
    QCOMPARE(head->header("X-Api"), api);
    QCOMPARE(head->header("X-Operation"), QByteArray("describe-call|HEAD|/described"));
}

void TestGatewayPolicies::sendRequestReadsAnswersWithLargeHeads() {
    const auto response = exchange(m_gateway.port(), get("/shop/lookup"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("X-Big"), QByteArray(20000, 'b'));
    QCOMPARE(response->body, QByteArray("ok"));
}

// The side request's backend answers keep-alive and then closes: the second lookup meets the
// closed pooled connection, and a GET goes again on a fresh one.
void TestGatewayPolicies::sendRequestGoesAgainWhenItsPooledConnectionWasClosed() {
    harness::RawConnection connection; // one worker, so one backend pool, for both lookups
    QVERIFY(connection.open(m_gateway.port()));
    for (int call = 1; call <= 2; ++call) {
        connection.send(get("/shop/lookup"));
        const auto response = connection.readResponse();
        QVERIFY2(response, qPrintable(QStringLiteral("lookup %1 got no answer").arg(call)));
        QCOMPARE(response->status, 200);
        QCOMPARE(response->body, QByteArray("ok"));
    }
}

QTEST_GUILESS_MAIN(TestGatewayPolicies)
#include "test_gateway_policies.moc"
