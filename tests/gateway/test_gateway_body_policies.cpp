#include "gateway_harness.h"

#include <QTemporaryDir>
#include <QTest>

using harness::exchange;
using harness::writeOrFail;

namespace {

QByteArray post(const QByteArray& path, const QByteArray& body,
                const QByteArray& type = "text/plain") {
    return "POST " + path + " HTTP/1.1\r\nHost: gw.test\r\nContent-Type: " + type +
           "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace

// Policies that answer or rewrite bodies, on real traffic: mock-response from the OpenAPI
// example, redirect-content-urls both ways, and a Liquid set-body. The backend is the test
// backend in corpus echo mode: it answers with the body it received.
class TestGatewayBodyPolicies : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void mockResponseAnswersTheOpenApiExampleWithoutTheBackend();
    void redirectContentUrlsHidesTheBackendInResponses();
    void redirectContentUrlsPointsRequestsAtTheBackend();
    void liquidSetBodyRendersTheRequest();

private:
    QTemporaryDir m_workspace;
    harness::Backend m_echo;
    harness::Gateway m_gateway;
};

void TestGatewayBodyPolicies::initTestCase() {
    QVERIFY(m_workspace.isValid());
    QVERIFY(m_echo.start({QStringLiteral("--corpus-echo")}));
    const QString dir = m_workspace.path();
    using harness::op;
    QVERIFY(harness::writeWorkspace(
        dir, {{QStringLiteral("links"),
               QStringLiteral("links"),
               m_echo.url() + QStringLiteral("/svc"),
               {op("POST", "/outbound", "outbound"), op("POST", "/inbound", "inbound"),
                op("POST", "/liquid", "liquid")},
               {}},
              {QStringLiteral("pets"), QStringLiteral("pets"), m_echo.url(), {}, {}}}));
    // The pets API's own specification, with an example to mock.
    writeOrFail(dir + QStringLiteral("/apis/pets/openapi.yaml"), R"yaml(openapi: 3.0.3
info: { title: pets, version: 1.0.0 }
paths:
  /pets/{id}:
    get:
      operationId: get-pet
      parameters: [ { name: id, in: path, required: true, schema: { type: string } } ]
      responses:
        '200':
          description: a pet
          content:
            application/json:
              example: { id: 7, name: Rex }
)yaml");
    writeOrFail(dir + QStringLiteral("/apis/pets/operations/get-pet/policy.xml"), R"xml(<policies>
  <inbound><base/><mock-response status-code="200" content-type="application/json"/></inbound>
  <backend><base/></backend><outbound><base/></outbound><on-error><base/></on-error>
</policies>)xml");
    const auto operationPolicy = [&](const char* id, const char* xml) {
        writeOrFail(
            dir + QStringLiteral("/apis/links/operations/%1/policy.xml").arg(QLatin1String(id)),
            xml);
    };
    operationPolicy("outbound", R"xml(<policies>
  <inbound><base/></inbound><backend><base/></backend>
  <outbound><base/><redirect-content-urls/></outbound><on-error><base/></on-error>
</policies>)xml");
    operationPolicy("inbound", R"xml(<policies>
  <inbound><base/><redirect-content-urls/></inbound><backend><base/></backend>
  <outbound><base/></outbound><on-error><base/></on-error>
</policies>)xml");
    operationPolicy("liquid", R"xml(<policies>
  <inbound><base/><set-body template="liquid">Hello {{body.name | upcase}}: {{body.items | size}} items{% for i in body.items %} #{{i}}{% endfor %}</set-body></inbound>
  <backend><base/></backend><outbound><base/></outbound><on-error><base/></on-error>
</policies>)xml");
    QString error;
    QVERIFY2(m_gateway.start(dir, {QStringLiteral("--no-watch")}, &error), qPrintable(error));
}

void TestGatewayBodyPolicies::mockResponseAnswersTheOpenApiExampleWithoutTheBackend() {
    const auto response =
        exchange(m_gateway.port(), "GET /pets/pets/7 HTTP/1.1\r\nHost: gw.test\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(response->body, QByteArray(R"({"id":7,"name":"Rex"})"));
    QVERIFY2(response->header("X-Backend-Path").isEmpty(), "the backend was called");
}

void TestGatewayBodyPolicies::redirectContentUrlsHidesTheBackendInResponses() {
    const QByteArray backendLink = m_echo.url().toUtf8() + "/svc/items/2";
    const auto response =
        exchange(m_gateway.port(), post("/links/outbound", "next: " + backendLink + "\n"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray("next: http://gw.test/links/items/2\n"));
}

void TestGatewayBodyPolicies::redirectContentUrlsPointsRequestsAtTheBackend() {
    const auto response =
        exchange(m_gateway.port(), post("/links/inbound", "see http://gw.test/links/items/3"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    // The echo answers with what the backend received.
    QCOMPARE(response->body, "see " + m_echo.url().toUtf8() + "/svc/items/3");
}

void TestGatewayBodyPolicies::liquidSetBodyRendersTheRequest() {
    const auto response =
        exchange(m_gateway.port(),
                 post("/links/liquid", R"({"name":"Ada","items":[4,5]})", "application/json"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray("Hello ADA: 2 items #4 #5"));
}

QTEST_GUILESS_MAIN(TestGatewayBodyPolicies)
#include "test_gateway_body_policies.moc"
