// validate-azure-ad-token against a tenant's v2 OpenID configuration served over real HTTP on
// loopback (the Entra authority overridden for the test).

#include "jwt_policy_runner.h"
#include "jwt_test_support.h"
#include "loopback_http_server.h"

#include <QTest>

using namespace portico;
using namespace portico::identity;
using namespace portico::identity::test;
using namespace portico::security::jwt;
using namespace portico::security::jwt::test;

namespace {

const char kTenant[] = "contoso.onmicrosoft.com";
const char kIssuer[] =
    "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0";
const char kClient[] = "00001111-aaaa-2222-bbbb-3333cccc4444";

std::chrono::system_clock::time_point fixedNow() {
    return std::chrono::system_clock::time_point(std::chrono::seconds(kNow));
}

std::string entraToken(const std::string& members) {
    return mint(Algorithm::RS256, signingKey(KeyKind::Rsa), headerJson(Algorithm::RS256, "entra"),
                std::string(R"({"iss":")") + kIssuer + R"(","exp":)" + std::to_string(kNow + 600) +
                    members + "}");
}

std::string azurePolicy(const std::string& attributes, const std::string& children) {
    return std::string(R"(<validate-azure-ad-token tenant-id=")") + kTenant + "\" " + attributes +
           ">" + children + "</validate-azure-ad-token>";
}

std::string clients(std::initializer_list<const char*> ids) {
    std::string xml = "<client-application-ids>";
    for (const char* id : ids)
        xml += std::string("<application-id>") + id + "</application-id>";
    return xml + "</client-application-ids>";
}

} // namespace

class TestValidateAzureAdTokenPolicy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void fetchesTheTenantsV2OpenIdConfiguration();
    void admitsOnlyTheConfiguredClientApplications_data();
    void admitsOnlyTheConfiguredClientApplications();
    void readsBearerTokensFromAuthorizationByDefault();
    void treatsBackendApplicationIdsAsAudiences();
    void checksAudiencesAndRequiredClaims();
    void refusesTenantIdsThatWouldChangeTheUrl_data();
    void refusesTenantIdsThatWouldChangeTheUrl();
    void needsClientApplicationIds();

private:
    std::unique_ptr<LoopbackHttpServer> m_entra;
};

void TestValidateAzureAdTokenPolicy::initTestCase() {
    policies::setJwtPolicyClock(fixedNow);
    m_entra = std::make_unique<LoopbackHttpServer>();
    const std::string base = std::string("/") + kTenant;
    m_entra->answer(base + "/v2.0/.well-known/openid-configuration", 200,
                    openIdConfiguration(kIssuer, m_entra->url(base + "/discovery/v2.0/keys")));
    m_entra->answer(base + "/discovery/v2.0/keys", 200,
                    R"({"keys":[)" + signingKey(KeyKind::Rsa).publicJwk("entra") + "]}");
    policies::setAzureAdAuthority(m_entra->url(""));
    KeyProvider::setShared(std::make_shared<KeyProvider>()); // real HTTP
}

void TestValidateAzureAdTokenPolicy::cleanupTestCase() {
    KeyProvider::setShared(nullptr);
    m_entra.reset();
}

void TestValidateAzureAdTokenPolicy::fetchesTheTenantsV2OpenIdConfiguration() {
    const auto compiled = compileInbound(azurePolicy("", clients({kClient})));
    QVERIFY2(compiled->pipeline, qPrintable(policy::test::describe(compiled->diagnostics)));
    MemoryContext context;
    setBearer(context, entraToken(std::string(R"(,"azp":")") + kClient + "\""));
    const auto outcome = runInbound(compiled->inbound(), context);
    QVERIFY2(!outcome.failed, outcome.error.message.c_str());
    QVERIFY(m_entra->hits(std::string("/") + kTenant + "/v2.0/.well-known/openid-configuration") >=
            1);
}

void TestValidateAzureAdTokenPolicy::admitsOnlyTheConfiguredClientApplications_data() {
    QTest::addColumn<QString>("members");
    QTest::addColumn<bool>("admitted");
    QTest::newRow("v2 azp") << QString::fromUtf8(R"(,"azp":"%1")").arg(QString::fromUtf8(kClient))
                            << true;
    QTest::newRow("v1 appid")
        << QString::fromUtf8(R"(,"appid":"%1")").arg(QString::fromUtf8(kClient)) << true;
    QTest::newRow("second allowed id") << QString::fromUtf8(R"(,"azp":"second")") << true;
    QTest::newRow("another application") << QString::fromUtf8(R"(,"azp":"intruder")") << false;
    QTest::newRow("azp wins over appid")
        << QString::fromUtf8(R"(,"azp":"intruder","appid":"%1")").arg(QString::fromUtf8(kClient))
        << false;
    QTest::newRow("no application claim") << QString() << false;
}

void TestValidateAzureAdTokenPolicy::admitsOnlyTheConfiguredClientApplications() {
    QFETCH(QString, members);
    QFETCH(bool, admitted);
    const auto compiled = compileInbound(azurePolicy("", clients({kClient, "second"})));
    QVERIFY2(compiled->pipeline, qPrintable(policy::test::describe(compiled->diagnostics)));
    MemoryContext context;
    setBearer(context, entraToken(members.toStdString()));
    const auto outcome = runInbound(compiled->inbound(), context);
    QCOMPARE(!outcome.failed, admitted);
    if (!admitted) {
        QCOMPARE(outcome.error.statusCode, 401);
        QCOMPARE(outcome.error.source, std::string("validate-azure-ad-token"));
    }
}

void TestValidateAzureAdTokenPolicy::readsBearerTokensFromAuthorizationByDefault() {
    const auto compiled = compileInbound(azurePolicy("", clients({kClient})));
    const std::string token = entraToken(std::string(R"(,"azp":")") + kClient + "\"");
    MemoryContext bare;
    bare.request.headers.emplace_back("Authorization", token);
    QCOMPARE(runInbound(compiled->inbound(), bare).error.reason, std::string("TokenNotPresent"));
    const auto custom = compileInbound(azurePolicy(R"(header-name="X-Token")", clients({kClient})));
    QVERIFY2(custom->pipeline, qPrintable(policy::test::describe(custom->diagnostics)));
    MemoryContext header;
    header.request.headers.emplace_back("X-Token", token);
    QVERIFY(!runInbound(custom->inbound(), header).failed);
}

void TestValidateAzureAdTokenPolicy::treatsBackendApplicationIdsAsAudiences() {
    const auto compiled = compileInbound(
        azurePolicy("", clients({kClient}) + "<backend-application-ids><application-id>backend-app"
                                             "</application-id></backend-application-ids>"));
    QVERIFY2(compiled->pipeline, qPrintable(policy::test::describe(compiled->diagnostics)));
    for (const auto& [audience, admitted] :
         {std::pair{"backend-app", true}, std::pair{"api://backend-app", true},
          std::pair{"other-app", false}}) {
        MemoryContext context;
        setBearer(context, entraToken(std::string(R"(,"azp":")") + kClient + R"(","aud":")" +
                                      audience + "\""));
        const auto outcome = runInbound(compiled->inbound(), context);
        QCOMPARE(!outcome.failed, admitted);
    }
}

void TestValidateAzureAdTokenPolicy::checksAudiencesAndRequiredClaims() {
    const auto compiled = compileInbound(
        azurePolicy(R"(output-token-variable-name="jwt")",
                    clients({kClient}) + R"(<audiences><audience>api://orders</audience></audiences>
<required-claims><claim name="ctry" match="any"><value>US</value></claim></required-claims>)"));
    QVERIFY2(compiled->pipeline, qPrintable(policy::test::describe(compiled->diagnostics)));
    const std::string azp = std::string(R"(,"azp":")") + kClient + "\"";
    MemoryContext good;
    setBearer(good, entraToken(azp + R"(,"aud":"api://orders","ctry":"US")"));
    QVERIFY(!runInbound(compiled->inbound(), good).failed);
    QVERIFY(good.variable("jwt"));
    MemoryContext wrongCountry;
    setBearer(wrongCountry, entraToken(azp + R"(,"aud":"api://orders","ctry":"FR")"));
    QCOMPARE(runInbound(compiled->inbound(), wrongCountry).error.reason,
             std::string("TokenClaimValueNotAllowed"));
    MemoryContext wrongAudience;
    setBearer(wrongAudience, entraToken(azp + R"(,"aud":"api://billing","ctry":"US")"));
    QCOMPARE(runInbound(compiled->inbound(), wrongAudience).error.reason,
             std::string("TokenAudienceNotAllowed"));
}

void TestValidateAzureAdTokenPolicy::refusesTenantIdsThatWouldChangeTheUrl_data() {
    QTest::addColumn<QString>("tenant");
    QTest::newRow("path traversal") << QString::fromUtf8("../evil");
    QTest::newRow("another host") << QString::fromUtf8("x@evil.test");
    QTest::newRow("query") << QString::fromUtf8("t?x=1");
    QTest::newRow("slash") << QString::fromUtf8("a/b");
}

void TestValidateAzureAdTokenPolicy::refusesTenantIdsThatWouldChangeTheUrl() {
    QFETCH(QString, tenant);
    const auto compiled =
        compileInbound(R"(<validate-azure-ad-token tenant-id=")" + tenant.toStdString() + "\">" +
                       clients({kClient}) + "</validate-azure-ad-token>");
    QVERIFY(!compiled->pipeline);
    QVERIFY2(policy::test::describe(compiled->diagnostics)
                 .contains(QString::fromUtf8(
                     "3:37: error: PT3203 tenant-id must be a tenant GUID or domain")),
             qPrintable(policy::test::describe(compiled->diagnostics)));
}

void TestValidateAzureAdTokenPolicy::needsClientApplicationIds() {
    const auto compiled = compileInbound(azurePolicy("", ""));
    QVERIFY(!compiled->pipeline);
    QVERIFY2(policy::test::describe(compiled->diagnostics)
                 .contains(QString::fromUtf8("client-application-ids")),
             qPrintable(policy::test::describe(compiled->diagnostics)));
}

QTEST_GUILESS_MAIN(TestValidateAzureAdTokenPolicy)
#include "test_validate_azure_ad_token_policy.moc"
