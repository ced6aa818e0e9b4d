#include "gateway_harness.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using harness::exchange;
using harness::writeOrFail;

namespace {

const char kPassword[] = "pa55-w0rd-only-in-a-file";

QByteArray get(const QByteArray& path, const QByteArray& extraHeaders = {},
               const QByteArray& method = "GET") {
    return method + " " + path + " HTTP/1.1\r\nHost: gw.test\r\n" + extraHeaders +
           (method == "GET" ? "" : "Content-Length: 0\r\n") + "\r\n";
}

QJsonObject echoOf(const harness::HttpResponse& response) {
    return QJsonDocument::fromJson(response.body).object();
}

// Which call to the backend produced this answer (the test backend numbers them).
int backendCall(const std::optional<harness::HttpResponse>& response) {
    return response ? echoOf(*response).value(QStringLiteral("requestNumber")).toInt(-1) : -1;
}

QByteArray subscriptionKey(const QString& workspace, const char* id, const char* owner) {
    const auto result = harness::runCli(
        {QStringLiteral("subscription"), QStringLiteral("create"), QStringLiteral("--workspace"),
         workspace, QStringLiteral("--id"), QLatin1String(id), QStringLiteral("--scope"),
         QStringLiteral("/apis/shop"), QStringLiteral("--owner"), QLatin1String(owner)});
    static const QRegularExpression line(QStringLiteral("^primary-key: (\\S+)$"),
                                         QRegularExpression::MultilineOption);
    const auto match = line.match(QString::fromUtf8(result.standardOutput));
    return result.exitCode == 0 && match.hasMatch() ? match.captured(1).toUtf8() : QByteArray();
}

} // namespace

// The response cache (cache-lookup / cache-store) and authentication-basic on real traffic: the
// real gateway in front of the test backend, which numbers the calls that reach it.
class TestGatewayCaching : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void secondGetIsAnsweredFromTheCacheWithoutCallingTheBackend();
    void postRequestsAndErrorResponsesAreNotCached();
    void requestsWithAuthorizationAreNotCached();
    void varyByHeaderAndQueryParameterKeepSeparateEntries();
    void entriesExpireAfterTheirDuration();
    void varyByDeveloperKeepsOneEntryPerSubscriptionOwner();
    void authenticationBasicSendsCredentialsFromASecretNamedValue();
    void authenticationBasicCredentialsNeverAppearInATrace();

private:
    QByteArray key(const QByteArray& subscription = {}) const {
        return "Ocp-Apim-Subscription-Key: " + (subscription.isEmpty() ? m_alice : subscription) +
               "\r\n";
    }

    QTemporaryDir m_workspace;
    harness::Backend m_backend;
    harness::Gateway m_gateway;
    QByteArray m_alice;
    QByteArray m_bob;
};

void TestGatewayCaching::initTestCase() {
    QVERIFY(m_workspace.isValid());
    QVERIFY(m_backend.start());
    const QString dir = m_workspace.path();
    const auto op = [](const char* method, const char* path, const char* id) {
        harness::Operation operation; // by field: the harness's structs grow
        operation.method = QLatin1String(method);
        operation.urlTemplate = QLatin1String(path);
        operation.id = QLatin1String(id);
        return operation;
    };
    harness::Api shop;
    shop.id = QStringLiteral("shop");
    shop.path = QStringLiteral("shop");
    shop.serviceUrl = m_backend.url() + QStringLiteral("/api");
    shop.operations = {op("GET", "/items/{id}", "get-item"),  op("POST", "/items", "post-item"),
                       op("GET", "/status/{code}", "status"), op("GET", "/vary", "vary"),
                       op("GET", "/short", "short"),          op("GET", "/mine", "mine"),
                       op("GET", "/basic", "basic")};
    shop.subscriptionRequired = true;
    QVERIFY(harness::writeWorkspace(dir, {shop}));
    writeOrFail(dir + QStringLiteral("/users/alice.yaml"), "email: alice@example.test\n");
    writeOrFail(dir + QStringLiteral("/users/bob.yaml"), "email: bob@example.test\n");
    writeOrFail(dir + QStringLiteral("/backend-password.txt"), kPassword);
    writeOrFail(dir + QStringLiteral("/named-values/backend-password.yaml"),
                "secret: file:backend-password.txt\n");
    // Every GET operation caches unless its own document says otherwise.
    writeOrFail(dir + QStringLiteral("/apis/shop/policy.xml"), R"xml(<policies>
  <inbound><cache-lookup vary-by-developer="false" vary-by-developer-groups="false" downstream-caching-type="public" caching-type="internal"/></inbound>
  <backend><forward-request timeout="5"/></backend>
  <outbound><cache-store duration="60"/></outbound>
  <on-error/>
</policies>
)xml");
    const auto operationPolicy = [&](const char* id, const char* xml) {
        writeOrFail(
            dir + QStringLiteral("/apis/shop/operations/%1/policy.xml").arg(QLatin1String(id)),
            xml);
    };
    operationPolicy("vary", R"xml(<policies>
  <inbound><cache-lookup vary-by-developer="false" vary-by-developer-groups="false">
    <vary-by-header>Accept</vary-by-header>
    <vary-by-query-parameter>version</vary-by-query-parameter>
  </cache-lookup></inbound>
  <backend><base/></backend><outbound><base/></outbound><on-error/>
</policies>)xml");
    operationPolicy("short", R"xml(<policies>
  <inbound><base/></inbound><backend><base/></backend>
  <outbound><cache-store duration="1"/></outbound><on-error/>
</policies>)xml");
    operationPolicy("mine", R"xml(<policies>
  <inbound><cache-lookup vary-by-developer="true" vary-by-developer-groups="false" downstream-caching-type="private"/></inbound>
  <backend><base/></backend><outbound><base/></outbound><on-error/>
</policies>)xml");
    operationPolicy("basic", R"xml(<policies>
  <inbound><authentication-basic username="portico-svc" password="{{backend-password}}"/></inbound>
  <backend><base/></backend><outbound/><on-error/>
</policies>)xml");
    m_alice = subscriptionKey(dir, "alice-sub", "alice");
    m_bob = subscriptionKey(dir, "bob-sub", "bob");
    QVERIFY(!m_alice.isEmpty() && !m_bob.isEmpty());
    QString error;
    QVERIFY2(m_gateway.start(dir, {QStringLiteral("--no-watch")}, &error), qPrintable(error));
}

void TestGatewayCaching::cleanupTestCase() {
    QCOMPARE(m_gateway.terminate(), 0);
}

void TestGatewayCaching::secondGetIsAnsweredFromTheCacheWithoutCallingTheBackend() {
    const auto first = exchange(m_gateway.port(), get("/shop/items/1", key()));
    QVERIFY(first);
    QCOMPARE(first->status, 200);
    QCOMPARE(first->header("Cache-Control"), QByteArray("public, max-age=60, must-revalidate"));
    const auto second = exchange(m_gateway.port(), get("/shop/items/1", key()));
    QVERIFY(second);
    QCOMPARE(second->status, 200);
    QCOMPARE(backendCall(second), backendCall(first));
    QCOMPARE(second->body, first->body);
    QCOMPARE(second->header("Content-Type"), QByteArray("application/json"));
    QVERIFY(second->header("Cache-Control").startsWith("public, max-age="));
    // Another resource is another entry.
    const auto other = exchange(m_gateway.port(), get("/shop/items/2", key()));
    QVERIFY(other);
    QVERIFY(backendCall(other) > backendCall(first));
}

void TestGatewayCaching::postRequestsAndErrorResponsesAreNotCached() {
    const auto post1 = exchange(m_gateway.port(), get("/shop/items", key(), "POST"));
    const auto post2 = exchange(m_gateway.port(), get("/shop/items", key(), "POST"));
    QVERIFY(post1 && post2);
    QCOMPARE(post1->status, 200);
    QVERIFY(backendCall(post2) > backendCall(post1));
    QVERIFY(post1->header("Cache-Control").isEmpty());

    const auto missing1 = exchange(m_gateway.port(), get("/shop/status/404", key()));
    const auto missing2 = exchange(m_gateway.port(), get("/shop/status/404", key()));
    QVERIFY(missing1 && missing2);
    QCOMPARE(missing2->status, 404);
    QVERIFY(backendCall(missing2) > backendCall(missing1));
}

void TestGatewayCaching::requestsWithAuthorizationAreNotCached() {
    const QByteArray headers = key() + "Authorization: Bearer someone\r\n";
    const auto first = exchange(m_gateway.port(), get("/shop/items/7", headers));
    const auto second = exchange(m_gateway.port(), get("/shop/items/7", headers));
    QVERIFY(first && second);
    QCOMPARE(second->status, 200);
    QVERIFY(backendCall(second) > backendCall(first));
    // Nor did they fill the entry an anonymous caller would read.
    const auto plain1 = exchange(m_gateway.port(), get("/shop/items/7", key()));
    QVERIFY(plain1);
    QVERIFY(backendCall(plain1) > backendCall(second));
}

void TestGatewayCaching::varyByHeaderAndQueryParameterKeepSeparateEntries() {
    const auto call = [&](const QByteArray& target, const QByteArray& accept) {
        return backendCall(
            exchange(m_gateway.port(), get(target, key() + "Accept: " + accept + "\r\n")));
    };
    const int json = call("/shop/vary?version=1&other=a", "application/json");
    QVERIFY(json > 0);
    QCOMPARE(call("/shop/vary?other=b&version=1", "application/json"), json);
    const int xml = call("/shop/vary?version=1", "application/xml");
    QVERIFY(xml > json);
    QCOMPARE(call("/shop/vary?version=1", "application/xml"), xml);
    const int version2 = call("/shop/vary?version=2", "application/json");
    QVERIFY(version2 > xml);
}

void TestGatewayCaching::entriesExpireAfterTheirDuration() {
    const auto first = exchange(m_gateway.port(), get("/shop/short", key()));
    QVERIFY(first);
    QCOMPARE(first->header("Cache-Control"), QByteArray("public, max-age=1, must-revalidate"));
    QCOMPARE(backendCall(exchange(m_gateway.port(), get("/shop/short", key()))),
             backendCall(first));
    QThread::msleep(2100);
    QVERIFY(backendCall(exchange(m_gateway.port(), get("/shop/short", key()))) >
            backendCall(first));
}

void TestGatewayCaching::varyByDeveloperKeepsOneEntryPerSubscriptionOwner() {
    const auto alice = exchange(m_gateway.port(), get("/shop/mine", key(m_alice)));
    QVERIFY(alice);
    QCOMPARE(alice->status, 200);
    QCOMPARE(alice->header("Cache-Control"), QByteArray("private, max-age=60, must-revalidate"));
    const auto bob = exchange(m_gateway.port(), get("/shop/mine", key(m_bob)));
    QVERIFY(bob);
    QVERIFY(backendCall(bob) > backendCall(alice));
    QCOMPARE(backendCall(exchange(m_gateway.port(), get("/shop/mine", key(m_alice)))),
             backendCall(alice));
    QCOMPARE(backendCall(exchange(m_gateway.port(), get("/shop/mine", key(m_bob)))),
             backendCall(bob));
}

void TestGatewayCaching::authenticationBasicSendsCredentialsFromASecretNamedValue() {
    const auto response =
        exchange(m_gateway.port(), get("/shop/basic", key() + "Authorization: Bearer caller\r\n"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const QByteArray expected = "Basic " + (QByteArray("portico-svc:") + kPassword).toBase64();
    QCOMPARE(echoOf(*response)
                 .value(QStringLiteral("headers"))
                 .toObject()
                 .value(QStringLiteral("authorization"))
                 .toString()
                 .toUtf8(),
             expected);
}

void TestGatewayCaching::authenticationBasicCredentialsNeverAppearInATrace() {
    const auto issued =
        exchange(m_gateway.adminPort(), "POST /debug-credentials HTTP/1.1\r\nHost: admin\r\n"
                                        "Content-Length: 0\r\n\r\n");
    QVERIFY(issued);
    QCOMPARE(issued->status, 200);
    const QByteArray token = echoOf(*issued).value(QStringLiteral("token")).toString().toUtf8();
    const auto response =
        exchange(m_gateway.port(),
                 get("/shop/basic", key() + "Apim-Debug-Authorization: " + token + "\r\n"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const QByteArray location = response->header("Ocp-Apim-Trace-Location");
    const auto at = location.indexOf("/traces/");
    QVERIFY2(at >= 0, response->head.constData());
    const auto trace = exchange(m_gateway.adminPort(),
                                "GET " + location.mid(at) + " HTTP/1.1\r\nHost: admin\r\n\r\n");
    QVERIFY(trace);
    QCOMPARE(trace->status, 200);
    QVERIFY(trace->body.contains("authentication-basic"));
    const QByteArray encoded = (QByteArray("portico-svc:") + kPassword).toBase64();
    QVERIFY(!trace->body.contains(kPassword));
    QVERIFY(!trace->body.contains(encoded));
}

QTEST_GUILESS_MAIN(TestGatewayCaching)
#include "test_gateway_caching.moc"
