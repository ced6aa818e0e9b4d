#include "azure_stand_in_process.h"
#include "gateway_harness.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using harness::exchange;
using harness::writeOrFail;

namespace {

QByteArray policyWith(const char* inbound) {
    return QByteArray("<policies><inbound><base/>") + inbound +
           "</inbound><backend><base/></backend><outbound><base/></outbound>"
           "<on-error><base/></on-error></policies>";
}

QByteArray get(const QByteArray& path) {
    return "GET " + path +
           " HTTP/1.1\r\nHost: gw.test\r\nAuthorization: Bearer the-callers-token\r\n\r\n";
}

// The stand-in's configuration, with how long its metadata service takes to answer (ms).
const QString kAzureConfig = QStringLiteral(
    R"({"clientId": "uai-orders", "tokenLifetime": 3600, "tokenDelayMs": %1,
        "secrets": {"greeting": "hello from the vault"}})");

// The metadata service's token requests among the stand-in's request lines.
qsizetype tokenRequests(const QStringList& lines) {
    return std::count_if(lines.begin(), lines.end(), [](const QString& line) {
        return line.startsWith(QLatin1String("GET /metadata/identity/oauth2/token"));
    });
}

} // namespace

// authentication-managed-identity through a running gateway: tokens come from a metadata
// service stand-in over plain HTTP (as IMDS is), and the backend is the stand-in's Key Vault,
// which takes only tokens issued for it. So a 200 shows that the token was asked for the
// policy's resource and reached the backend in place of the caller's.
class TestGatewayManagedIdentity : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void callsTheBackendAsTheGatewaysIdentity();
    void keepsTheTokenForLaterCalls();
    void asksOnceForATokenManyCallsNeedAtOnce();
    void signsSendRequestWithTheIdentity();
    void sendsTheTokenOfTheResourceNamed();
    void failsWithoutLeakingWhyWhenNoTokenCame();
    void goesOnWithoutATokenWhenErrorsAreIgnored();
    void keepsTheTokenOutOfTraces();
    void refusesAnIdentityEndpointOffTheMachine();

private:
    QTemporaryDir m_dir;
    QString m_config;
    AzureStandIn m_azure;
    harness::Gateway m_gateway;
};

void TestGatewayManagedIdentity::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_config = m_dir.filePath(QStringLiteral("azure.json"));
    writeOrFail(m_config, qPrintable(kAzureConfig.arg(0)));
    QVERIFY(m_azure.start(QStringLiteral("-"), QStringLiteral("-"), m_config));
    const QString vault = QStringLiteral("http://127.0.0.1:%1").arg(m_azure.port());

    const QString workspace = m_dir.filePath(QStringLiteral("ws"));
    QList<harness::Api> apis;
    for (const char* id : {"vault", "vault-as-uai", "burst", "graph", "unknown-identity", "ignored",
                           "side", "traced"}) {
        harness::Api api;
        api.id = api.path = QLatin1String(id);
        api.serviceUrl = vault;
        api.operations = {harness::op("GET", "/secrets/{name}", "get-secret")};
        apis << api;
    }
    QVERIFY(harness::writeWorkspace(workspace, apis));
    const auto policy = [&](const char* api, const QByteArray& xml) {
        writeOrFail(workspace + QStringLiteral("/apis/%1/policy.xml").arg(QLatin1String(api)),
                    xml.constData());
    };
    policy("vault",
           policyWith(R"(<authentication-managed-identity resource="https://vault.azure.net"/>)"));
    policy(
        "vault-as-uai",
        policyWith(
            R"(<authentication-managed-identity resource="https://vault.azure.net" client-id="uai-orders"/>)"));
    // The same vault by another spelling: a token no earlier case left in the cache.
    policy("burst",
           policyWith(R"(<authentication-managed-identity resource="https://vault.azure.net/"/>)"));
    policy(
        "graph",
        policyWith(R"(<authentication-managed-identity resource="https://graph.microsoft.com"/>)"));
    policy(
        "unknown-identity",
        policyWith(
            R"(<authentication-managed-identity resource="https://vault.azure.net" client-id="not-assigned"/>)"));
    policy(
        "ignored",
        policyWith(
            R"(<authentication-managed-identity resource="https://vault.azure.net" client-id="not-assigned" ignore-error="true"/>)"));
    // Microsoft's snippet: read a secret with send-request as the managed identity, answer it.
    policy("side",
           policyWith(
               QByteArray(R"(<send-request mode="new" response-variable-name="secret" timeout="20">
        <set-url>)") +
               vault.toUtf8() + R"(/secrets/greeting?api-version=7.4</set-url>
        <set-method>GET</set-method>
        <authentication-managed-identity resource="https://vault.azure.net"/>
      </send-request>
      <return-response>
        <set-status code="200" reason="OK"/>
        <set-body>@((string)((IResponse)context.Variables["secret"]).Body.As<JObject>()["value"])</set-body>
      </return-response>)")
               .constData());
    // Shows the token to the caller (the test's only way to learn it) and to the trace.
    policy(
        "traced",
        policyWith(
            R"~(<authentication-managed-identity resource="https://vault.azure.net" output-token-variable-name="token"/>
      <trace source="test"><message>@((string)context.Variables["token"])</message></trace>
      <return-response><set-body>@((string)context.Variables["token"])</set-body></return-response>)~"));
    QString error;
    QVERIFY2(m_gateway.start(workspace,
                             {QStringLiteral("--identity-endpoint"),
                              vault + QStringLiteral("/metadata/identity/oauth2/token")},
                             &error),
             qPrintable(error));
}

void TestGatewayManagedIdentity::init() {
    m_azure.requests(); // each case counts only its own requests
}

void TestGatewayManagedIdentity::callsTheBackendAsTheGatewaysIdentity() {
    for (const QByteArray api : {"vault", "vault-as-uai"}) {
        const auto response =
            exchange(m_gateway.port(), get("/" + api + "/secrets/greeting?api-version=7.4"));
        QVERIFY(response);
        QVERIFY2(response->status == 200, response->body.constData());
        QCOMPARE(QJsonDocument::fromJson(response->body)
                     .object()
                     .value(QLatin1String("value"))
                     .toString(),
                 QStringLiteral("hello from the vault"));
    }
}

void TestGatewayManagedIdentity::keepsTheTokenForLaterCalls() {
    // Earlier cases left the system-assigned identity's vault token in the gateway's cache.
    for (int i = 0; i < 4; ++i) {
        const auto response =
            exchange(m_gateway.port(), get("/vault/secrets/greeting?api-version=7.4"));
        QVERIFY(response);
        QCOMPARE(response->status, 200);
    }
    const auto lines = m_azure.requests();
    QCOMPARE(tokenRequests(lines), qsizetype(0));
    QCOMPARE(lines.count(QStringLiteral("GET /secrets/greeting 200")), qsizetype(4));
}

void TestGatewayManagedIdentity::asksOnceForATokenManyCallsNeedAtOnce() {
    // Eight calls arrive while the metadata service takes its time over the first one's token:
    // the others wait for that token instead of asking again.
    writeOrFail(m_config, qPrintable(kAzureConfig.arg(400)));
    std::vector<std::unique_ptr<harness::RawConnection>> calls;
    for (int i = 0; i < 8; ++i) {
        calls.push_back(std::make_unique<harness::RawConnection>());
        QVERIFY(calls.back()->open(m_gateway.port()));
        calls.back()->send(get("/burst/secrets/greeting?api-version=7.4"));
    }
    for (auto& call : calls) {
        const auto response = call->readResponse();
        QVERIFY(response);
        QVERIFY2(response->status == 200, response->body.constData());
    }
    writeOrFail(m_config, qPrintable(kAzureConfig.arg(0)));
    const auto lines = m_azure.requests();
    QCOMPARE(tokenRequests(lines), qsizetype(1));
    QCOMPARE(lines.count(QStringLiteral("GET /secrets/greeting 200")), qsizetype(8));
}

void TestGatewayManagedIdentity::signsSendRequestWithTheIdentity() {
    const auto response = exchange(m_gateway.port(), get("/side/secrets/anything"));
    QVERIFY(response);
    QVERIFY2(response->status == 200, response->body.constData());
    QCOMPARE(response->body, QByteArray("hello from the vault"));
}

void TestGatewayManagedIdentity::sendsTheTokenOfTheResourceNamed() {
    // A Microsoft Graph token is not one Key Vault takes: its 401 comes back.
    const auto response =
        exchange(m_gateway.port(), get("/graph/secrets/greeting?api-version=7.4"));
    QVERIFY(response);
    QCOMPARE(response->status, 401);
    QCOMPARE(tokenRequests(m_azure.requests()), qsizetype(1));
}

void TestGatewayManagedIdentity::failsWithoutLeakingWhyWhenNoTokenCame() {
    const auto response =
        exchange(m_gateway.port(), get("/unknown-identity/secrets/greeting?api-version=7.4"));
    QVERIFY(response);
    QCOMPARE(response->status, 500);
    QVERIFY2(!response->body.contains("Identity not found") &&
                 !response->body.contains("127.0.0.1"),
             response->body.constData());
    const auto lines = m_azure.requests();
    QCOMPARE(tokenRequests(lines), qsizetype(1));
    QVERIFY(!lines.join(QLatin1Char(' ')).contains(QLatin1String("/secrets/greeting")));
    const auto log = m_gateway.standardErrorUntil("Identity not found", 3000);
    QVERIFY2(log.contains("authentication-managed-identity: no token for resource "
                          "'https://vault.azure.net'") &&
                 log.contains("Identity not found"),
             log.constData());
}

void TestGatewayManagedIdentity::goesOnWithoutATokenWhenErrorsAreIgnored() {
    // The caller's own token goes on, and the vault refuses it.
    const auto response =
        exchange(m_gateway.port(), get("/ignored/secrets/greeting?api-version=7.4"));
    QVERIFY(response);
    QCOMPARE(response->status, 401);
    const auto lines = m_azure.requests();
    QCOMPARE(tokenRequests(lines), qsizetype(1));
    QVERIFY(lines.contains(QStringLiteral("GET /secrets/greeting 401")));
}

void TestGatewayManagedIdentity::keepsTheTokenOutOfTraces() {
    const auto issued =
        exchange(m_gateway.adminPort(), "POST /debug-credentials HTTP/1.1\r\nHost: admin\r\n"
                                        "Content-Length: 0\r\n\r\n");
    QVERIFY(issued && issued->status == 200);
    const QByteArray credential = QJsonDocument::fromJson(issued->body)
                                      .object()
                                      .value(QLatin1String("token"))
                                      .toString()
                                      .toUtf8();
    const auto response =
        exchange(m_gateway.port(), "GET /traced/secrets/x HTTP/1.1\r\nHost: gw.test\r\n"
                                   "Apim-Debug-Authorization: " +
                                       credential + "\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const QByteArray token = response->body;
    QVERIFY(token.startsWith("stand-in."));
    const QByteArray location = response->header("Ocp-Apim-Trace-Location");
    const auto at = location.indexOf("/traces/");
    QVERIFY2(at >= 0, response->head.constData());
    const auto trace = exchange(m_gateway.adminPort(),
                                "GET " + location.mid(at) + " HTTP/1.1\r\nHost: admin\r\n\r\n");
    QVERIFY(trace && trace->status == 200);
    QVERIFY2(trace->body.contains("\"test\"") && trace->body.contains("variablesSet"),
             trace->body.constData());
    QVERIFY2(!trace->body.contains(token), trace->body.constData());
}

void TestGatewayManagedIdentity::refusesAnIdentityEndpointOffTheMachine() {
    const auto result = harness::runGatewayToEnd(
        {QStringLiteral("--workspace"), m_dir.filePath(QStringLiteral("ws")),
         QStringLiteral("--identity-endpoint"), QStringLiteral("http://metadata.example/token")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.standardError.contains("--identity-endpoint: http:// is allowed only for "
                                           "loopback addresses"),
             result.standardError.constData());
}

QTEST_GUILESS_MAIN(TestGatewayManagedIdentity)
#include "test_gateway_managed_identity.moc"
