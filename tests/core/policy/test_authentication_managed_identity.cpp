#include "memory_context.h"
#include "policy_test_support.h"

#include <QtTest>

using namespace portico;
using namespace portico::policy;
using namespace portico::policy::test;

namespace {

std::string header(const MemoryContext::Message& message, std::string_view name) {
    std::string found;
    for (const auto& [n, v] : message.headers) {
        if (MemoryContext::sameName(n, name))
            found += (found.empty() ? "" : "|") + v;
    }
    return found;
}

// A managed identity that issues "token-for:<resource>".
AwaitOutcome issue(const TokenWork& work) {
    AwaitOutcome outcome;
    outcome.token = "token-for:" + work.resource;
    return outcome;
}

} // namespace

// authentication-managed-identity asks its host for the managed identity's token (the gateway
// caches it and asks IMDS; TestGatewayManagedIdentity covers that over HTTP) and uses it.
class TestAuthenticationManagedIdentity : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sendsTheResourcesTokenAsBearerInsteadOfTheCallers();
    void asksForAUserAssignedIdentityAndAnExpressionResource();
    void leavesTheTokenInAVariableWhenAsked();
    void failsTheRequestWhenNoTokenCame();
    void goesOnWithoutATokenWhenErrorsAreIgnored();
    void signsSendRequestWithTheIdentity();
    void refusesBadSettings_data();
    void refusesBadSettings();
};

void TestAuthenticationManagedIdentity::sendsTheResourcesTokenAsBearerInsteadOfTheCallers() {
    const auto pipeline = compiled(inSection(
        "inbound", R"(<authentication-managed-identity resource="https://graph.microsoft.com"/>)"));
    MemoryContext context;
    context.tokenSource = issue;
    context.request.headers = {{"Authorization", "Bearer caller-token"}};
    std::string seen;
    runPipeline(pipeline, context,
                [&](MemoryContext& c) { seen = header(c.request, "Authorization"); });
    QCOMPARE(seen, std::string("Bearer token-for:https://graph.microsoft.com"));
    QCOMPARE(context.tokenRequests.size(), std::size_t(1));
    QCOMPARE(context.tokenRequests[0].clientId, std::string());
}

void TestAuthenticationManagedIdentity::asksForAUserAssignedIdentityAndAnExpressionResource() {
    const auto pipeline = compiled(inSection(
        "inbound",
        R"~(<authentication-managed-identity resource="@(&quot;api://&quot; + context.Request.Headers.GetValueOrDefault(&quot;X-App&quot;, &quot;none&quot;))" client-id="9a2b7c4e-1111-2222-3333-444455556666"/>)~"));
    MemoryContext context;
    context.tokenSource = issue;
    context.request.headers = {{"X-App", "orders"}};
    runPipeline(pipeline, context);
    QCOMPARE(context.tokenRequests.size(), std::size_t(1));
    QCOMPARE(context.tokenRequests[0].resource, std::string("api://orders"));
    QCOMPARE(context.tokenRequests[0].clientId,
             std::string("9a2b7c4e-1111-2222-3333-444455556666"));
    QCOMPARE(header(context.request, "Authorization"),
             std::string("Bearer token-for:api://orders"));
}

void TestAuthenticationManagedIdentity::leavesTheTokenInAVariableWhenAsked() {
    // APIM's own example: the variable, then a set-header of the policy author's choosing.
    const auto pipeline = compiled(inSection(
        "inbound",
        R"~(<authentication-managed-identity resource="https://vault.azure.net" output-token-variable-name="msi-access-token" ignore-error="false"/>
        <set-header name="X-Vault-Token" exists-action="override"><value>@((string)context.Variables["msi-access-token"])</value></set-header>)~"));
    MemoryContext context;
    context.tokenSource = issue;
    context.request.headers = {{"Authorization", "Bearer caller-token"}};
    runPipeline(pipeline, context);
    QVERIFY(context.forwarded);
    QCOMPARE(header(context.request, "Authorization"), std::string("Bearer caller-token"));
    QCOMPARE(header(context.request, "X-Vault-Token"),
             std::string("token-for:https://vault.azure.net"));
}

void TestAuthenticationManagedIdentity::failsTheRequestWhenNoTokenCame() {
    const auto pipeline = compiled(inSection(
        "inbound", R"(<authentication-managed-identity resource="https://a.example" id="mi"/>)"));
    MemoryContext context; // no tokenSource: every request for a token fails
    runPipeline(pipeline, context);
    QVERIFY(!context.forwarded);
    QCOMPARE(context.status, 500);
    QVERIFY(context.lastError);
    QCOMPARE(context.lastError->source, std::string("authentication-managed-identity"));
    QCOMPARE(context.lastError->reason, std::string("ManagedIdentityTokenFailure"));
    QCOMPARE(context.lastError->policyId, std::string("mi"));
}

void TestAuthenticationManagedIdentity::goesOnWithoutATokenWhenErrorsAreIgnored() {
    const auto pipeline = compiled(inSection(
        "inbound",
        R"(<authentication-managed-identity resource="https://a.example" ignore-error="true" output-token-variable-name="t"/>)"));
    MemoryContext context;
    context.request.headers = {{"Authorization", "Bearer caller-token"}};
    runPipeline(pipeline, context);
    QVERIFY(context.forwarded);
    QCOMPARE(header(context.request, "Authorization"), std::string("Bearer caller-token"));
    QVERIFY(!context.variable("t"));
}

void TestAuthenticationManagedIdentity::signsSendRequestWithTheIdentity() {
    const auto pipeline = compiled(inSection(
        "inbound",
        R"(<send-request mode="new" response-variable-name="r"><set-url>https://management.azure.com/subscriptions?api-version=2020-01-01</set-url><set-method>GET</set-method><authentication-managed-identity resource="https://management.azure.com/" client-id="uai"/></send-request>)"));
    MemoryContext context;
    context.sideBackend = [](const HttpWork&) {
        AwaitOutcome outcome;
        outcome.response = HttpOutcome{200, "OK", {}, "{}"};
        return outcome;
    };
    runPipeline(pipeline, context);
    QCOMPARE(context.sideRequests.size(), std::size_t(1));
    const auto& bearer = context.sideRequests[0].bearer;
    QVERIFY(bearer);
    QCOMPARE(bearer->resource, std::string("https://management.azure.com/"));
    QCOMPARE(bearer->clientId, std::string("uai"));
    QVERIFY(context.forwarded);
}

void TestAuthenticationManagedIdentity::refusesBadSettings_data() {
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("message");
    QTest::newRow("no resource") << "inbound"_q
                                 << R"(<authentication-managed-identity/>)"_q
                                 << "resource"_q;
    QTest::newRow("expression in client-id")
        << "inbound"_q
        << R"~(<authentication-managed-identity resource="r" client-id="@(&quot;x&quot;)"/>)~"_q
        << "client-id"_q;
    QTest::newRow("bad ignore-error")
        << "inbound"_q
        << R"(<authentication-managed-identity resource="r" ignore-error="yes"/>)"_q
        << "ignore-error"_q;
    QTest::newRow("unknown attribute")
        << "inbound"_q
        << R"(<authentication-managed-identity resource="r" scope="s"/>)"_q
        << "scope"_q;
    QTest::newRow("outbound") << "outbound"_q
                              << R"(<authentication-managed-identity resource="r"/>)"_q
                              << "inbound"_q;
    QTest::newRow("send-request child without resource")
        << "inbound"_q
        << R"(<send-request response-variable-name="r"><set-url>https://a.example/</set-url><authentication-managed-identity/></send-request>)"_q
        << "resource"_q;
}

void TestAuthenticationManagedIdentity::refusesBadSettings() {
    QFETCH(QString, section);
    QFETCH(QString, policy);
    QFETCH(QString, message);
    model::DiagnosticList diagnostics;
    QVERIFY(!compileDocument(inSection(section.toStdString(), policy.toStdString()), diagnostics));
    QVERIFY2(describe(diagnostics).contains(message), qPrintable(describe(diagnostics)));
}

QTEST_GUILESS_MAIN(TestAuthenticationManagedIdentity)
#include "test_authentication_managed_identity.moc"
