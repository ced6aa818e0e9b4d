// Identity end to end: a real portico-gateway serving the local identity provider (--dev-idp) and
// APIs guarded by validate-azure-ad-token and validate-jwt with operation scopes; tokens from
// every grant of the provider, from the npm package `jose` (run with node) against a JWKS this
// test serves, and a handful of attack tokens.
#include "../core/identity/loopback_http_server.h"
#include "core/security/jwt/base64url.h"
#include "core/security/jwt/signing_key.h"
#include "gateway_harness.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <chrono>

using harness::exchange;
using harness::writeOrFail;
namespace jwt = portico::security::jwt;

namespace {

constexpr char kTenant[] = "0b5e6a4c-1d2f-4a3b-9c8d-7e6f5a4b3c2d";
constexpr char kRedirect[] = "http://localhost:5000/callback";
constexpr char kVerifier[] = "M25iVXpKU3puUjFaYWg3T1NDTDQtcW1ROUY5YXlwalNoc0hhakxifmZHag";
constexpr char kJoseIssuer[] = "https://issuer.test";
constexpr char kJoseAudience[] = "api://portico";

QString jsonMessage(const harness::HttpResponse& response) {
    return QJsonDocument::fromJson(response.body)
        .object()
        .value(QStringLiteral("message"))
        .toString();
}

QJsonObject json(const harness::HttpResponse& response) {
    return QJsonDocument::fromJson(response.body).object();
}

using Form = QList<QPair<QByteArray, QByteArray>>;

QByteArray formBody(const Form& fields) {
    QByteArray body;
    for (const auto& [name, value] : fields) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(QString::fromUtf8(name)) + '=' +
                QUrl::toPercentEncoding(QString::fromUtf8(value));
    }
    return body;
}

QByteArray post(const QByteArray& path, const QByteArray& body, const QByteArray& extra = {}) {
    return "POST " + path +
           " HTTP/1.1\r\nHost: idp.test\r\nContent-Type: "
           "application/x-www-form-urlencoded\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n" + extra + "Connection: close\r\n\r\n" + body;
}

QByteArray getWithToken(const QByteArray& path, const QByteArray& token) {
    QByteArray request = "GET " + path + " HTTP/1.1\r\nHost: gw.test\r\n";
    if (!token.isEmpty())
        request += "Authorization: Bearer " + token + "\r\n";
    return request + "Connection: close\r\n\r\n";
}

quint16 freePort() {
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

QByteArray secretFrom(const QByteArray& output, const QByteArray& label) {
    for (const auto& line : output.split('\n'))
        if (line.startsWith(label))
            return line.mid(label.size()).trimmed();
    return {};
}

std::string b64(const std::string& text) {
    return jwt::base64UrlEncode(text);
}

} // namespace

class TestGatewayIdentity : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void cliStoresOnlyHashesOfSecretsAndPasswords();
    void nonLoopbackDevIdpAddressIsRefusedAtStartup();
    void providerServesItsOpenIdConfigurationAndKeys();
    void clientCredentialsTokenAdmitsThroughBothPolicies_data();
    void clientCredentialsTokenAdmitsThroughBothPolicies();
    void missingScopeAnswers403NamingTheScope();
    void missingOrBadTokenAnswers401WithApimsMessage_data();
    void missingOrBadTokenAnswers401WithApimsMessage();
    void aSecondAuthorizationHeaderIsRefusedEvenBehindAValidToken();
    void authorizationCodeWithPkceAndRotatedRefreshTokensAdmit();
    void deviceCodeTokenAdmitsOnceTheUserApproves();
    void keyRotationKeepsOldTokensValidAndNewTokensValidate();
    void joseTokensValidateThroughTheGateway_data();
    void joseTokensValidateThroughTheGateway();
    void attackTokensAnswer401_data();
    void attackTokensAnswer401();
    // Last: it leaves the provider signing with a key the gateway may not fetch for 5 minutes.
    void unknownKidRefetchesKeysAtMostOncePerFiveMinutes();

private:
    QByteArray idpPath(const QByteArray& rest) const { return "/" + QByteArray(kTenant) + rest; }
    harness::HttpResponse idp(const QByteArray& request);
    harness::HttpResponse call(const QByteArray& path, const QByteArray& token);
    QByteArray clientCredentialsToken(const QByteArray& scope);
    QByteArray signInForCode(const QString& client);
    QJsonObject redeem(const Form& fields);
    QJsonObject mintWithJose(const QString& alg, const std::string& privateKeyPem,
                             const QString& kid);

    QTemporaryDir m_workspace;
    harness::Backend m_backend;
    harness::Gateway m_gateway;
    portico::identity::test::LoopbackHttpServer m_joseIdp;
    std::optional<jwt::SigningKey> m_rsa;
    std::optional<jwt::SigningKey> m_ec;
    quint16 m_idpPort = 0;
    QByteArray m_daemonSecret;
    QByteArray m_webSecret;
    QByteArray m_alicePassword;
};

harness::HttpResponse TestGatewayIdentity::idp(const QByteArray& request) {
    auto response = exchange(m_idpPort, request);
    return response ? *response : harness::HttpResponse{};
}

harness::HttpResponse TestGatewayIdentity::call(const QByteArray& path, const QByteArray& token) {
    auto response = exchange(m_gateway.port(), getWithToken(path, token));
    return response ? *response : harness::HttpResponse{};
}

QByteArray TestGatewayIdentity::clientCredentialsToken(const QByteArray& scope) {
    const auto response =
        idp(post(idpPath("/oauth2/v2.0/token"), formBody({{"grant_type", "client_credentials"},
                                                          {"client_id", "orders-daemon"},
                                                          {"client_secret", m_daemonSecret},
                                                          {"scope", scope}})));
    return json(response).value(QStringLiteral("access_token")).toString().toLatin1();
}

QByteArray TestGatewayIdentity::signInForCode(const QString& client) {
    const QByteArray challenge =
        QCryptographicHash::hash(kVerifier, QCryptographicHash::Sha256)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const auto response = idp(post(idpPath("/oauth2/v2.0/authorize"),
                                   formBody({{"client_id", client.toUtf8()},
                                             {"response_type", "code"},
                                             {"redirect_uri", kRedirect},
                                             {"scope", "api://orders/Orders.Read offline_access"},
                                             {"state", "st-1"},
                                             {"code_challenge", challenge},
                                             {"code_challenge_method", "S256"},
                                             {"username", "alice@contoso.test"},
                                             {"password", m_alicePassword}})));
    if (response.status != 302)
        return {};
    const QUrl location(QString::fromLatin1(response.header("location")));
    const QUrlQuery query(location);
    if (query.queryItemValue(QStringLiteral("state")) != QStringLiteral("st-1"))
        return {};
    return query.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded).toLatin1();
}

QJsonObject TestGatewayIdentity::redeem(const Form& fields) {
    return json(idp(post(idpPath("/oauth2/v2.0/token"), formBody(fields))));
}

void TestGatewayIdentity::initTestCase() {
    QVERIFY(m_workspace.isValid());
    QVERIFY(m_backend.start());
    const QString ws = m_workspace.path();
    m_idpPort = freePort();
    QVERIFY(m_idpPort != 0);
    m_rsa = jwt::SigningKey::generate(jwt::KeyKind::Rsa);
    m_ec = jwt::SigningKey::generate(jwt::KeyKind::EcP256);
    QVERIFY(m_rsa && m_ec);

    // The JWKS that jose's tokens are checked against, served by this test.
    const std::string joseConfig = "{\"issuer\":\"" + std::string(kJoseIssuer) +
                                   "\",\"jwks_uri\":\"" + m_joseIdp.url("/keys") + "\"}";
    m_joseIdp.answer("/.well-known/openid-configuration", 200, joseConfig);
    m_joseIdp.answer("/keys", 200,
                     "{\"keys\":[" + m_rsa->publicJwk("rsa-1") + "," + m_ec->publicJwk("ec-1") +
                         "]}");

    writeOrFail(ws + QStringLiteral("/portico.yaml"), "name: identity test\nformatVersion: 1\n");
    const QByteArray idpConfig = "http://127.0.0.1:" + QByteArray::number(m_idpPort) + "/" +
                                 kTenant + "/v2.0/.well-known/openid-configuration";
    const QByteArray spec =
        "openapi: 3.0.3\ninfo:\n  title: orders\n  version: 1.0.0\n"
        "components:\n  securitySchemes:\n    oauth:\n      type: oauth2\n      flows:\n"
        "        clientCredentials:\n          tokenUrl: https://login.example/token\n"
        "          scopes:\n            Orders.Read: read\n            Orders.Write: write\n"
        "paths:\n  /orders:\n    get:\n      operationId: listOrders\n      security:\n"
        "        - oauth: [Orders.Read]\n      responses:\n        '200':\n          description: "
        "ok\n    post:\n      operationId: createOrder\n      security:\n        - oauth: "
        "[Orders.Write]\n      responses:\n        '200':\n          description: ok\n";
    const QByteArray joseSpec =
        "openapi: 3.0.3\ninfo:\n  title: jose\n  version: 1.0.0\n"
        "components:\n  securitySchemes:\n    oauth:\n      type: oauth2\n      flows:\n"
        "        clientCredentials:\n          tokenUrl: https://login.example/token\n"
        "          scopes:\n            read: read\n            admin: admin\n"
        "paths:\n  /items:\n    get:\n      operationId: listItems\n      security:\n"
        "        - oauth: [read]\n      responses:\n        '200':\n          description: ok\n"
        "  /admin:\n    get:\n      operationId: admin\n      security:\n        - oauth: [admin]\n"
        "      responses:\n        '200':\n          description: ok\n";
    auto api = [&](const QString& id, const QByteArray& specText, const QByteArray& inbound) {
        const QString folder = ws + QStringLiteral("/apis/") + id;
        const QByteArray yaml = "displayName: " + id.toUtf8() + "\npath: " + id.toUtf8() +
                                "\nserviceUrl: " + m_backend.url().toUtf8() +
                                "\nsubscriptionRequired: false\nspecification: openapi.yaml\n";
        writeOrFail(folder + QStringLiteral("/api.yaml"), yaml.constData());
        writeOrFail(folder + QStringLiteral("/openapi.yaml"), specText.constData());
        const QByteArray policy = "<policies><inbound><base />" + inbound +
                                  "</inbound><backend><base /></backend><outbound><base />"
                                  "</outbound><on-error><base /></on-error></policies>\n";
        writeOrFail(folder + QStringLiteral("/policy.xml"), policy.constData());
    };
    api(QStringLiteral("aad"), spec,
        "<validate-azure-ad-token tenant-id=\"" + QByteArray(kTenant) +
            "\"><client-application-ids><application-id>orders-daemon</application-id>"
            "<application-id>orders-web</application-id><application-id>orders-cli"
            "</application-id></client-application-ids><audiences><audience>api://orders"
            "</audience></audiences></validate-azure-ad-token>");
    api(QStringLiteral("oidc"), spec,
        "<validate-jwt header-name=\"Authorization\" require-scheme=\"Bearer\"><openid-config "
        "url=\"" +
            idpConfig +
            "\" /><audiences><audience>api://orders</audience></audiences></validate-jwt>");
    api(QStringLiteral("jose"), joseSpec,
        "<validate-jwt header-name=\"Authorization\" require-scheme=\"Bearer\"><openid-config "
        "url=\"" +
            QByteArray::fromStdString(m_joseIdp.url("/.well-known/openid-configuration")) +
            "\" /><audiences><audience>" + kJoseAudience +
            "</audience></audiences><issuers><issuer>" + kJoseIssuer +
            "</issuer></issuers></validate-jwt>");

    // Clients and users through the command line, as an admin would.
    auto cli = [&](const QList<QByteArray>& words) {
        QStringList arguments{QStringLiteral("identity")};
        for (const auto& word : words)
            arguments << QString::fromUtf8(word);
        arguments << QStringLiteral("--workspace") << ws;
        auto result = harness::runCli(arguments);
        if (result.exitCode != 0)
            qWarning("portico identity failed: %s%s", result.standardOutput.constData(),
                     result.standardError.constData());
        return result;
    };
    QCOMPARE(cli({"tenant", "set", "--tenant", kTenant}).exitCode, 0);
    m_daemonSecret = secretFrom(cli({"client", "add", "--id", "orders-daemon", "--grants",
                                     "client_credentials", "--roles", "api://orders/Orders.Read"})
                                    .standardOutput,
                                "client-secret: ");
    m_webSecret = secretFrom(
        cli({"client", "add", "--id", "orders-web", "--grants", "authorization_code,refresh_token",
             "--redirect-uris", kRedirect, "--scopes", "api://orders/Orders.Read"})
            .standardOutput,
        "client-secret: ");
    QCOMPARE(cli({"client", "add", "--id", "orders-cli", "--public", "--grants",
                  "device_code,refresh_token", "--scopes", "api://orders/Orders.Read"})
                 .exitCode,
             0);
    m_alicePassword = secretFrom(
        cli({"user", "add", "--username", "alice@contoso.test", "--display-name", "Alice"})
            .standardOutput,
        "password: ");
    QCOMPARE(m_daemonSecret.size(), 43);
    QCOMPARE(m_webSecret.size(), 43);
    QCOMPARE(m_alicePassword.size(), 43);

    qputenv("PORTICO_AZURE_AD_AUTHORITY", "http://127.0.0.1:" + QByteArray::number(m_idpPort));
    QString error;
    QVERIFY2(
        m_gateway.start(ws,
                        {QStringLiteral("--dev-idp"), QStringLiteral("127.0.0.1:%1").arg(m_idpPort),
                         QStringLiteral("--no-watch")},
                        &error),
        qPrintable(error));
}

void TestGatewayIdentity::cleanupTestCase() {
    if (m_gateway.isRunning())
        QCOMPARE(m_gateway.terminate(), 0);
}

void TestGatewayIdentity::cliStoresOnlyHashesOfSecretsAndPasswords() {
    QFile clients(m_workspace.path() + QStringLiteral("/identity/clients.yaml"));
    QFile users(m_workspace.path() + QStringLiteral("/identity/users.yaml"));
    QVERIFY(clients.open(QIODevice::ReadOnly) && users.open(QIODevice::ReadOnly));
    const QByteArray clientsText = clients.readAll();
    const QByteArray usersText = users.readAll();
    QVERIFY(!clientsText.contains(m_daemonSecret));
    QVERIFY(!clientsText.contains(m_webSecret));
    QVERIFY(!usersText.contains(m_alicePassword));
    QCOMPARE(clientsText.count("secretHash: sha256$"), 2); // the public client has none
    QVERIFY(usersText.contains("passwordHash: sha256$"));
    const auto again =
        harness::runCli({QStringLiteral("identity"), QStringLiteral("client"),
                         QStringLiteral("add"), QStringLiteral("--workspace"), m_workspace.path(),
                         QStringLiteral("--id"), QStringLiteral("orders-daemon"),
                         QStringLiteral("--grants"), QStringLiteral("client_credentials")});
    QCOMPARE(again.exitCode, 1);
    QVERIFY(again.standardError.contains("already exists"));
}

void TestGatewayIdentity::nonLoopbackDevIdpAddressIsRefusedAtStartup() {
    const auto result = harness::runGatewayToEnd(
        {QStringLiteral("--workspace"), m_workspace.path(), QStringLiteral("--listen"),
         QStringLiteral("127.0.0.1:0"), QStringLiteral("--admin"), QStringLiteral("off"),
         QStringLiteral("--dev-idp"), QStringLiteral("0.0.0.0:0")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.standardError.contains("'0.0.0.0:0' is not a loopback address"),
             result.standardError.constData());
}

void TestGatewayIdentity::providerServesItsOpenIdConfigurationAndKeys() {
    const auto config = idp("GET " + idpPath("/v2.0/.well-known/openid-configuration") +
                            " HTTP/1.1\r\nHost: idp\r\nConnection: close\r\n\r\n");
    QCOMPARE(config.status, 200);
    const QString base =
        QStringLiteral("http://127.0.0.1:%1/%2").arg(m_idpPort).arg(QLatin1String(kTenant));
    QCOMPARE(json(config).value(QStringLiteral("issuer")).toString(),
             base + QStringLiteral("/v2.0"));
    const auto keys = idp("GET " + idpPath("/discovery/v2.0/keys") +
                          " HTTP/1.1\r\nHost: idp\r\nConnection: close\r\n\r\n");
    QCOMPARE(keys.status, 200);
    QCOMPARE(json(keys).value(QStringLiteral("keys")).toArray().size(), 2);
}

void TestGatewayIdentity::clientCredentialsTokenAdmitsThroughBothPolicies_data() {
    QTest::addColumn<QByteArray>("path");
    QTest::newRow("validate-azure-ad-token") << QByteArray("/aad/orders");
    QTest::newRow("validate-jwt with openid-config") << QByteArray("/oidc/orders");
}

void TestGatewayIdentity::clientCredentialsTokenAdmitsThroughBothPolicies() {
    QFETCH(QByteArray, path);
    const auto token = clientCredentialsToken("api://orders/.default");
    QVERIFY(!token.isEmpty());
    const auto response = call(path, token);
    QCOMPARE(response.status, 200);
}

void TestGatewayIdentity::missingScopeAnswers403NamingTheScope() {
    const auto token = clientCredentialsToken("api://orders/.default"); // roles: Orders.Read
    const QByteArray request = "POST /aad/orders HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer " +
                               token + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    const auto response = exchange(m_gateway.port(), request);
    QVERIFY(response);
    QCOMPARE(response->status, 403);
    QVERIFY2(jsonMessage(*response).contains(QStringLiteral("Orders.Write")),
             response->body.constData());
}

void TestGatewayIdentity::missingOrBadTokenAnswers401WithApimsMessage_data() {
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("message");
    for (const QByteArray& path : {QByteArray("/aad/orders"), QByteArray("/oidc/orders")}) {
        QTest::addRow("%s no token", path.constData())
            << path << QByteArray() << "JWT not present.";
        QTest::addRow("%s garbage", path.constData())
            << path << QByteArray("not-a-jwt") << "Invalid JWT.";
    }
}

void TestGatewayIdentity::missingOrBadTokenAnswers401WithApimsMessage() {
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, token);
    QFETCH(QString, message);
    const auto response = call(path, token);
    QCOMPARE(response.status, 401);
    QCOMPARE(jsonMessage(response), message);
}

// Which token would the backend believe? Two Authorization fields are refused, whichever the
// gateway would have read first.
void TestGatewayIdentity::aSecondAuthorizationHeaderIsRefusedEvenBehindAValidToken() {
    const auto token = clientCredentialsToken("api://orders/.default");
    QVERIFY(!token.isEmpty());
    const QByteArray request = "GET /oidc/orders HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer " +
                               token + "\r\nAuthorization: Bearer " + token +
                               "\r\nConnection: close\r\n\r\n";
    const auto response = exchange(m_gateway.port(), request);
    QVERIFY(response);
    QCOMPARE(response->status, 401);
    QCOMPARE(jsonMessage(*response), QStringLiteral("Invalid JWT."));
}

void TestGatewayIdentity::authorizationCodeWithPkceAndRotatedRefreshTokensAdmit() {
    const auto code = signInForCode(QStringLiteral("orders-web"));
    QVERIFY(!code.isEmpty());
    const auto first = redeem({{"grant_type", "authorization_code"},
                               {"client_id", "orders-web"},
                               {"client_secret", m_webSecret},
                               {"code", code},
                               {"redirect_uri", kRedirect},
                               {"code_verifier", kVerifier}});
    const auto access = first.value(QStringLiteral("access_token")).toString().toLatin1();
    const auto refresh = first.value(QStringLiteral("refresh_token")).toString();
    QVERIFY2(!access.isEmpty() && !refresh.isEmpty(), QJsonDocument(first).toJson().constData());
    QCOMPARE(call("/aad/orders", access).status, 200);
    QCOMPARE(call("/oidc/orders", access).status, 200);

    const Form refreshForm{{"grant_type", "refresh_token"},
                           {"client_id", "orders-web"},
                           {"client_secret", m_webSecret},
                           {"refresh_token", refresh.toUtf8()}};
    const auto second = redeem(refreshForm);
    const auto renewed = second.value(QStringLiteral("access_token")).toString().toLatin1();
    QVERIFY(!renewed.isEmpty());
    QVERIFY(second.value(QStringLiteral("refresh_token")).toString() != refresh);
    QCOMPARE(call("/aad/orders", renewed).status, 200);
    // The old refresh token was spent by the rotation.
    QCOMPARE(redeem(refreshForm).value(QStringLiteral("error")).toString(),
             QStringLiteral("invalid_grant"));
    // So was the code.
    QCOMPARE(redeem({{"grant_type", "authorization_code"},
                     {"client_id", "orders-web"},
                     {"client_secret", m_webSecret},
                     {"code", code},
                     {"redirect_uri", kRedirect},
                     {"code_verifier", kVerifier}})
                 .value(QStringLiteral("error"))
                 .toString(),
             QStringLiteral("invalid_grant"));
}

void TestGatewayIdentity::deviceCodeTokenAdmitsOnceTheUserApproves() {
    const auto start = json(
        idp(post(idpPath("/oauth2/v2.0/devicecode"),
                 formBody({{"client_id", "orders-cli"}, {"scope", "api://orders/Orders.Read"}}))));
    const auto deviceCode = start.value(QStringLiteral("device_code")).toString();
    const auto userCode = start.value(QStringLiteral("user_code")).toString();
    QVERIFY(!deviceCode.isEmpty() && !userCode.isEmpty());
    const Form poll{{"grant_type", "urn:ietf:params:oauth:grant-type:device_code"},
                    {"client_id", "orders-cli"},
                    {"device_code", deviceCode.toUtf8()}};
    QCOMPARE(redeem(poll).value(QStringLiteral("error")).toString(),
             QStringLiteral("authorization_pending"));
    QCOMPARE(redeem(poll).value(QStringLiteral("error")).toString(), QStringLiteral("slow_down"));
    const auto page = idp("GET " + idpPath("/oauth2/v2.0/deviceauth") +
                          " HTTP/1.1\r\nHost: idp\r\nConnection: close\r\n\r\n");
    QCOMPARE(page.status, 200);
    QVERIFY(page.header("content-security-policy").contains("frame-ancestors 'none'"));
    const auto approved =
        idp(post(idpPath("/oauth2/v2.0/deviceauth"), formBody({{"user_code", userCode.toUtf8()},
                                                               {"username", "alice@contoso.test"},
                                                               {"password", m_alicePassword},
                                                               {"decision", "approve"}})));
    QCOMPARE(approved.status, 200);
    const auto issued = redeem(poll);
    const auto token = issued.value(QStringLiteral("access_token")).toString().toLatin1();
    QVERIFY2(!token.isEmpty(), QJsonDocument(issued).toJson().constData());
    QCOMPARE(call("/aad/orders", token).status, 200);
}

void TestGatewayIdentity::keyRotationKeepsOldTokensValidAndNewTokensValidate() {
    const auto before = clientCredentialsToken("api://orders/.default");
    QCOMPARE(call("/oidc/orders", before).status, 200); // the gateway has the keys now
    const auto rotated =
        exchange(m_gateway.adminPort(), "POST /dev-idp/rotate-keys HTTP/1.1\r\nHost: admin\r\n"
                                        "Content-Length: 0\r\nConnection: close\r\n\r\n");
    QVERIFY(rotated);
    QCOMPARE(rotated->status, 200);
    const auto newKid = json(*rotated).value(QStringLiteral("kid")).toString();
    const auto after = clientCredentialsToken("api://orders/.default");
    const auto header = QJsonDocument::fromJson(
        QByteArray::fromBase64(after.left(after.indexOf('.')), QByteArray::Base64UrlEncoding));
    QCOMPARE(header.object().value(QStringLiteral("kid")).toString(), newKid);
    QVERIFY(!before.startsWith(after.left(after.indexOf('.')))); // another kid signs
    for (const QByteArray& path : {QByteArray("/aad/orders"), QByteArray("/oidc/orders")}) {
        QCOMPARE(call(path, before).status, 200);
        QCOMPARE(call(path, after).status, 200);
    }
    const auto keys = idp("GET " + idpPath("/discovery/v2.0/keys") +
                          " HTTP/1.1\r\nHost: idp\r\nConnection: close\r\n\r\n");
    QCOMPARE(json(keys).value(QStringLiteral("keys")).toArray().size(), 3);
}

QJsonObject TestGatewayIdentity::mintWithJose(const QString& alg, const std::string& privateKeyPem,
                                              const QString& kid) {
    const QString fixture = QStringLiteral(PORTICO_SOURCE_DIR "/tests/fixtures/jose");
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty() ||
        !QFileInfo::exists(fixture + QStringLiteral("/node_modules/jose/package.json")))
        return {{QStringLiteral("error"),
                 QStringLiteral("node or tests/fixtures/jose/node_modules is missing (npm ci "
                                "--prefix tests/fixtures/jose)")}};
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const QJsonObject input{
        {QStringLiteral("now"), static_cast<double>(now)},
        {QStringLiteral("issuer"), QLatin1String(kJoseIssuer)},
        {QStringLiteral("audience"), QLatin1String(kJoseAudience)},
        {QStringLiteral("mint"), QJsonArray{QJsonObject{{QStringLiteral("alg"), alg},
                                                        {QStringLiteral("kid"), kid},
                                                        {QStringLiteral("privateKeyPem"),
                                                         QString::fromStdString(privateKeyPem)}}}},
        {QStringLiteral("verify"), QJsonArray{}}};
    QProcess process;
    process.setWorkingDirectory(fixture);
    process.start(node, {fixture + QStringLiteral("/cross_check.mjs")});
    process.waitForStarted(10000);
    process.write(QJsonDocument(input).toJson(QJsonDocument::Compact));
    process.closeWriteChannel();
    process.waitForFinished(60000);
    const auto output = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    const auto minted = output.value(QStringLiteral("minted")).toArray();
    if (minted.isEmpty())
        return {{QStringLiteral("error"), QString::fromUtf8(process.readAllStandardError())}};
    return minted.first().toObject();
}

void TestGatewayIdentity::joseTokensValidateThroughTheGateway_data() {
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("status");
    QTest::newRow("RS256") << "RS256" << QByteArray("/jose/items") << 200;
    QTest::newRow("PS256") << "PS256" << QByteArray("/jose/items") << 200;
    QTest::newRow("ES256") << "ES256" << QByteArray("/jose/items") << 200;
    QTest::newRow("RS256 without the admin scope") << "RS256" << QByteArray("/jose/admin") << 403;
}

void TestGatewayIdentity::joseTokensValidateThroughTheGateway() {
    QFETCH(QString, alg);
    QFETCH(QByteArray, path);
    QFETCH(int, status);
    const bool ec = alg.startsWith(QLatin1Char('E'));
    const auto minted = mintWithJose(alg, (ec ? m_ec : m_rsa)->privateKeyPem(),
                                     ec ? QStringLiteral("ec-1") : QStringLiteral("rsa-1"));
    QVERIFY2(!minted.contains(QStringLiteral("error")),
             qPrintable(minted.value(QStringLiteral("error")).toString()));
    const auto response = call(path, minted.value(QStringLiteral("token")).toString().toLatin1());
    QCOMPARE(response.status, status);
    if (status == 403)
        QVERIFY(jsonMessage(response).contains(QStringLiteral("admin")));
}

void TestGatewayIdentity::attackTokensAnswer401_data() {
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    auto claims = [&](long long exp) {
        return "{\"iss\":\"" + std::string(kJoseIssuer) + "\",\"aud\":\"" + kJoseAudience +
               "\",\"sub\":\"mallory\",\"scp\":\"read admin\",\"iat\":" + std::to_string(now) +
               ",\"exp\":" + std::to_string(exp) + "}";
    };
    const std::string good = claims(now + 3600);
    const std::string rsHeader = R"({"alg":"RS256","kid":"rsa-1","typ":"JWT"})";
    const auto genuine = jwt::signCompact(jwt::Algorithm::RS256, *m_rsa, rsHeader, good).value();
    // The genuine token admits, so each refusal below is the attack's doing.
    QTest::newRow("genuine (control)") << QByteArray::fromStdString(genuine) << 200 << "";
    QTest::newRow("alg none") << QByteArray::fromStdString(b64(R"({"alg":"none","typ":"JWT"})") +
                                                           "." + b64(good) + ".")
                              << 401 << "JWT is not signed.";
    QTest::newRow("alg nOnE") << QByteArray::fromStdString(b64(R"({"alg":"nOnE","typ":"JWT"})") +
                                                           "." + b64(good) + ".")
                              << 401 << "JWT is not signed.";
    const auto confused =
        jwt::signCompact(jwt::Algorithm::HS256, jwt::SigningKey::fromSecret(m_rsa->publicKeyPem()),
                         R"({"alg":"HS256","kid":"rsa-1","typ":"JWT"})", good);
    QTest::newRow("HS256 signed with the RSA public key")
        << QByteArray::fromStdString(confused.value()) << 401 << "JWT signature key not found.";
    const auto dot1 = genuine.find('.');
    const auto dot2 = genuine.find('.', dot1 + 1);
    const std::string tampered = genuine.substr(0, dot1 + 1) +
                                 b64(claims(now + 3600).replace(12, 0, " ")) + genuine.substr(dot2);
    QTest::newRow("tampered payload")
        << QByteArray::fromStdString(tampered) << 401 << "JWT signature validation failed.";
    QTest::newRow("signature stripped") << QByteArray::fromStdString(genuine.substr(0, dot2 + 1))
                                        << 401 << "JWT signature validation failed.";
    const auto expired =
        jwt::signCompact(jwt::Algorithm::RS256, *m_rsa, rsHeader, claims(now - 3600)).value();
    QTest::newRow("expired") << QByteArray::fromStdString(expired) << 401 << "JWT has expired.";
}

void TestGatewayIdentity::attackTokensAnswer401() {
    QFETCH(QByteArray, token);
    QFETCH(int, status);
    QFETCH(QString, message);
    const auto response = call("/jose/items", token);
    QCOMPARE(response.status, status);
    if (status == 401)
        QCOMPARE(jsonMessage(response), message);
}

// A token signed with a key the gateway has not seen makes it fetch the keys again, but at most
// once in five minutes: tokens with made-up kids must not turn into a flood on the provider.
void TestGatewayIdentity::unknownKidRefetchesKeysAtMostOncePerFiveMinutes() {
    auto rotate = [this]() -> QString {
        const auto rotated =
            exchange(m_gateway.adminPort(), "POST /dev-idp/rotate-keys HTTP/1.1\r\nHost: admin\r\n"
                                            "Content-Length: 0\r\nConnection: close\r\n\r\n");
        return rotated && rotated->status == 200
                   ? json(*rotated).value(QStringLiteral("kid")).toString()
                   : QString();
    };
    // The gateway fetched the keys moments ago, when this process started or at first use.
    QCOMPARE(call("/oidc/orders", clientCredentialsToken("api://orders/.default")).status, 200);
    // The provider publishes its next key ahead of use: the second rotation signs with a key
    // that was not published when the gateway fetched.
    QVERIFY(!rotate().isEmpty());
    const auto kid = rotate();
    QVERIFY(!kid.isEmpty());
    const auto token = clientCredentialsToken("api://orders/.default");
    QCOMPARE(call("/oidc/orders", token).status, 401);
    // The provider does publish the key: the refusal is the gateway not asking again.
    const auto keys = idp("GET " + idpPath("/discovery/v2.0/keys") +
                          " HTTP/1.1\r\nHost: idp\r\nConnection: close\r\n\r\n");
    QVERIFY(QJsonDocument(json(keys)).toJson().contains(kid.toUtf8()));
}

QTEST_GUILESS_MAIN(TestGatewayIdentity)
#include "test_gateway_identity.moc"
