#include "gateway_harness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using harness::exchange;
using harness::writeOrFail;

namespace {

QByteArray get(const QByteArray& path, const QByteArray& extraHeaders = {}) {
    return "GET " + path + " HTTP/1.1\r\nHost: gw.test\r\n" + extraHeaders + "\r\n";
}

constexpr char kSecret[] = "s3cret-token-value";

} // namespace

// APIM's request tracing at the gateway: who may trace (a debug credential from the admin
// listener, or a subscription that allows tracing), where the trace is served, what it holds
// across scopes, and that no secret or key shows in it.
class TestGatewayTraces : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void aDebugCredentialTracesEveryScopesPolicies();
    void theTraceMasksSecretsAndKeys();
    void withoutPermissionTheTraceHeaderIsIgnored_data();
    void withoutPermissionTheTraceHeaderIsIgnored();
    void aSubscriptionThatAllowsTracingMayTrace();
    void gatewayOnlyHeadersNeverReachTheBackend();

private:
    QByteArray credential();
    // The trace the response's Ocp-Apim-Trace-Location points at, as served.
    std::optional<QByteArray> traceTextOf(const harness::HttpResponse& response);
    std::optional<QJsonObject> traceOf(const harness::HttpResponse& response);

    QTemporaryDir m_workspace;
    harness::Backend m_backend;
    harness::Gateway m_gateway;
    harness::SubscriptionKeys m_tracing;
    harness::SubscriptionKeys m_plain;
};

void TestGatewayTraces::initTestCase() {
    QVERIFY(m_workspace.isValid());
    QVERIFY(m_backend.start());
    const QString dir = m_workspace.path();
    harness::Api shop{
        QStringLiteral("shop"),
        QStringLiteral("shop"),
        m_backend.url() + QStringLiteral("/api"),
        {{QStringLiteral("GET"), QStringLiteral("/orders/{id}"), QStringLiteral("get-order")}},
        {},
        true};
    QVERIFY(harness::writeWorkspace(dir, {shop}));
    writeOrFail(dir + QStringLiteral("/secret.txt"), kSecret);
    writeOrFail(dir + QStringLiteral("/named-values/backend-token.yaml"),
                "secret: file:secret.txt\n");
    writeOrFail(dir + QStringLiteral("/policies/global.xml"), R"xml(<policies>
  <inbound><set-variable name="tier" value="gold"/></inbound>
  <backend><forward-request/></backend>
  <outbound/>
  <on-error/>
</policies>
)xml");
    writeOrFail(dir + QStringLiteral("/apis/shop/policy.xml"), R"xml(<policies>
  <inbound><base/><set-header name="Authorization" exists-action="override"><value>Bearer {{backend-token}}</value></set-header></inbound>
  <backend><base/></backend>
  <outbound><base/></outbound>
  <on-error><base/></on-error>
</policies>
)xml");
    writeOrFail(dir + QStringLiteral("/apis/shop/operations/get-order/policy.xml"),
                R"xml(<policies>
  <inbound><base/><set-variable name="order" value="@(context.Request.MatchedParameters[&quot;id&quot;])"/><trace source="shop"><message>token {{backend-token}}</message></trace></inbound>
  <backend><base/></backend>
  <outbound><base/><set-header name="X-Order" exists-action="override"><value>@((string)context.Variables[&quot;order&quot;])</value></set-header></outbound>
  <on-error><base/></on-error>
</policies>
)xml");
    m_plain =
        harness::createSubscription(dir, {QStringLiteral("--id"), QStringLiteral("plain"),
                                          QStringLiteral("--scope"), QStringLiteral("/apis")});
    m_tracing =
        harness::createSubscription(dir, {QStringLiteral("--id"), QStringLiteral("tracer"),
                                          QStringLiteral("--scope"), QStringLiteral("/apis")});
    QVERIFY(!m_plain.primary.isEmpty() && !m_tracing.primary.isEmpty());
    QFile tracer(dir + QStringLiteral("/subscriptions/tracer.yaml"));
    QVERIFY(tracer.open(QIODevice::Append));
    tracer.write("allowTracing: true\n");
    tracer.close();
    QString error;
    QVERIFY2(m_gateway.start(dir, {QStringLiteral("--no-watch")}, &error), qPrintable(error));
}

QByteArray TestGatewayTraces::credential() {
    const auto issued =
        exchange(m_gateway.adminPort(), "POST /debug-credentials HTTP/1.1\r\nHost: admin\r\n"
                                        "Content-Length: 0\r\n\r\n");
    if (!issued || issued->status != 200)
        return {};
    return QJsonDocument::fromJson(issued->body)
        .object()
        .value(QStringLiteral("token"))
        .toString()
        .toUtf8();
}

std::optional<QByteArray> TestGatewayTraces::traceTextOf(const harness::HttpResponse& response) {
    const QByteArray location = response.header("Ocp-Apim-Trace-Location");
    const auto at = location.indexOf("/traces/");
    if (at < 0)
        return std::nullopt;
    const auto trace = exchange(m_gateway.adminPort(),
                                "GET " + location.mid(at) + " HTTP/1.1\r\nHost: admin\r\n\r\n");
    if (!trace || trace->status != 200)
        return std::nullopt;
    return trace->body;
}

std::optional<QJsonObject> TestGatewayTraces::traceOf(const harness::HttpResponse& response) {
    const auto text = traceTextOf(response);
    if (!text)
        return std::nullopt;
    return QJsonDocument::fromJson(*text).object();
}

void TestGatewayTraces::aDebugCredentialTracesEveryScopesPolicies() {
    const QByteArray token = credential();
    QVERIFY(!token.isEmpty());
    const auto response =
        exchange(m_gateway.port(),
                 get("/shop/orders/42", "Ocp-Apim-Subscription-Key: " + m_plain.primary +
                                            "\r\nApim-Debug-Authorization: " + token + "\r\n"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("X-Order"), QByteArray("42"));
    const auto trace = traceOf(*response);
    QVERIFY2(trace, response->head.constData());
    QCOMPARE(trace->value(QStringLiteral("requestId")).toString().toUtf8(),
             response->header("x-request-id"));
    QStringList policies;
    QMap<QString, QString> variables;
    for (const auto& value : trace->value(QStringLiteral("policies")).toArray()) {
        const auto entry = value.toObject();
        policies << entry.value(QStringLiteral("section")).toString() + QLatin1Char('/') +
                        entry.value(QStringLiteral("scope")).toString() + QLatin1Char('/') +
                        entry.value(QStringLiteral("policy")).toString();
        const auto set = entry.value(QStringLiteral("variablesSet")).toObject();
        for (auto it = set.begin(); it != set.end(); ++it)
            variables[it.key()] = it.value().toString();
    }
    for (const char* expected : {"inbound/global/set-variable", "inbound/api/set-header",
                                 "inbound/operation/set-variable", "inbound/operation/trace",
                                 "backend/global/forward-request", "outbound/operation/set-header"})
        QVERIFY2(policies.contains(QLatin1String(expected)), qPrintable(policies.join(u' ')));
    QCOMPARE(variables.value(QStringLiteral("tier")), QStringLiteral("gold"));
    QCOMPARE(variables.value(QStringLiteral("order")), QStringLiteral("42"));
    const auto messages = trace->value(QStringLiteral("messages")).toArray();
    QCOMPARE(messages.size(), qsizetype(1));
    QCOMPARE(messages.at(0).toObject().value(QStringLiteral("source")).toString(),
             QStringLiteral("shop"));
}

void TestGatewayTraces::theTraceMasksSecretsAndKeys() {
    const QByteArray token = credential();
    const auto response =
        exchange(m_gateway.port(),
                 get("/shop/orders/7", "Ocp-Apim-Subscription-Key: " + m_plain.primary +
                                           "\r\nApim-Debug-Authorization: " + token + "\r\n"));
    QVERIFY(response);
    const auto trace = traceTextOf(*response);
    QVERIFY2(trace, response->head.constData());
    QVERIFY2(!trace->contains(kSecret), trace->constData());
    QVERIFY2(trace->contains("token ***"), trace->constData());
    QVERIFY2(!trace->contains(m_plain.primary), "the subscription key is in the trace");
    QVERIFY2(!trace->contains(token), "the debug credential is in the trace");
}

void TestGatewayTraces::withoutPermissionTheTraceHeaderIsIgnored_data() {
    QTest::addColumn<QByteArray>("headers");
    QTest::newRow("trace header, subscription without tracing")
        << QByteArray("Ocp-Apim-Trace: true\r\n");
    QTest::newRow("forged debug credential")
        << QByteArray("Apim-Debug-Authorization: not-a-credential\r\nOcp-Apim-Trace: true\r\n");
}

void TestGatewayTraces::withoutPermissionTheTraceHeaderIsIgnored() {
    QFETCH(QByteArray, headers);
    const auto response = exchange(
        m_gateway.port(),
        get("/shop/orders/1", "Ocp-Apim-Subscription-Key: " + m_plain.primary + "\r\n" + headers));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY2(response->header("Ocp-Apim-Trace-Location").isEmpty(), response->head.constData());
}

void TestGatewayTraces::aSubscriptionThatAllowsTracingMayTrace() {
    const auto response = exchange(
        m_gateway.port(), get("/shop/orders/5", "Ocp-Apim-Subscription-Key: " + m_tracing.primary +
                                                    "\r\nOcp-Apim-Trace: true\r\n"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const auto trace = traceOf(*response);
    QVERIFY2(trace, response->head.constData());
    QVERIFY(!trace->value(QStringLiteral("policies")).toArray().isEmpty());
    // The same subscription without the header is not traced.
    const auto quiet =
        exchange(m_gateway.port(),
                 get("/shop/orders/5", "Ocp-Apim-Subscription-Key: " + m_tracing.primary + "\r\n"));
    QVERIFY(quiet);
    QVERIFY(quiet->header("Ocp-Apim-Trace-Location").isEmpty());
}

void TestGatewayTraces::gatewayOnlyHeadersNeverReachTheBackend() {
    const QByteArray token = credential();
    const auto response = exchange(
        m_gateway.port(), get("/shop/orders/9", "Ocp-Apim-Subscription-Key: " + m_tracing.primary +
                                                    "\r\nOcp-Apim-Trace: true\r\n"
                                                    "Apim-Debug-Authorization: " +
                                                    token + "\r\n"));
    QVERIFY(response);
    const auto headers = QJsonDocument::fromJson(response->body)
                             .object()
                             .value(QStringLiteral("headers"))
                             .toObject();
    QVERIFY(!headers.contains(QStringLiteral("apim-debug-authorization")));
    QVERIFY(!headers.contains(QStringLiteral("ocp-apim-trace")));
    QCOMPARE(headers.value(QStringLiteral("authorization")).toString(),
             QStringLiteral("Bearer ") + QLatin1String(kSecret));
}

QTEST_GUILESS_MAIN(TestGatewayTraces)
#include "test_gateway_traces.moc"
