#include "gateway_harness.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using harness::exchange;
using harness::writeOrFail;

namespace {

QByteArray get(const QByteArray& path, const QByteArray& key = {}) {
    QByteArray request = "GET " + path + " HTTP/1.1\r\nHost: gw.test\r\n";
    if (!key.isEmpty())
        request += "Ocp-Apim-Subscription-Key: " + key + "\r\n";
    return request + "\r\n";
}

QString message(const harness::HttpResponse& response) {
    return QJsonDocument::fromJson(response.body)
        .object()
        .value(QStringLiteral("message"))
        .toString();
}

const QString kMissing = QStringLiteral(
    "Access denied due to missing subscription key. Make sure to include subscription key when "
    "making requests to an API.");
const QString kInvalid = QStringLiteral(
    "Access denied due to invalid subscription key. Make sure to provide a valid key for an "
    "active subscription.");

} // namespace

// Subscription keys at the gateway, end to end: keys made by `portico subscription create`,
// checked by the real gateway with APIM's rules and messages.
class TestGatewaySubscriptions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void missingKeyAnswers401WithApimsMessage();
    void invalidKeyAnswers401WithApimsMessage();
    void primaryAndSecondaryKeysAreBothAdmitted();
    void queryKeyCountsOnlyWithoutTheHeader();
    void suspendedSubscriptionIsRefused();
    void productKeyAdmitsOnlyTheProductsApis();
    void productPoliciesApplyOnlyToProductSubscriptions();
    void openProductAndOpenApiNeedNoKey();
    void accessLogNamesTheSubscriptionNeverTheKey();

private:
    using Keys = harness::SubscriptionKeys;
    Keys create(const QString& id, const QString& scope);

    QTemporaryDir m_workspace;
    QTemporaryDir m_logs;
    QString m_accessLog;
    harness::Backend m_backend;
    harness::Gateway m_gateway;
    Keys m_gold;
    Keys m_all;
    Keys m_suspended;
};

TestGatewaySubscriptions::Keys TestGatewaySubscriptions::create(const QString& id,
                                                                const QString& scope) {
    return harness::createSubscription(
        m_workspace.path(), {QStringLiteral("--id"), id, QStringLiteral("--scope"), scope});
}

void TestGatewaySubscriptions::initTestCase() {
    QVERIFY(m_workspace.isValid());
    QVERIFY(m_backend.start());
    const QString dir = m_workspace.path();
    using harness::op;
    const QString service = m_backend.url() + QStringLiteral("/api");
    harness::Api orders{QStringLiteral("orders"),
                        QStringLiteral("orders"),
                        service,
                        {op("GET", "/items/{id}", "get-item")},
                        {},
                        true};
    harness::Api reports{QStringLiteral("reports"),
                         QStringLiteral("reports"),
                         service,
                         {op("GET", "/daily", "daily")},
                         {},
                         true};
    harness::Api catalog{QStringLiteral("catalog"),
                         QStringLiteral("catalog"),
                         service,
                         {op("GET", "/books", "books")},
                         {},
                         true};
    harness::Api status{QStringLiteral("status"),
                        QStringLiteral("status"),
                        service,
                        {op("GET", "/now", "now")},
                        {},
                        false};
    QVERIFY(harness::writeWorkspace(dir, {orders, reports, catalog, status}));
    writeOrFail(dir + QStringLiteral("/products/gold/product.yaml"),
                "displayName: Gold\napis:\n  - orders\n");
    writeOrFail(dir + QStringLiteral("/products/gold/policy.xml"), R"xml(<policies>
  <inbound><base/><set-header name="X-Product" exists-action="override"><value>gold</value></set-header></inbound>
  <backend><base/></backend><outbound><base/></outbound><on-error><base/></on-error>
</policies>
)xml");
    writeOrFail(dir + QStringLiteral("/products/free/product.yaml"),
                "displayName: Free\napis:\n  - catalog\nsubscriptionRequired: false\n");
    m_gold = create(QStringLiteral("gold-sub"), QStringLiteral("/products/gold"));
    m_all = create(QStringLiteral("all-sub"), QStringLiteral("/apis"));
    m_suspended = create(QStringLiteral("paused-sub"), QStringLiteral("/apis"));
    QVERIFY(!m_gold.primary.isEmpty() && !m_all.primary.isEmpty() &&
            !m_suspended.primary.isEmpty());
    QCOMPARE(harness::runCli({QStringLiteral("subscription"), QStringLiteral("suspend"),
                              QStringLiteral("--workspace"), dir, QStringLiteral("--id"),
                              QStringLiteral("paused-sub")})
                 .exitCode,
             0);
    QVERIFY(m_logs.isValid());
    m_accessLog = m_logs.filePath(QStringLiteral("access.log")); // outside the watched workspace
    QString error;
    QVERIFY2(m_gateway.start(dir, {QStringLiteral("--access-log"), m_accessLog}, &error),
             qPrintable(error));
}

void TestGatewaySubscriptions::cleanupTestCase() {
    QVERIFY2(m_gateway.isRunning(), "the gateway must survive every test");
}

void TestGatewaySubscriptions::missingKeyAnswers401WithApimsMessage() {
    const auto response = exchange(m_gateway.port(), get("/orders/items/1"));
    QVERIFY(response);
    QCOMPARE(response->status, 401);
    QCOMPARE(message(*response), kMissing);
}

void TestGatewaySubscriptions::invalidKeyAnswers401WithApimsMessage() {
    QByteArray wrong = m_all.primary;
    wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
    const auto response = exchange(m_gateway.port(), get("/orders/items/1", wrong));
    QVERIFY(response);
    QCOMPARE(response->status, 401);
    QCOMPARE(message(*response), kInvalid);
}

void TestGatewaySubscriptions::primaryAndSecondaryKeysAreBothAdmitted() {
    for (const auto& key : {m_all.primary, m_all.secondary, m_gold.primary, m_gold.secondary}) {
        const auto response = exchange(m_gateway.port(), get("/orders/items/1", key));
        QVERIFY(response);
        QCOMPARE(response->status, 200);
    }
}

void TestGatewaySubscriptions::queryKeyCountsOnlyWithoutTheHeader() {
    const auto viaQuery =
        exchange(m_gateway.port(), get("/orders/items/1?subscription-key=" + m_all.primary));
    QVERIFY(viaQuery);
    QCOMPARE(viaQuery->status, 200);
    const auto headerWins = exchange(
        m_gateway.port(), get("/orders/items/1?subscription-key=" + m_all.primary, "wrong-key"));
    QVERIFY(headerWins);
    QCOMPARE(headerWins->status, 401);
    QCOMPARE(message(*headerWins), kInvalid);
}

void TestGatewaySubscriptions::suspendedSubscriptionIsRefused() {
    const auto response = exchange(m_gateway.port(), get("/orders/items/1", m_suspended.primary));
    QVERIFY(response);
    QCOMPARE(response->status, 401);
    QCOMPARE(message(*response), kInvalid);
}

void TestGatewaySubscriptions::productKeyAdmitsOnlyTheProductsApis() {
    const auto inProduct = exchange(m_gateway.port(), get("/orders/items/1", m_gold.primary));
    QVERIFY(inProduct);
    QCOMPARE(inProduct->status, 200);
    const auto outside = exchange(m_gateway.port(), get("/reports/daily", m_gold.primary));
    QVERIFY(outside);
    QCOMPARE(outside->status, 401);
    const auto allApis = exchange(m_gateway.port(), get("/reports/daily", m_all.primary));
    QVERIFY(allApis);
    QCOMPARE(allApis->status, 200);
}

void TestGatewaySubscriptions::productPoliciesApplyOnlyToProductSubscriptions() {
    const auto backendSaw = [&](const QByteArray& key) {
        const auto response = exchange(m_gateway.port(), get("/orders/items/1", key));
        const auto echo = QJsonDocument::fromJson(response ? response->body : QByteArray());
        return echo.object()
            .value(QStringLiteral("headers"))
            .toObject()
            .value(QStringLiteral("x-product"))
            .toString();
    };
    QCOMPARE(backendSaw(m_gold.primary), QStringLiteral("gold"));
    QCOMPARE(backendSaw(m_all.primary), QString());
}

void TestGatewaySubscriptions::openProductAndOpenApiNeedNoKey() {
    const auto openProduct = exchange(m_gateway.port(), get("/catalog/books"));
    QVERIFY(openProduct);
    QCOMPARE(openProduct->status, 200);
    const auto openApi = exchange(m_gateway.port(), get("/status/now"));
    QVERIFY(openApi);
    QCOMPARE(openApi->status, 200);
}

void TestGatewaySubscriptions::accessLogNamesTheSubscriptionNeverTheKey() {
    const auto response = exchange(m_gateway.port(), get("/reports/daily", m_all.secondary));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QByteArray log;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            QFile file(m_accessLog);
            log = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
            return log.contains("\"all-sub\"");
        }(),
        5000);
    for (const auto& key : {m_all.primary, m_all.secondary, m_gold.primary, m_gold.secondary})
        QVERIFY2(!log.contains(key), "a subscription key reached the access log");
}

QTEST_GUILESS_MAIN(TestGatewaySubscriptions)
#include "test_gateway_subscriptions.moc"
