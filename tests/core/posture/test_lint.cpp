#include "core/model/workspace_loader.h"
#include "core/posture/lint.h"

#include <QTest>

using namespace portico;

namespace {

openapi::Operation operation(const std::string& id, std::vector<std::string> scopes) {
    openapi::Operation op;
    op.id = id;
    op.method = "GET";
    op.urlTemplate = "/" + id;
    op.requiredScopes = std::move(scopes);
    return op;
}

model::Api api(const std::string& id) {
    model::Api a;
    a.id = id;
    a.path = id;
    a.serviceUrl = "https://backend.example/" + id;
    a.origin.where = {"apis/" + id + "/api.yaml", 1, 1};
    return a;
}

openapi::Operation bodyOperation(const std::string& id) {
    auto op = operation(id, {});
    op.method = "POST";
    op.requestBody = {{"application/json", "{\"type\":\"object\"}", ""}};
    return op;
}

std::string inboundPolicy(const std::string& inbound) {
    return "<policies><inbound>" + inbound + "</inbound></policies>";
}

model::Fragment fragment(const std::string& id, const std::string& policies) {
    return {id, "<fragment>" + policies + "</fragment>", {}};
}

const char* const kValidateContent =
    "<validate-content unspecified-content-type-action=\"prevent\" max-size=\"1024\" "
    "size-exceeded-action=\"prevent\"><content type=\"application/json\" "
    "validate-as=\"json\" action=\"prevent\"/></validate-content>";

QStringList codesOf(const model::DiagnosticList& list) {
    QStringList codes;
    for (const auto& d : list.items()) {
        if (d.severity != model::Severity::Warning)
            return {QStringLiteral("not a warning: ") + QString::fromStdString(d.message)};
        codes << QString::fromStdString(d.code);
    }
    return codes;
}

} // namespace

class TestLint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sampleWorkspaceIsClean() {
        auto loaded = model::loadWorkspace(PORTICO_SOURCE_DIR "/resources/sample-workspace");
        QVERIFY(!loaded.diagnostics.hasErrors());
        const auto findings = posture::lintWorkspace(loaded.workspace);
        QVERIFY2(findings.empty(),
                 findings.empty() ? "" : findings.items().front().toString().c_str());
    }

    void warnsWhenEveryOperationSharesOneBroadScope() {
        model::Workspace ws;
        auto a = api("orders");
        a.oauthScopes = {{"api.access", ""}};
        a.specification.operations = {operation("list", {"api.access"}),
                                      operation("create", {"api.access"}),
                                      operation("cancel", {"api.access"})};
        ws.apis.push_back(a);
        const auto findings = posture::lintWorkspace(ws);
        QCOMPARE(codesOf(findings), QStringList{QStringLiteral("PT6001")});
        const auto& d = findings.items().front();
        QCOMPARE(QString::fromStdString(d.where.file), QStringLiteral("apis/orders/api.yaml"));
        QVERIFY(d.message.find("all 3 operations") != std::string::npos);
        QVERIFY(d.message.find("'api.access'") != std::string::npos);
    }

    void acceptsGranularScopes() {
        model::Workspace ws;
        auto a = api("orders");
        a.oauthScopes = {{"Orders.Read", ""}, {"Orders.Write", ""}};
        a.specification.operations = {operation("list", {"Orders.Read"}),
                                      operation("create", {"Orders.Write"})};
        ws.apis.push_back(a);
        QCOMPARE(codesOf(posture::lintWorkspace(ws)), QStringList{});
    }

    void warnsOnAnOperationWithoutScopeInAScopedApi() {
        model::Workspace ws;
        auto a = api("orders");
        a.oauthScopes = {{"Orders.Read", ""}, {"Orders.Write", ""}};
        a.specification.operations = {operation("list", {"Orders.Read"}),
                                      operation("create", {"Orders.Write"}),
                                      operation("export", {})};
        ws.apis.push_back(a);
        QCOMPARE(codesOf(posture::lintWorkspace(ws)), QStringList{QStringLiteral("PT6002")});
    }

    void warnsOnAnApiWithoutAnyAuthentication() {
        model::Workspace ws;
        auto a = api("open");
        a.subscriptionRequired = false;
        ws.apis.push_back(a);
        QCOMPARE(codesOf(posture::lintWorkspace(ws)), QStringList{QStringLiteral("PT6003")});

        ws.apis.front().policyXml =
            "<policies><inbound><validate-jwt header-name=\"Authorization\"/>"
            "</inbound></policies>";
        QCOMPARE(codesOf(posture::lintWorkspace(ws)), QStringList{});
    }

    void countsTokenValidationOnlyWhereEveryCallRunsIt() {
        model::Workspace ws;
        auto a = api("open");
        a.subscriptionRequired = false;
        a.specification.operations = {operation("list", {}), operation("export", {})};
        a.policyXml = inboundPolicy("<base/><include-fragment fragment-id=\"jwt\"/>");
        ws.apis.push_back(a);
        ws.fragments.push_back(fragment("jwt", "<validate-jwt header-name=\"Authorization\"/>"));
        QCOMPARE(codesOf(posture::lintWorkspace(ws)), QStringList{});

        // An operation whose inbound section leaves out <base/> drops the API's validate-jwt.
        ws.apis.front().operationPolicies["export"] = inboundPolicy("<set-header name=\"a\" "
                                                                    "exists-action=\"delete\"/>");
        QCOMPARE(codesOf(posture::lintWorkspace(ws)), QStringList{QStringLiteral("PT6003")});

        // A fragment that validates tokens counts only where it is included.
        ws.apis.front().operationPolicies.clear();
        ws.apis.front().policyXml = inboundPolicy("<base/>");
        QCOMPARE(codesOf(posture::lintWorkspace(ws)), QStringList{QStringLiteral("PT6003")});
    }

    void warnsOnRequestBodiesNoPolicyValidates() {
        model::Workspace ws;
        auto a = api("orders");
        a.specification.operations = {operation("list", {}), bodyOperation("create"),
                                      bodyOperation("replace")};
        ws.apis.push_back(a);
        auto findings = posture::lintWorkspace(ws);
        QCOMPARE(codesOf(findings), QStringList{QStringLiteral("PT6009")});
        const auto& d = findings.items().front();
        QCOMPARE(QString::fromStdString(d.where.file), QStringLiteral("apis/orders/api.yaml"));
        QVERIFY2(d.message.find("operations create, replace,") != std::string::npos,
                 d.message.c_str());

        ws.apis.front().policyXml = inboundPolicy(std::string("<base/>") + kValidateContent);
        QCOMPARE(codesOf(posture::lintWorkspace(ws)), QStringList{});

        // The merged chain decides: an operation dropping <base/> loses the API's validation.
        ws.apis.front().operationPolicies["replace"] = inboundPolicy("<rate-limit calls=\"5\" "
                                                                     "renewal-period=\"60\"/>");
        findings = posture::lintWorkspace(ws);
        QCOMPARE(codesOf(findings), QStringList{QStringLiteral("PT6009")});
        QVERIFY2(findings.items().front().message.find("operation replace,") != std::string::npos,
                 findings.items().front().message.c_str());
    }

    void countsRequestValidationInIncludedFragmentsAndBranches() {
        model::Workspace ws;
        auto a = api("orders");
        a.specification.operations = {bodyOperation("create")};
        a.policyXml = inboundPolicy("<base/><include-fragment fragment-id=\"checks\"/>");
        ws.apis.push_back(a);
        ws.fragments.push_back(fragment("checks", "<choose><when condition=\"@(true)\">" +
                                                      std::string(kValidateContent) +
                                                      "</when></choose>"));
        QCOMPARE(codesOf(posture::lintWorkspace(ws)), QStringList{});

        ws.fragments.front() =
            fragment("checks", "<set-header name=\"a\" exists-action=\"delete\"/>");
        ws.fragments.push_back(fragment("unused", kValidateContent));
        QCOMPARE(codesOf(posture::lintWorkspace(ws)), QStringList{QStringLiteral("PT6009")});
    }

    void warnsOnPlainHttpAndDeprecatedOperations() {
        model::Workspace ws;
        auto a = api("legacy");
        a.protocols = {"http", "https"};
        auto old = operation("old", {});
        old.deprecated = true;
        a.specification.operations = {old};
        ws.apis.push_back(a);
        QCOMPARE(codesOf(posture::lintWorkspace(ws)),
                 (QStringList{QStringLiteral("PT6006"), QStringLiteral("PT6008")}));
    }

    void warnsOnASubscriptionToAllApis() {
        model::Workspace ws;
        model::Subscription s;
        s.id = "everything";
        s.scope = "/apis";
        ws.subscriptions.push_back(s);
        QCOMPARE(codesOf(posture::lintWorkspace(ws)), QStringList{QStringLiteral("PT6004")});
    }

    void warnsOnASecretLookingNamedValueInClear_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("flagged");
        QTest::newRow("api key") << QStringLiteral("partner-api-key") << true;
        QTest::newRow("password") << QStringLiteral("DbPassword") << true;
        QTest::newRow("client secret") << QStringLiteral("client_secret") << true;
        QTest::newRow("environment") << QStringLiteral("environment-name") << false;
        QTest::newRow("region") << QStringLiteral("region") << false;
    }

    void warnsOnASecretLookingNamedValueInClear() {
        QFETCH(QString, name);
        QFETCH(bool, flagged);
        model::Workspace ws;
        model::NamedValue nv;
        nv.name = name.toStdString();
        nv.value = "x";
        ws.namedValues.push_back(nv);
        QCOMPARE(codesOf(posture::lintWorkspace(ws)),
                 flagged ? QStringList{QStringLiteral("PT6005")} : QStringList{});
    }

    void warnsOnABackendWithoutTlsChecks() {
        model::Workspace ws;
        model::Backend b;
        b.id = "internal";
        b.url = "https://internal.example";
        b.validateCertificateName = false;
        ws.backends.push_back(b);
        QCOMPARE(codesOf(posture::lintWorkspace(ws)), QStringList{QStringLiteral("PT6007")});

        ws.backends.front().validateCertificateName = true;
        ws.backends.front().url = "http://internal.example";
        ws.backends.front().credentialsReference = "{{internal-key}}";
        QCOMPARE(codesOf(posture::lintWorkspace(ws)), QStringList{QStringLiteral("PT6007")});
    }
};

QTEST_GUILESS_MAIN(TestLint)
#include "test_lint.moc"
