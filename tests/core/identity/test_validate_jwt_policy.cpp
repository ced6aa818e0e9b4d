// validate-jwt as a policy: compiled from XML, run through the executor's await/resume, with keys
// from issuer-signing-keys or from an OpenID provider behind the key provider.

#include "jwt_attack_table.h"
#include "jwt_policy_runner.h"

#include "core/security/jwt/base64url.h"

#include <QTest>

using namespace portico;
using namespace portico::identity;
using namespace portico::identity::test;
using namespace portico::security::jwt;
using namespace portico::security::jwt::test;

namespace {

std::chrono::system_clock::time_point fixedNow() {
    return std::chrono::system_clock::time_point(std::chrono::seconds(kNow));
}

const char kIdp[] = "https://idp.test";

// An IdP whose JWKS the test changes at will; counts JWKS fetches.
struct FakeIdp {
    std::mutex mutex;
    std::string jwks;
    bool down = false;
    int jwksFetches = 0;

    HttpResponse fetch(const std::string& url) {
        std::lock_guard lock(mutex);
        if (down)
            return {0, "", "connection refused"};
        if (url.ends_with("/.well-known/openid-configuration"))
            return jsonResponse(openIdConfiguration("https://issuer.test",
                                                    url.substr(0, url.find("/.well")) + "/keys"));
        ++jwksFetches;
        return jsonResponse(jwks);
    }
    void setJwks(std::string text) {
        std::lock_guard lock(mutex);
        jwks = std::move(text);
    }
};

std::string policyWithOpenId(const std::string& url, const std::string& extra = {}) {
    return R"(<validate-jwt header-name="Authorization" require-scheme="Bearer">
<openid-config url=")" +
           url + R"(" />
<audiences><audience>api://portico</audience></audiences>)" +
           extra + "</validate-jwt>";
}

std::string hmacPolicy(const std::string& attributes, const std::string& children = {}) {
    const std::string secret = signingKey(KeyKind::Symmetric).secret();
    const QByteArray base64 = QByteArray::fromStdString(secret).toBase64();
    return "<validate-jwt " + attributes + R"(>
<issuer-signing-keys><key>)" +
           base64.toStdString() + R"(</key></issuer-signing-keys>
<audiences><audience>api://portico</audience></audiences>
<issuers><issuer>https://issuer.test</issuer></issuers>)" +
           children + "</validate-jwt>";
}

std::string hs256(const std::string& claims) {
    return mint(Algorithm::HS256, signingKey(KeyKind::Symmetric), headerJson(Algorithm::HS256),
                claims);
}

std::string claimsWith(const std::string& members) {
    return R"({"iss":"https://issuer.test","aud":"api://portico","exp":)" +
           std::to_string(kNow + 600) + members + "}";
}

QString describe(const CompiledInbound& compiled) {
    return policy::test::describe(compiled.diagnostics);
}

} // namespace

class TestValidateJwtPolicy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void refusesEveryAttackThroughThePolicy_data();
    void refusesEveryAttackThroughThePolicy();
    void acceptsAValidTokenAndStoresTheJwtVariable();
    void refusesAMissingTokenWithApimsReasonAndMessage();
    void usesFailedValidationHttpcodeAndErrorMessage();
    void requiresTheSchemeOnlyInTheAuthorizationHeader();
    void readsTheTokenFromAQueryParameterOrAnExpression();
    void refusesTwoTokens();
    void matchesRequiredClaimsAllOrAnyWithSeparator();
    void evaluatesAudienceExpressionsPerRequest();
    void fetchesOpenIdKeysWithoutBlockingAndResumes();
    void acceptsOnlyTheIssuerTheOpenIdConfigurationNames();
    void refetchesKeysOnceForAnUnknownKid();
    void keepsValidatingWithTheLastKeysWhileTheIdpIsDown();
    void refusesWithKeyNotFoundWhenNoKeysCanBeFetched();
    void enforcesTheOperationsRequiredScopes();
    void refusesBadConfigurationsWithTheirPosition_data();
    void refusesBadConfigurationsWithTheirPosition();
};

void TestValidateJwtPolicy::initTestCase() {
    policies::setJwtPolicyClock(fixedNow);
}

void TestValidateJwtPolicy::refusesEveryAttackThroughThePolicy_data() {
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < attacks().size(); ++i)
        QTest::newRow(attacks()[i].name.c_str()) << static_cast<int>(i);
}

void TestValidateJwtPolicy::refusesEveryAttackThroughThePolicy() {
    QFETCH(int, index);
    const Attack& attack = attacks().at(static_cast<std::size_t>(index));
    const std::string jwks = attack.jwks();
    KeyProvider::setShared(fakeProvider([jwks](const std::string& url) {
        if (url.ends_with("/keys"))
            return jsonResponse(jwks);
        return jsonResponse(
            openIdConfiguration("https://issuer.test", std::string(kIdp) + "/keys"));
    }));
    const auto compiled = compileInbound(policyWithOpenId(
        std::string(kIdp) + "/" + std::to_string(index) + "/.well-known/openid-configuration",
        "<issuers><issuer>https://issuer.test</issuer></issuers>"));
    QVERIFY2(compiled->pipeline, qPrintable(describe(*compiled)));
    MemoryContext context;
    setBearer(context, attack.token());
    if (attack.token().empty())
        context.request.headers.clear();
    const auto outcome = runInbound(compiled->inbound(), context);
    QVERIFY(!outcome.timedOut);
    QVERIFY2(outcome.failed, "the attack token was admitted");
    QCOMPARE(outcome.error.statusCode, 401);
    QCOMPARE(outcome.error.source, std::string("validate-jwt"));
    QCOMPARE(outcome.error.reason, std::string(errorReason(attack.expected)));
    QVERIFY(!outcome.error.message.empty());
    QVERIFY(!context.variable("jwt"));
    KeyProvider::setShared(nullptr);
}

void TestValidateJwtPolicy::acceptsAValidTokenAndStoresTheJwtVariable() {
    const auto compiled = compileInbound(
        hmacPolicy(R"(header-name="Authorization" output-token-variable-name="jwt")"));
    QVERIFY2(compiled->pipeline, qPrintable(describe(*compiled)));
    MemoryContext context;
    setBearer(context, hs256(claimsWith(R"(,"sub":"alice")")));
    const auto outcome = runInbound(compiled->inbound(), context);
    QVERIFY2(!outcome.failed, outcome.error.message.c_str());
    QCOMPARE(outcome.awaits, 0);
    const auto* jwt = context.variable("jwt");
    QVERIFY(jwt);
    QCOMPARE(jwt->type(), policy::expr::Ty::Jwt);
}

void TestValidateJwtPolicy::refusesAMissingTokenWithApimsReasonAndMessage() {
    const auto compiled = compileInbound(hmacPolicy(R"(header-name="Authorization")"));
    QVERIFY2(compiled->pipeline, qPrintable(describe(*compiled)));
    MemoryContext context;
    const auto outcome = runInbound(compiled->inbound(), context);
    QVERIFY(outcome.failed);
    QCOMPARE(outcome.error.statusCode, 401);
    QCOMPARE(outcome.error.reason, std::string("TokenNotPresent"));
    QCOMPARE(outcome.error.message, std::string("JWT not present."));
}

void TestValidateJwtPolicy::usesFailedValidationHttpcodeAndErrorMessage() {
    const auto compiled = compileInbound(hmacPolicy(
        R"(header-name="Authorization" failed-validation-httpcode="403" failed-validation-error-message="Unauthorized. Access token is missing or invalid.")"));
    QVERIFY2(compiled->pipeline, qPrintable(describe(*compiled)));
    MemoryContext context;
    setBearer(context, hs256(R"({"iss":"https://issuer.test","aud":"api://portico","exp":1})"));
    const auto outcome = runInbound(compiled->inbound(), context);
    QVERIFY(outcome.failed);
    QCOMPARE(outcome.error.statusCode, 403);
    QCOMPARE(outcome.error.reason, std::string("TokenExpired"));
    QCOMPARE(outcome.error.message,
             std::string("Unauthorized. Access token is missing or invalid."));
}

void TestValidateJwtPolicy::requiresTheSchemeOnlyInTheAuthorizationHeader() {
    const std::string token = hs256(claimsWith(""));
    const auto authorization =
        compileInbound(hmacPolicy(R"(header-name="Authorization" require-scheme="Bearer")"));
    QVERIFY2(authorization->pipeline, qPrintable(describe(*authorization)));
    for (const auto& [value, admitted] :
         {std::pair{"Bearer " + token, true}, std::pair{"bearer " + token, true},
          std::pair{"Basic " + token, false}, std::pair{token, false}}) {
        MemoryContext context;
        context.request.headers.emplace_back("Authorization", value);
        const auto outcome = runInbound(authorization->inbound(), context);
        QCOMPARE(!outcome.failed, admitted);
        if (!admitted)
            QCOMPARE(outcome.error.reason, std::string("TokenNotPresent"));
    }
    // APIM ignores require-scheme for other headers: the bare token is fine there.
    const auto custom =
        compileInbound(hmacPolicy(R"(header-name="X-Token" require-scheme="Bearer")"));
    QVERIFY2(custom->pipeline, qPrintable(describe(*custom)));
    MemoryContext context;
    context.request.headers.emplace_back("X-Token", token);
    QVERIFY(!runInbound(custom->inbound(), context).failed);
}

void TestValidateJwtPolicy::readsTheTokenFromAQueryParameterOrAnExpression() {
    const std::string token = hs256(claimsWith(""));
    const auto query = compileInbound(hmacPolicy(R"(query-parameter-name="access_token")"));
    QVERIFY2(query->pipeline, qPrintable(describe(*query)));
    MemoryContext fromQuery;
    fromQuery.query = {{"access_token", token}};
    QVERIFY(!runInbound(query->inbound(), fromQuery).failed);

    const auto expression = compileInbound(hmacPolicy(
        R"x(token-value="@(context.Request.Headers.GetValueOrDefault(&quot;X-Jwt&quot;, &quot;&quot;))")x"));
    QVERIFY2(expression->pipeline, qPrintable(describe(*expression)));
    MemoryContext fromExpression;
    fromExpression.request.headers.emplace_back("X-Jwt", token);
    QVERIFY(!runInbound(expression->inbound(), fromExpression).failed);
    MemoryContext empty;
    QCOMPARE(runInbound(expression->inbound(), empty).error.reason, std::string("TokenNotPresent"));
}

void TestValidateJwtPolicy::refusesTwoTokens() {
    const std::string token = hs256(claimsWith(""));
    const auto compiled = compileInbound(hmacPolicy(R"(header-name="Authorization")"));
    MemoryContext context;
    setBearer(context, token);
    setBearer(context, token);
    const auto outcome = runInbound(compiled->inbound(), context);
    QVERIFY(outcome.failed);
    QCOMPARE(outcome.error.message, std::string("Invalid JWT."));
}

void TestValidateJwtPolicy::matchesRequiredClaimsAllOrAnyWithSeparator() {
    const auto compiled = compileInbound(hmacPolicy(R"(header-name="Authorization")", R"(
<required-claims>
  <claim name="group" match="any"><value>finance</value><value>logistics</value></claim>
  <claim name="perms" match="all" separator=","><value>read</value><value>write</value></claim>
</required-claims>)"));
    QVERIFY2(compiled->pipeline, qPrintable(describe(*compiled)));
    struct Row {
        const char* members;
        const char* reason; // "" when admitted
    };
    for (const Row& row :
         {Row{R"(,"group":"finance","perms":"read,write")", ""},
          Row{R"(,"group":["hr","logistics"],"perms":"write,read,x")", ""},
          Row{R"(,"group":"hr","perms":"read,write")", "TokenClaimValueNotAllowed"},
          Row{R"(,"group":"finance","perms":"read")", "TokenClaimValueNotAllowed"},
          Row{R"(,"group":"finance")", "TokenClaimNotFound"}}) {
        MemoryContext context;
        setBearer(context, hs256(claimsWith(row.members)));
        const auto outcome = runInbound(compiled->inbound(), context);
        QCOMPARE(QString::fromStdString(outcome.failed ? outcome.error.reason : ""),
                 QString::fromUtf8(row.reason));
    }
}

void TestValidateJwtPolicy::evaluatesAudienceExpressionsPerRequest() {
    const std::string secret =
        QByteArray::fromStdString(signingKey(KeyKind::Symmetric).secret()).toBase64().toStdString();
    const auto compiled = compileInbound(R"(<validate-jwt header-name="Authorization">
<issuer-signing-keys><key>)" + secret + R"(</key></issuer-signing-keys>
<audiences><audience>@("api://" + context.Request.Headers.GetValueOrDefault("X-Tenant", "none"))</audience></audiences>
</validate-jwt>)");
    QVERIFY2(compiled->pipeline, qPrintable(describe(*compiled)));
    const std::string token = hs256(claimsWith(""));
    MemoryContext right;
    setBearer(right, token);
    right.request.headers.emplace_back("X-Tenant", "portico");
    QVERIFY(!runInbound(compiled->inbound(), right).failed);
    MemoryContext wrong;
    setBearer(wrong, token);
    wrong.request.headers.emplace_back("X-Tenant", "other");
    QCOMPARE(runInbound(compiled->inbound(), wrong).error.reason,
             std::string("TokenAudienceNotAllowed"));
}

void TestValidateJwtPolicy::fetchesOpenIdKeysWithoutBlockingAndResumes() {
    auto idp = std::make_shared<FakeIdp>();
    idp->setJwks(standardJwks());
    KeyProvider::setShared(fakeProvider([idp](const std::string& url) { return idp->fetch(url); }));
    const auto compiled =
        compileInbound(policyWithOpenId("https://idp.test/a/.well-known/openid-configuration"));
    QVERIFY2(compiled->pipeline, qPrintable(describe(*compiled)));
    MemoryContext first;
    setBearer(first, mintDefault(Algorithm::ES256, "p256"));
    auto result = compiled->inbound().front()->run(first);
    QCOMPARE(result.flow, policy::RunResult::Flow::Await); // never fetched on the caller
    MemoryContext again;
    setBearer(again, mintDefault(Algorithm::RS256, "rsa"));
    const auto outcome = runInbound(compiled->inbound(), again);
    QVERIFY2(!outcome.failed, outcome.error.message.c_str());
    // Keys are now cached: no more waiting, no more fetching.
    MemoryContext third;
    setBearer(third, mintDefault(Algorithm::EdDSA, "ed25519"));
    const auto cached = runInbound(compiled->inbound(), third);
    QVERIFY(!cached.failed);
    QCOMPARE(cached.awaits, 0);
    QCOMPARE(idp->jwksFetches, 1);
    KeyProvider::setShared(nullptr);
}

void TestValidateJwtPolicy::acceptsOnlyTheIssuerTheOpenIdConfigurationNames() {
    auto idp = std::make_shared<FakeIdp>();
    idp->setJwks(standardJwks());
    KeyProvider::setShared(fakeProvider([idp](const std::string& url) { return idp->fetch(url); }));
    const auto compiled =
        compileInbound(policyWithOpenId("https://idp.test/b/.well-known/openid-configuration"));
    QVERIFY2(compiled->pipeline, qPrintable(describe(*compiled)));
    MemoryContext good;
    setBearer(good, mintDefault(Algorithm::RS256, "rsa"));
    QVERIFY(!runInbound(compiled->inbound(), good).failed);
    MemoryContext evil;
    setBearer(evil, mint(Algorithm::RS256, signingKey(KeyKind::Rsa), headerJson(Algorithm::RS256),
                         R"({"iss":"https://evil.test","aud":"api://portico","exp":)" +
                             std::to_string(kNow + 60) + "}"));
    QCOMPARE(runInbound(compiled->inbound(), evil).error.reason,
             std::string("TokenIssuerNotAllowed"));
    KeyProvider::setShared(nullptr);
}

void TestValidateJwtPolicy::refetchesKeysOnceForAnUnknownKid() {
    auto idp = std::make_shared<FakeIdp>();
    idp->setJwks(R"({"keys":[)" + signingKey(KeyKind::EcP256).publicJwk("old") + "]}");
    KeyProvider::Options options;
    options.fetcher = [idp](const std::string& url) { return idp->fetch(url); };
    options.minRefetchInterval = std::chrono::milliseconds(0);
    KeyProvider::setShared(std::make_shared<KeyProvider>(options));
    const auto compiled =
        compileInbound(policyWithOpenId("https://idp.test/c/.well-known/openid-configuration"));
    QVERIFY2(compiled->pipeline, qPrintable(describe(*compiled)));
    MemoryContext before;
    setBearer(before, mintDefault(Algorithm::ES256, "old"));
    QVERIFY(!runInbound(compiled->inbound(), before).failed);
    QCOMPARE(idp->jwksFetches, 1);
    // The IdP rotates to a new key; a token with the new kid makes the provider look again.
    idp->setJwks(R"({"keys":[)" + signingKey(KeyKind::EcP256).publicJwk("old") + "," +
                 signingKey(KeyKind::Rsa).publicJwk("new") + "]}");
    MemoryContext after;
    setBearer(after, mintDefault(Algorithm::RS256, "new"));
    const auto outcome = runInbound(compiled->inbound(), after);
    QVERIFY2(!outcome.failed, outcome.error.message.c_str());
    QCOMPARE(outcome.awaits, 1);
    QCOMPARE(idp->jwksFetches, 2);
    KeyProvider::setShared(nullptr);
}

void TestValidateJwtPolicy::keepsValidatingWithTheLastKeysWhileTheIdpIsDown() {
    auto idp = std::make_shared<FakeIdp>();
    idp->setJwks(standardJwks());
    KeyProvider::Options options;
    options.fetcher = [idp](const std::string& url) { return idp->fetch(url); };
    options.minRefetchInterval = std::chrono::milliseconds(0);
    KeyProvider::setShared(std::make_shared<KeyProvider>(options));
    const auto compiled =
        compileInbound(policyWithOpenId("https://idp.test/d/.well-known/openid-configuration"));
    MemoryContext first;
    setBearer(first, mintDefault(Algorithm::RS256, "rsa"));
    QVERIFY(!runInbound(compiled->inbound(), first).failed);
    idp->down = true;
    // An unknown kid triggers a refetch that fails; the known keys still work.
    MemoryContext unknown;
    setBearer(unknown, mint(Algorithm::RS256, otherSigningKey(KeyKind::Rsa),
                            headerJson(Algorithm::RS256, "rotated"), claimsJson()));
    const auto refused = runInbound(compiled->inbound(), unknown);
    QVERIFY(refused.failed);
    QCOMPARE(refused.awaits, 1); // it did ask the IdP again
    QCOMPARE(refused.error.reason, std::string("TokenSignatureInvalid"));
    MemoryContext known;
    setBearer(known, mintDefault(Algorithm::ES384, "p384"));
    QVERIFY(!runInbound(compiled->inbound(), known).failed);
    KeyProvider::setShared(nullptr);
}

void TestValidateJwtPolicy::refusesWithKeyNotFoundWhenNoKeysCanBeFetched() {
    auto idp = std::make_shared<FakeIdp>();
    idp->down = true;
    KeyProvider::setShared(fakeProvider([idp](const std::string& url) { return idp->fetch(url); }));
    const auto compiled =
        compileInbound(policyWithOpenId("https://idp.test/e/.well-known/openid-configuration"));
    MemoryContext context;
    setBearer(context, mintDefault(Algorithm::RS256, "rsa"));
    const auto outcome = runInbound(compiled->inbound(), context);
    QVERIFY(outcome.failed);
    QCOMPARE(outcome.error.statusCode, 401);
    QCOMPARE(outcome.error.reason, std::string("TokenSignatureKeyNotFound"));
    // Within the refetch interval the next request does not wait for the IdP again.
    MemoryContext next;
    setBearer(next, mintDefault(Algorithm::RS256, "rsa"));
    QCOMPARE(runInbound(compiled->inbound(), next).awaits, 0);
    KeyProvider::setShared(nullptr);
}

void TestValidateJwtPolicy::enforcesTheOperationsRequiredScopes() {
    const auto compiled = compileInbound(hmacPolicy(R"(header-name="Authorization")"));
    QVERIFY2(compiled->pipeline, qPrintable(describe(*compiled)));
    struct Row {
        const char* members;
        const char* missing; // "" when admitted
    };
    static const std::vector<std::string> kRequired{"Orders.Read", "Orders.Write"};
    for (const Row& row :
         {Row{R"(,"scp":"Orders.Read Orders.Write")", ""},
          Row{R"(,"roles":["Orders.Write","Orders.Read"])", ""},
          Row{R"(,"scp":"Orders.Read")", "'Orders.Write'"},
          Row{R"(,"scp":"Orders.Write")", "'Orders.Read'"}, Row{"", "'Orders.Read'"}}) {
        MemoryContext context;
        context.facts.requiredScopes = kRequired;
        setBearer(context, hs256(claimsWith(row.members)));
        const auto outcome = runInbound(compiled->inbound(), context);
        QCOMPARE(!outcome.failed, std::string_view(row.missing).empty());
        if (outcome.failed) {
            QCOMPARE(outcome.error.statusCode, 403);
            QCOMPARE(outcome.error.reason, std::string("ScopeNotGranted"));
            QVERIFY2(outcome.error.message.find(row.missing) != std::string::npos,
                     outcome.error.message.c_str());
        }
    }
    // No scopes required: any valid token passes.
    MemoryContext open;
    setBearer(open, hs256(claimsWith("")));
    QVERIFY(!runInbound(compiled->inbound(), open).failed);
}

void TestValidateJwtPolicy::refusesBadConfigurationsWithTheirPosition_data() {
    QTest::addColumn<QString>("xml");
    QTest::addColumn<QString>("expected"); // "line:col: text"
    QTest::newRow("no keys") << R"(<validate-jwt header-name="Authorization" />)"
                             << "3:1: error: PT3205 <validate-jwt> has no signing keys";
    QTest::newRow("no token source")
        << R"(<validate-jwt><openid-config url="https://idp.test/x" /></validate-jwt>)"
        << "3:1: error: PT3201 <validate-jwt> needs header-name, query-parameter-name or "
           "token-value";
    QTest::newRow("two token sources")
        << R"(<validate-jwt header-name="A" query-parameter-name="b"><openid-config url="https://idp.test/x" /></validate-jwt>)"
        << "3:1: error: PT3203 <validate-jwt> takes one of";
    QTest::newRow("unsigned tokens")
        << R"(<validate-jwt header-name="A" require-signed-tokens="false"><openid-config url="https://idp.test/x" /></validate-jwt>)"
        << "3:54: error: PT3203 require-signed-tokens=\"false\" would accept forged tokens";
    QTest::newRow("plain http IdP")
        << R"(<validate-jwt header-name="A"><openid-config url="http://idp.test/x" /></validate-jwt>)"
        << "3:51: error: PT3203 <openid-config> url 'http://idp.test/x': http:// is allowed only "
           "for loopback";
    QTest::newRow("encrypted tokens")
        << R"(<validate-jwt header-name="A"><openid-config url="https://idp.test/x" /><decryption-keys><key>AAAA</key></decryption-keys></validate-jwt>)"
        << "3:73: error: PT3207 <decryption-keys>: encrypted tokens (JWE) are not supported";
    QTest::newRow("certificate id")
        << R"(<validate-jwt header-name="A"><issuer-signing-keys><key certificate-id="c" /></issuer-signing-keys></validate-jwt>)"
        << "3:52: error: PT3207 <key certificate-id>: Portico has no certificate store";
    QTest::newRow("short HMAC key")
        << R"(<validate-jwt header-name="A"><issuer-signing-keys><key>c2hvcnQ=</key></issuer-signing-keys></validate-jwt>)"
        << "3:52: error: PT3207 <key>: symmetric key of 5 bytes is shorter than 32";
    QTest::newRow("half an RSA key")
        << R"(<validate-jwt header-name="A"><issuer-signing-keys><key n="AQAB" /></issuer-signing-keys></validate-jwt>)"
        << "3:52: error: PT3207 <key>: an RSA key needs both n and e";
    QTest::newRow("status out of range")
        << R"(<validate-jwt header-name="A" failed-validation-httpcode="999"><openid-config url="https://idp.test/x" /></validate-jwt>)"
        << "3:59: error: PT3203 failed-validation-httpcode must be an HTTP status code";
}

void TestValidateJwtPolicy::refusesBadConfigurationsWithTheirPosition() {
    QFETCH(QString, xml);
    QFETCH(QString, expected);
    const auto compiled = compileInbound(xml.toStdString());
    QVERIFY(!compiled->pipeline);
    const QString diagnostics = describe(*compiled);
    QVERIFY2(diagnostics.contains(expected), qPrintable(diagnostics));
}

QTEST_GUILESS_MAIN(TestValidateJwtPolicy)
#include "test_validate_jwt_policy.moc"
