#include "gateway_harness.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using harness::exchange;
using harness::writeOrFail;

namespace {

const char* kSpecification = R"yaml(openapi: 3.0.3
info: { title: shop, version: 1.0.0 }
paths:
  /orders/{id}:
    post:
      operationId: update-order
      parameters:
        - { name: id, in: path, required: true, schema: { type: integer } }
        - { name: limit, in: query, schema: { type: integer, maximum: 50 } }
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Order' }
      responses:
        '200':
          description: the order
          headers:
            X-Backend: { required: true, schema: { type: string, enum: [test-backend] } }
          content:
            application/json: { schema: { type: object } }
  /status/{code}:
    get:
      operationId: get-status
      parameters: [ { name: code, in: path, required: true, schema: { type: integer } } ]
      responses:
        '200': { description: ok }
        '4XX': { description: refused }
components:
  schemas:
    Order:
      type: object
      required: [ name ]
      properties:
        name: { type: string }
        qty: { type: integer, minimum: 1 }
)yaml";

const char* kPolicy = R"xml(<policies>
  <inbound>
    <base/>
    <validate-parameters specified-parameter-action="prevent" unspecified-parameter-action="prevent"/>
    <validate-content unspecified-content-type-action="prevent" max-size="1024" size-exceeded-action="prevent">
      <content type="application/json" validate-as="json" action="prevent"/>
    </validate-content>
  </inbound>
  <backend><base/></backend>
  <outbound>
    <base/>
    <validate-status-code unspecified-status-code-action="prevent"/>
    <validate-headers specified-header-action="prevent" unspecified-header-action="ignore"/>
  </outbound>
  <on-error><base/></on-error>
</policies>)xml";

QByteArray postOrder(const QByteArray& target, const QByteArray& body) {
    return "POST " + target + " HTTP/1.1\r\nHost: gw.test\r\nContent-Type: application/json\r\n" +
           "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QString messageOf(const harness::HttpResponse& response) {
    return QJsonDocument::fromJson(response.body)
        .object()
        .value(QLatin1String("message"))
        .toString();
}

} // namespace

// APIM's validation policies on real traffic: requests that break the API's OpenAPI definition
// never reach the backend, and answers outside it never reach the client.
class TestGatewayValidation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void aConformingCallReachesTheBackend();
    void aBodyOutsideItsSchemaIsRefusedBeforeTheBackend();
    void aParameterOutsideItsSchemaIsRefused();
    void anUndocumentedStatusBecomesA502();
    void theApisSubscriptionKeyIsNeverAnUnspecifiedParameter();

private:
    QTemporaryDir m_workspace;
    QByteArray m_key;
    harness::Backend m_backend;
    harness::Gateway m_gateway;
};

void TestGatewayValidation::initTestCase() {
    QVERIFY(m_workspace.isValid());
    QVERIFY(m_backend.start());
    const QString dir = m_workspace.path();
    // The API takes its subscription key under names of its own.
    QVERIFY(harness::writeWorkspace(
        dir, {{QStringLiteral("shop"),
               QStringLiteral("shop"),
               m_backend.url() + QStringLiteral("/api"),
               {},
               QStringLiteral("subscriptionKey: { header: X-Shop-Key, query: shopkey }\n")}}));
    writeOrFail(dir + QStringLiteral("/apis/shop/openapi.yaml"), kSpecification);
    writeOrFail(dir + QStringLiteral("/apis/shop/policy.xml"), kPolicy);
    m_key =
        harness::createSubscription(dir, {QStringLiteral("--id"), QStringLiteral("shopper"),
                                          QStringLiteral("--scope"), QStringLiteral("/apis/shop")})
            .primary;
    QVERIFY(!m_key.isEmpty());
    QString error;
    QVERIFY2(m_gateway.start(dir, {QStringLiteral("--no-watch")}, &error), qPrintable(error));
}

void TestGatewayValidation::aConformingCallReachesTheBackend() {
    const auto response = exchange(
        m_gateway.port(), postOrder("/shop/orders/7?limit=5", R"({"name":"pen","qty":2})"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("X-Backend"), QByteArray("test-backend"));
}

void TestGatewayValidation::aBodyOutsideItsSchemaIsRefusedBeforeTheBackend() {
    const auto response = exchange(m_gateway.port(), postOrder("/shop/orders/7", R"({"qty":0})"));
    QVERIFY(response);
    QCOMPARE(response->status, 400);
    QCOMPARE(messageOf(*response),
             QStringLiteral("Body of the request does not conform to the schema associated with "
                            "the content type application/json. #: required property 'name' is "
                            "missing"));
    QVERIFY2(response->header("X-Backend").isEmpty(), "the backend was called");

    const auto large =
        exchange(m_gateway.port(),
                 postOrder("/shop/orders/7", "{\"name\":\"" + QByteArray(2000, 'x') + "\"}"));
    QVERIFY(large);
    QCOMPARE(large->status, 400);
    QCOMPARE(messageOf(*large), QStringLiteral("Request's body is 2011 bytes long and it exceeds "
                                               "the limit of 1024 bytes."));
}

void TestGatewayValidation::aParameterOutsideItsSchemaIsRefused() {
    const auto response =
        exchange(m_gateway.port(), postOrder("/shop/orders/7?limit=500", R"({"name":"pen"})"));
    QVERIFY(response);
    QCOMPARE(response->status, 400);
    QCOMPARE(messageOf(*response),
             QStringLiteral("The value of the query parameter limit does not conform to the "
                            "definition. #: must be at most 50"));
    const auto unlisted =
        exchange(m_gateway.port(), postOrder("/shop/orders/7?debug=true", R"({"name":"pen"})"));
    QVERIFY(unlisted);
    QCOMPARE(unlisted->status, 400);
    QCOMPARE(messageOf(*unlisted),
             QStringLiteral("Unspecified query parameter debug is not allowed."));
}

void TestGatewayValidation::anUndocumentedStatusBecomesA502() {
    const auto documented =
        exchange(m_gateway.port(), "GET /shop/status/404 HTTP/1.1\r\nHost: gw.test\r\n\r\n");
    QVERIFY(documented);
    QCOMPARE(documented->status, 404);
    const auto undocumented =
        exchange(m_gateway.port(), "GET /shop/status/500 HTTP/1.1\r\nHost: gw.test\r\n\r\n");
    QVERIFY(undocumented);
    QCOMPARE(undocumented->status, 502);
    QCOMPARE(messageOf(*undocumented),
             QStringLiteral("The request could not be processed due to an internal error. "
                            "Contact the API owner."));
}

void TestGatewayValidation::theApisSubscriptionKeyIsNeverAnUnspecifiedParameter() {
    const QByteArray body = R"({"name":"pen"})";
    const auto inQuery =
        exchange(m_gateway.port(), postOrder("/shop/orders/7?shopkey=" + m_key, body));
    QVERIFY(inQuery);
    QCOMPARE(inQuery->status, 200);
    QByteArray inHeader = postOrder("/shop/orders/7", body);
    inHeader.replace("Host: gw.test\r\n", "Host: gw.test\r\nX-Shop-Key: " + m_key + "\r\n");
    const auto viaHeader = exchange(m_gateway.port(), inHeader);
    QVERIFY(viaHeader);
    QCOMPARE(viaHeader->status, 200);
    // Another API's name for it is just an unspecified parameter here.
    const auto otherName =
        exchange(m_gateway.port(),
                 postOrder("/shop/orders/7?shopkey=" + m_key + "&subscription-key=x", body));
    QVERIFY(otherName);
    QCOMPARE(messageOf(*otherName),
             QStringLiteral("Unspecified query parameter subscription-key is not allowed."));
}

QTEST_GUILESS_MAIN(TestGatewayValidation)
#include "test_gateway_validation.moc"
