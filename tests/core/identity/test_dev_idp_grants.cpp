#include "dev_idp_fixture.h"

#include "core/security/jwt/base64url.h"
#include "core/security/jwt/key_set.h"
#include "core/security/jwt/validator.h"

#include <QTest>

using namespace dev_idp_test;
namespace jwt = portico::security::jwt;

namespace {

nlohmann::json payloadOf(const std::string& token) {
    const auto first = token.find('.');
    const auto second = token.find('.', first + 1);
    auto text = jwt::base64UrlDecode(std::string_view(token).substr(first + 1, second - first - 1));
    return text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
}

nlohmann::json headerOf(const std::string& token) {
    auto text = jwt::base64UrlDecode(std::string_view(token).substr(0, token.find('.')));
    return text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
}

QString text(const nlohmann::json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? QString::fromStdString(j[key].get<std::string>())
                                                 : QString();
}

} // namespace

// The local identity provider's grants, in memory with a settable clock: what each grant admits,
// what it refuses, and the OAuth error it answers with.
class TestDevIdpGrants : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void publishesAnEntraShapedOpenIdConfiguration();
    void unknownTenantIsRefusedWithInvalidTenant();
    void clientCredentialsTokenCarriesRolesAndVerifiesAgainstTheJwks();
    void clientCredentialsAcceptsHttpBasicClientAuthentication();
    void clientErrorsAnswerWithTheRightOAuthErrorAndStatus_data();
    void clientErrorsAnswerWithTheRightOAuthErrorAndStatus();
    void authorizationCodeWithPkceGivesADelegatedToken();
    void authorizationCodeIsSingleUse();
    void authorizationCodeExpiresAfterTwoMinutes();
    void authorizationCodeIsBoundToClientRedirectAndVerifier_data();
    void authorizationCodeIsBoundToClientRedirectAndVerifier();
    void plainPkceAndMissingPkceAreRefused();
    void authorizeNeverRedirectsToAnUnregisteredUri();
    void wrongPasswordShowsTheFormAgainWithoutACode();
    void requestingAScopeTheClientLacksIsInvalidScope();
    void refreshTokenIsRotatedAndTheOldOneRefused();
    void refreshTokenCanNarrowButNotWidenTheScope();
    void deviceCodeFlowPendsSlowsDownAndAdmitsOnceApproved();
    void deniedDeviceCodeAnswersAccessDenied();
    void expiredDeviceCodeAnswersExpiredToken();
    void rotationKeepsTheOldKeyPublishedUntilItsTokensExpire();
    void grantTypeNotListedForTheClientIsUnauthorizedClient();
};

void TestDevIdpGrants::publishesAnEntraShapedOpenIdConfiguration() {
    Fixture f;
    auto response = f.get(f.path("/v2.0/.well-known/openid-configuration"));
    QCOMPARE(response.status, 200);
    const auto config = body(response);
    const std::string tenantUrl = std::string(kBase) + "/" + kTenant;
    QCOMPARE(config["issuer"].get<std::string>(), tenantUrl + "/v2.0");
    QCOMPARE(config["jwks_uri"].get<std::string>(), tenantUrl + "/discovery/v2.0/keys");
    QCOMPARE(config["token_endpoint"].get<std::string>(), tenantUrl + "/oauth2/v2.0/token");
    QCOMPARE(config["device_authorization_endpoint"].get<std::string>(),
             tenantUrl + "/oauth2/v2.0/devicecode");
    QVERIFY(config["code_challenge_methods_supported"] == nlohmann::json::array({"S256"}));
    auto keys = f.get(f.path("/discovery/v2.0/keys"));
    QCOMPARE(keys.status, 200);
    const auto jwks = jwt::parseJwks(keys.body);
    QVERIFY(jwks.ok());
    QCOMPARE(jwks.keys.size(), std::size_t(2));            // the signing key and the next one
    QVERIFY(keys.body.find("\"d\"") == std::string::npos); // no private parts
}

void TestDevIdpGrants::unknownTenantIsRefusedWithInvalidTenant() {
    Fixture f;
    auto response = f.get("/contoso.example/v2.0/.well-known/openid-configuration");
    QCOMPARE(response.status, 400);
    QCOMPARE(text(body(response), "error"), QStringLiteral("invalid_tenant"));
}

void TestDevIdpGrants::clientCredentialsTokenCarriesRolesAndVerifiesAgainstTheJwks() {
    Fixture f;
    auto response = f.token({{"grant_type", "client_credentials"},
                             {"client_id", "orders-daemon"},
                             {"client_secret", f.daemonSecret},
                             {"scope", "api://orders/.default"}});
    QCOMPARE(response.status, 200);
    const auto answer = body(response);
    QCOMPARE(text(answer, "token_type"), QStringLiteral("Bearer"));
    QCOMPARE(answer["expires_in"].get<int>(), 600);
    const std::string token = answer["access_token"];
    const auto header = headerOf(token);
    QCOMPARE(text(header, "alg"), QStringLiteral("RS256"));
    QCOMPARE(header["kid"].get<std::string>(), f.provider->currentKid());
    const auto claims = payloadOf(token);
    QCOMPARE(text(claims, "aud"), QStringLiteral("api://orders"));
    QCOMPARE(text(claims, "iss"), QString::fromStdString(f.provider->issuer()));
    QCOMPARE(text(claims, "tid"), QString::fromLatin1(kTenant));
    QCOMPARE(text(claims, "azp"), QStringLiteral("orders-daemon"));
    QCOMPARE(text(claims, "ver"), QStringLiteral("2.0"));
    QVERIFY(claims["roles"] == nlohmann::json::array({"Orders.Read.All"}));
    QVERIFY(!claims.contains("scp"));
    QCOMPARE(claims["exp"].get<long long>() - claims["iat"].get<long long>(), 600LL);
    QCOMPARE(text(claims, "oid"), text(claims, "sub"));

    auto compiled = jwt::JwtValidator::compile({});
    QVERIFY(compiled.validator);
    jwt::KeySet keys(jwt::parseJwks(f.get(f.path("/discovery/v2.0/keys")).body).keys);
    const auto result = compiled.validator->validate(token, keys);
    QVERIFY2(result.ok(), result.detail.c_str());
}

void TestDevIdpGrants::clientCredentialsAcceptsHttpBasicClientAuthentication() {
    Fixture f;
    const std::string credentials = "orders-daemon:" + f.daemonSecret;
    const std::string header =
        "Basic " + QByteArray::fromStdString(credentials).toBase64().toStdString();
    auto response = f.token(
        {{"grant_type", "client_credentials"}, {"scope", "api://billing/.default"}}, header);
    QCOMPARE(response.status, 200);
    QVERIFY(payloadOf(body(response)["access_token"])["roles"] ==
            nlohmann::json::array({"Billing.Read"}));
}

void TestDevIdpGrants::clientErrorsAnswerWithTheRightOAuthErrorAndStatus_data() {
    QTest::addColumn<QString>("form"); // k=v&k=v; SECRET stands for the daemon's secret
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    QTest::newRow("wrong secret") << "grant_type=client_credentials&client_id=orders-daemon&"
                                     "client_secret=nope&scope=api://orders/.default"
                                  << 401 << "invalid_client";
    QTest::newRow("no secret") << "grant_type=client_credentials&client_id=orders-daemon&"
                                  "scope=api://orders/.default"
                               << 401 << "invalid_client";
    QTest::newRow("unknown client") << "grant_type=client_credentials&client_id=nobody&"
                                       "client_secret=x&scope=api://orders/.default"
                                    << 400 << "unauthorized_client";
    QTest::newRow("no grant_type")
        << "client_id=orders-daemon&client_secret=SECRET" << 400 << "invalid_request";
    QTest::newRow("unsupported grant") << "grant_type=password&client_id=orders-daemon&"
                                          "client_secret=SECRET"
                                       << 400 << "unsupported_grant_type";
    QTest::newRow("scope without .default")
        << "grant_type=client_credentials&client_id=orders-daemon&client_secret=SECRET&"
           "scope=api://orders/Orders.Read.All"
        << 400 << "invalid_scope";
    QTest::newRow("no scope") << "grant_type=client_credentials&client_id=orders-daemon&"
                                 "client_secret=SECRET"
                              << 400 << "invalid_request";
    QTest::newRow("repeated parameter")
        << "grant_type=client_credentials&client_id=orders-daemon&client_id=orders-web&"
           "client_secret=SECRET&scope=api://orders/.default"
        << 400 << "invalid_request";
    QTest::newRow("public client presenting a secret")
        << "grant_type=device_code&client_id=orders-cli&client_secret=x&device_code=y" << 401
        << "invalid_client";
}

void TestDevIdpGrants::clientErrorsAnswerWithTheRightOAuthErrorAndStatus() {
    QFETCH(QString, form);
    QFETCH(int, status);
    QFETCH(QString, error);
    Fixture f;
    form.replace(QStringLiteral("SECRET"), QString::fromStdString(f.daemonSecret));
    auto response = f.provider->handle({"POST",
                                        f.path("/oauth2/v2.0/token"),
                                        "application/x-www-form-urlencoded",
                                        {},
                                        form.toStdString()});
    QCOMPARE(response.status, status);
    const auto answer = body(response);
    QCOMPARE(text(answer, "error"), error);
    QVERIFY(!text(answer, "error_description").isEmpty());
    QVERIFY(answer.contains("trace_id") && answer.contains("correlation_id"));
    QVERIFY(response.body.find(f.daemonSecret) == std::string::npos);
}

void TestDevIdpGrants::authorizationCodeWithPkceGivesADelegatedToken() {
    Fixture f;
    const auto code = f.signIn("orders-web", "api://orders/Orders.Read offline_access openid");
    QVERIFY(!code.empty());
    auto response = f.token({{"grant_type", "authorization_code"},
                             {"client_id", "orders-web"},
                             {"client_secret", f.appSecret},
                             {"code", code},
                             {"redirect_uri", kRedirect},
                             {"code_verifier", kVerifier}});
    QCOMPARE(response.status, 200);
    const auto answer = body(response);
    QVERIFY(answer.contains("refresh_token")); // offline_access was asked for
    const auto claims = payloadOf(answer["access_token"]);
    QCOMPARE(text(claims, "scp"), QStringLiteral("Orders.Read"));
    QCOMPARE(text(claims, "oid"), QStringLiteral("6f1c2a9e-0000-4000-8000-000000000001"));
    QCOMPARE(text(claims, "preferred_username"), QStringLiteral("alice@contoso.test"));
    QCOMPARE(text(claims, "name"), QStringLiteral("Alice"));
    QCOMPARE(text(claims, "azp"), QStringLiteral("orders-web"));
    QCOMPARE(text(claims, "azpacr"), QStringLiteral("1"));
    QVERIFY(!text(claims, "sub").isEmpty());
    QVERIFY(text(claims, "sub") != text(claims, "oid")); // pairwise, as Entra's
    QVERIFY(!claims.contains("roles"));
}

void TestDevIdpGrants::authorizationCodeIsSingleUse() {
    Fixture f;
    const auto code = f.signIn("orders-web", "api://orders/Orders.Read");
    const std::map<std::string, std::string> redeem{
        {"grant_type", "authorization_code"}, {"client_id", "orders-web"},
        {"client_secret", f.appSecret},       {"code", code},
        {"redirect_uri", kRedirect},          {"code_verifier", kVerifier}};
    QCOMPARE(f.token(redeem).status, 200);
    auto again = f.token(redeem);
    QCOMPARE(again.status, 400);
    QCOMPARE(text(body(again), "error"), QStringLiteral("invalid_grant"));
}

void TestDevIdpGrants::authorizationCodeExpiresAfterTwoMinutes() {
    Fixture f;
    const auto code = f.signIn("orders-web", "api://orders/Orders.Read");
    f.now += std::chrono::seconds(121);
    auto response = f.token({{"grant_type", "authorization_code"},
                             {"client_id", "orders-web"},
                             {"client_secret", f.appSecret},
                             {"code", code},
                             {"redirect_uri", kRedirect},
                             {"code_verifier", kVerifier}});
    QCOMPARE(response.status, 400);
    QCOMPARE(text(body(response), "error"), QStringLiteral("invalid_grant"));
}

void TestDevIdpGrants::authorizationCodeIsBoundToClientRedirectAndVerifier_data() {
    QTest::addColumn<QString>("client");
    QTest::addColumn<QString>("redirect");
    QTest::addColumn<QString>("verifier");
    QTest::addColumn<QString>("error");
    const QString verifier = QString::fromLatin1(kVerifier);
    const QString redirect = QString::fromLatin1(kRedirect);
    QTest::newRow("another client") << "orders-cli" << redirect << verifier << "invalid_grant";
    QTest::newRow("another redirect uri")
        << "orders-web"
        << "http://localhost:5000/other" << verifier << "invalid_grant";
    QTest::newRow("wrong verifier")
        << "orders-web" << redirect << "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        << "invalid_grant";
    QTest::newRow("the challenge as verifier")
        << "orders-web" << redirect
        << QString::fromStdString(portico::identity::dev_idp::sha256Base64Url(kVerifier))
        << "invalid_grant";
    QTest::newRow("short verifier") << "orders-web" << redirect << "abc"
                                    << "invalid_grant";
}

void TestDevIdpGrants::authorizationCodeIsBoundToClientRedirectAndVerifier() {
    QFETCH(QString, client);
    QFETCH(QString, redirect);
    QFETCH(QString, verifier);
    QFETCH(QString, error);
    Fixture f;
    const auto code = f.signIn("orders-web", "api://orders/Orders.Read");
    QVERIFY(!code.empty());
    std::map<std::string, std::string> form{{"grant_type", "authorization_code"},
                                            {"client_id", client.toStdString()},
                                            {"code", code},
                                            {"redirect_uri", redirect.toStdString()},
                                            {"code_verifier", verifier.toStdString()}};
    if (client == QStringLiteral("orders-web"))
        form["client_secret"] = f.appSecret;
    auto response = f.token(form);
    QCOMPARE(response.status, 400);
    QCOMPARE(text(body(response), "error"), error);
}

void TestDevIdpGrants::plainPkceAndMissingPkceAreRefused() {
    Fixture f;
    auto plain = f.post("/oauth2/v2.0/authorize", {{"client_id", "orders-web"},
                                                   {"response_type", "code"},
                                                   {"redirect_uri", kRedirect},
                                                   {"scope", "api://orders/Orders.Read"},
                                                   {"code_challenge", kVerifier},
                                                   {"code_challenge_method", "plain"},
                                                   {"username", "alice@contoso.test"},
                                                   {"password", f.alicePassword}});
    QCOMPARE(plain.status, 302);
    QVERIFY(Fixture::location(plain).find("error=invalid_request") != std::string::npos);
    QVERIFY(Fixture::codeFrom(plain).empty());
    auto none = f.get(f.path("/oauth2/v2.0/authorize?client_id=orders-web&response_type=code&"
                             "redirect_uri=http%3A%2F%2Flocalhost%3A5000%2Fcallback&"
                             "scope=api%3A%2F%2Forders%2FOrders.Read&state=s1"));
    QCOMPARE(none.status, 302);
    QVERIFY(Fixture::location(none).find("error=invalid_request") != std::string::npos);
    QVERIFY(Fixture::location(none).find("state=s1") != std::string::npos);
}

void TestDevIdpGrants::authorizeNeverRedirectsToAnUnregisteredUri() {
    Fixture f;
    auto response = f.get(f.path("/oauth2/v2.0/authorize?client_id=orders-web&response_type=code&"
                                 "redirect_uri=https%3A%2F%2Fevil.example%2F&scope=x"));
    QCOMPARE(response.status, 400);
    QVERIFY(Fixture::location(response).empty());
    QVERIFY(response.contentType.starts_with("text/html"));
}

void TestDevIdpGrants::wrongPasswordShowsTheFormAgainWithoutACode() {
    Fixture f;
    auto response =
        f.post("/oauth2/v2.0/authorize",
               {{"client_id", "orders-web"},
                {"response_type", "code"},
                {"redirect_uri", kRedirect},
                {"scope", "api://orders/Orders.Read"},
                {"state", "\"><script>alert(1)</script>"},
                {"code_challenge", portico::identity::dev_idp::sha256Base64Url(kVerifier)},
                {"code_challenge_method", "S256"},
                {"username", "alice@contoso.test"},
                {"password", "wrong"}});
    QCOMPARE(response.status, 401);
    QVERIFY(Fixture::location(response).empty());
    QVERIFY(response.body.find("incorrect") != std::string::npos);
    // The hostile state comes back escaped in a hidden field, never as markup.
    QVERIFY(response.body.find("<script>") == std::string::npos);
    QVERIFY(response.body.find("&quot;&gt;&lt;script&gt;") != std::string::npos);
    QVERIFY(response.body.find("Orders &lt;web&gt;") != std::string::npos);
}

void TestDevIdpGrants::requestingAScopeTheClientLacksIsInvalidScope() {
    Fixture f;
    auto response =
        f.post("/oauth2/v2.0/authorize",
               {{"client_id", "orders-cli"},
                {"response_type", "code"},
                {"redirect_uri", kRedirect},
                {"scope", "api://orders/Orders.Write"},
                {"code_challenge", portico::identity::dev_idp::sha256Base64Url(kVerifier)},
                {"code_challenge_method", "S256"}});
    QCOMPARE(response.status, 302);
    QVERIFY(Fixture::location(response).find("error=invalid_scope") != std::string::npos);
    QVERIFY(Fixture::location(response).find("Orders.Write") != std::string::npos);
}

void TestDevIdpGrants::refreshTokenIsRotatedAndTheOldOneRefused() {
    Fixture f;
    const auto code = f.signIn("orders-web", "api://orders/Orders.Read offline_access");
    auto first = body(f.token({{"grant_type", "authorization_code"},
                               {"client_id", "orders-web"},
                               {"client_secret", f.appSecret},
                               {"code", code},
                               {"redirect_uri", kRedirect},
                               {"code_verifier", kVerifier}}));
    const std::string refresh = first["refresh_token"];
    auto second = f.token({{"grant_type", "refresh_token"},
                           {"client_id", "orders-web"},
                           {"client_secret", f.appSecret},
                           {"refresh_token", refresh}});
    QCOMPARE(second.status, 200);
    const auto answer = body(second);
    QVERIFY(answer["refresh_token"].get<std::string>() != refresh);
    QCOMPARE(text(payloadOf(answer["access_token"]), "scp"), QStringLiteral("Orders.Read"));
    auto replay = f.token({{"grant_type", "refresh_token"},
                           {"client_id", "orders-web"},
                           {"client_secret", f.appSecret},
                           {"refresh_token", refresh}});
    QCOMPARE(replay.status, 400);
    QCOMPARE(text(body(replay), "error"), QStringLiteral("invalid_grant"));
}

void TestDevIdpGrants::refreshTokenCanNarrowButNotWidenTheScope() {
    Fixture f;
    const auto code = f.signIn("orders-web", "api://orders/Orders.Read offline_access");
    auto first = body(f.token({{"grant_type", "authorization_code"},
                               {"client_id", "orders-web"},
                               {"client_secret", f.appSecret},
                               {"code", code},
                               {"redirect_uri", kRedirect},
                               {"code_verifier", kVerifier}}));
    auto widen = f.token({{"grant_type", "refresh_token"},
                          {"client_id", "orders-web"},
                          {"client_secret", f.appSecret},
                          {"refresh_token", first["refresh_token"]},
                          {"scope", "api://orders/Orders.Write"}});
    QCOMPARE(widen.status, 400);
    QCOMPARE(text(body(widen), "error"), QStringLiteral("invalid_scope"));
}

void TestDevIdpGrants::deviceCodeFlowPendsSlowsDownAndAdmitsOnceApproved() {
    Fixture f;
    auto start = f.post("/oauth2/v2.0/devicecode",
                        {{"client_id", "orders-cli"}, {"scope", "api://orders/.default"}});
    QCOMPARE(start.status, 200);
    const auto grant = body(start);
    const std::string deviceCode = grant["device_code"];
    const std::string userCode = grant["user_code"];
    QCOMPARE(grant["interval"].get<int>(), 5);
    QVERIFY(grant["verification_uri"].get<std::string>().ends_with("/oauth2/v2.0/deviceauth"));
    const std::map<std::string, std::string> poll{
        {"grant_type", "urn:ietf:params:oauth:grant-type:device_code"},
        {"client_id", "orders-cli"},
        {"device_code", deviceCode}};
    auto pending = f.token(poll);
    QCOMPARE(pending.status, 400);
    QCOMPARE(text(body(pending), "error"), QStringLiteral("authorization_pending"));
    auto tooFast = f.token(poll);
    QCOMPARE(text(body(tooFast), "error"), QStringLiteral("slow_down"));
    f.now += std::chrono::seconds(11); // the interval grew to 10 s
    QCOMPARE(text(body(f.token(poll)), "error"), QStringLiteral("authorization_pending"));

    auto page = f.get(f.path("/oauth2/v2.0/deviceauth?user_code=" + userCode));
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.find(userCode) != std::string::npos);
    auto wrong = f.post("/oauth2/v2.0/deviceauth", {{"user_code", userCode},
                                                    {"username", "alice@contoso.test"},
                                                    {"password", "nope"},
                                                    {"decision", "approve"}});
    QCOMPARE(wrong.status, 401);
    auto approve = f.post("/oauth2/v2.0/deviceauth", {{"user_code", userCode},
                                                      {"username", "ALICE@contoso.test"},
                                                      {"password", f.alicePassword},
                                                      {"decision", "approve"}});
    QCOMPARE(approve.status, 200);
    auto issued = f.token(poll);
    QCOMPARE(issued.status, 200);
    const auto claims = payloadOf(body(issued)["access_token"]);
    QCOMPARE(text(claims, "scp"), QStringLiteral("Orders.Read"));
    QCOMPARE(text(claims, "azpacr"), QStringLiteral("0"));
    QCOMPARE(f.token(poll).status, 400); // the device code is spent
}

void TestDevIdpGrants::deniedDeviceCodeAnswersAccessDenied() {
    Fixture f;
    const auto grant =
        body(f.post("/oauth2/v2.0/devicecode",
                    {{"client_id", "orders-cli"}, {"scope", "api://orders/.default"}}));
    f.post("/oauth2/v2.0/deviceauth", {{"user_code", grant["user_code"]},
                                       {"username", "alice@contoso.test"},
                                       {"password", f.alicePassword},
                                       {"decision", "deny"}});
    auto response = f.token({{"grant_type", "urn:ietf:params:oauth:grant-type:device_code"},
                             {"client_id", "orders-cli"},
                             {"device_code", grant["device_code"]}});
    QCOMPARE(response.status, 400);
    QCOMPARE(text(body(response), "error"), QStringLiteral("access_denied"));
}

void TestDevIdpGrants::expiredDeviceCodeAnswersExpiredToken() {
    Fixture f;
    const auto grant =
        body(f.post("/oauth2/v2.0/devicecode",
                    {{"client_id", "orders-cli"}, {"scope", "api://orders/.default"}}));
    f.now += std::chrono::minutes(16);
    auto late = f.post("/oauth2/v2.0/deviceauth", {{"user_code", grant["user_code"]},
                                                   {"username", "alice@contoso.test"},
                                                   {"password", f.alicePassword},
                                                   {"decision", "approve"}});
    QCOMPARE(late.status, 400);
    auto response = f.token({{"grant_type", "urn:ietf:params:oauth:grant-type:device_code"},
                             {"client_id", "orders-cli"},
                             {"device_code", grant["device_code"]}});
    QCOMPARE(response.status, 400);
    QCOMPARE(text(body(response), "error"), QStringLiteral("expired_token"));
}

void TestDevIdpGrants::rotationKeepsTheOldKeyPublishedUntilItsTokensExpire() {
    Fixture f;
    const auto before = f.provider->currentKid();
    const auto next = f.provider->publishedKids().at(1);
    const auto rotated = f.provider->rotateKeys();
    QVERIFY(rotated);
    QCOMPARE(*rotated, next); // the pre-published key signs now
    const auto kids = f.provider->publishedKids();
    QVERIFY(std::find(kids.begin(), kids.end(), before) != kids.end());
    QCOMPARE(kids.size(), std::size_t(3));
    auto token = body(f.token({{"grant_type", "client_credentials"},
                               {"client_id", "orders-daemon"},
                               {"client_secret", f.daemonSecret},
                               {"scope", "api://orders/.default"}}))["access_token"];
    QCOMPARE(headerOf(token)["kid"].get<std::string>(), next);
    f.now += std::chrono::hours(25);
    const auto later = f.provider->publishedKids();
    QVERIFY(std::find(later.begin(), later.end(), before) == later.end());
    QCOMPARE(later.size(), std::size_t(2));
}

void TestDevIdpGrants::grantTypeNotListedForTheClientIsUnauthorizedClient() {
    Fixture f;
    auto response = f.token({{"grant_type", "client_credentials"},
                             {"client_id", "orders-web"},
                             {"client_secret", f.appSecret},
                             {"scope", "api://orders/.default"}});
    QCOMPARE(response.status, 400);
    QCOMPARE(text(body(response), "error"), QStringLiteral("unauthorized_client"));
}

QTEST_GUILESS_MAIN(TestDevIdpGrants)
#include "test_dev_idp_grants.moc"
