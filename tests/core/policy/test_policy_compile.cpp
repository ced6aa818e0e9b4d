#include "memory_context.h"
#include "policy_test_support.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"
#include "core/policy/scope_merge.h"

#include <QtTest>

using namespace portico;
using namespace portico::policy;
using namespace portico::policy::test;

namespace {

NamedValueLookup namedValues() {
    return [](std::string_view name) -> std::optional<std::string> {
        if (name == "region")
            return std::string("westeurope");
        if (name == "timeout")
            return std::string("12");
        if (name == "secret")
            return std::string("s3cr3t-value");
        if (name == "computed")
            return std::string("@(context.Request.IpAddress)");
        return std::nullopt;
    };
}

// Compiles `content` placed alone in `section`; fails the test on any diagnostic.
std::optional<CompiledPipeline> compileIn(const std::string& section, const std::string& content,
                                          model::DiagnosticList& diagnostics) {
    auto document = parse(inSection(section, content), diagnostics, Scope::Api);
    if (!document || diagnostics.hasErrors())
        return std::nullopt;
    const auto merged = mergeScopes({nullptr, nullptr, &*document, nullptr}, {}, diagnostics);
    return compilePipeline(merged, namedValues(), diagnostics);
}

RunResult runIn(const std::string& section, const std::string& content, MemoryContext& context) {
    model::DiagnosticList diagnostics;
    const auto pipeline = compileIn(section, content, diagnostics);
    if (!pipeline) {
        qWarning("%s", qPrintable(describe(diagnostics)));
        return RunResult::fail({"test", "DidNotCompile", "", "", 0});
    }
    return runSection(pipeline->section(*sectionFromName(section)), context);
}

QString headers(const MemoryContext::Message& message) {
    QStringList list;
    for (const auto& [name, value] : message.headers)
        list << QString::fromStdString(name + ": " + value);
    return list.join(QStringLiteral("; "));
}

QString query(const MemoryContext& context) {
    QStringList list;
    for (const auto& [name, value] : context.query)
        list << QString::fromStdString(name + "=" + value);
    return list.join(QLatin1Char('&'));
}

} // namespace

class TestPolicyCompile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void setHeaderActsOnTheSectionsMessage_data();
    void setHeaderActsOnTheSectionsMessage();
    void setQueryParameter_data();
    void setQueryParameter();
    void setVariableStoresLiteralString();
    void setStatusUsesDefaultReason();
    void returnResponseEndsThePipelineWithAFreshResponse();
    void checkHeader_data();
    void checkHeader();
    void ipFilter_data();
    void ipFilter();
    void ipFilterRefusesBadAddressesAtCompile_data();
    void ipFilterRefusesBadAddressesAtCompile();
    void cors_data();
    void cors();
    void rewriteUri_data();
    void rewriteUri();
    void findAndReplaceRewritesTheBody();
    void setBodyReplacesTheBodyVerbatim();
    void setBackendServiceSetsUrlOrBackend();
    void forwardRequestPassesOptionsAndReportsFailure();
    void traceRecordsTheMessage();
    void substitutesNamedValues();
    void reportsUnknownNamedValueWithoutValues();
    void namedValueOfWrongTypeIsReportedWithoutItsValue();
    void refusesExpressionsWhereTheAttributeTakesNone();
    void refusesExpressionsArrivingThroughNamedValues();
    void refusesKindsItCannotRunYet_data();
    void refusesKindsItCannotRunYet();
    void keepsOriginOnCompiledPolicies();
    void refusesValuesThatWouldSplitHttpMessages_data();
    void refusesValuesThatWouldSplitHttpMessages();
};

void TestPolicyCompile::setHeaderActsOnTheSectionsMessage_data() {
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("requestHeaders");
    QTest::addColumn<QString>("responseHeaders");
    const QString start = QStringLiteral("X-A: 1");
    QTest::newRow("override inbound") << "inbound"_q
                                      << R"(<set-header name="x-a"><value>2</value></set-header>)"_q
                                      << "x-a: 2"_q << start;
    QTest::newRow("override with two values")
        << "backend"_q
        << R"(<set-header name="X-B" exists-action="override"><value>1</value><value>2</value></set-header>)"_q
        << "X-A: 1; X-B: 1; X-B: 2"_q << start;
    QTest::newRow("skip existing")
        << "inbound"_q
        << R"(<set-header name="X-A" exists-action="skip"><value>9</value></set-header>)"_q
        << "X-A: 1"_q << start;
    QTest::newRow("skip missing")
        << "inbound"_q
        << R"(<set-header name="X-C" exists-action="skip"><value>9</value></set-header>)"_q
        << "X-A: 1; X-C: 9"_q << start;
    QTest::newRow("append")
        << "inbound"_q
        << R"(<set-header name="X-A" exists-action="append"><value>2</value></set-header>)"_q
        << "X-A: 1; X-A: 2"_q << start;
    QTest::newRow("delete case-insensitive")
        << "inbound"_q
        << R"(<set-header name="x-a" exists-action="delete"/>)"_q
        << ""_q << start;
    QTest::newRow("outbound acts on response")
        << "outbound"_q
        << R"(<set-header name="X-A" exists-action="delete"/>)"_q << start << ""_q;
    QTest::newRow("on-error acts on response")
        << "on-error"_q
        << R"(<set-header name="X-Z"><value>z</value></set-header>)"_q << start
        << "X-A: 1; X-Z: z"_q;
}

void TestPolicyCompile::setHeaderActsOnTheSectionsMessage() {
    QFETCH(QString, section);
    QFETCH(QString, policy);
    QFETCH(QString, requestHeaders);
    QFETCH(QString, responseHeaders);
    MemoryContext context;
    context.request.headers = {{"X-A", "1"}};
    context.response.headers = {{"X-A", "1"}};
    QCOMPARE(runIn(section.toStdString(), policy.toStdString(), context).flow,
             RunResult::Flow::Continue);
    QCOMPARE(headers(context.request), requestHeaders);
    QCOMPARE(headers(context.response), responseHeaders);
}

void TestPolicyCompile::setQueryParameter_data() {
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("expected");
    QTest::newRow("override")
        << R"(<set-query-parameter name="a"><value>9</value></set-query-parameter>)"_q
        << "b=2&a=9"_q;
    QTest::newRow("skip")
        << R"(<set-query-parameter name="a" exists-action="skip"><value>9</value></set-query-parameter>)"_q
        << "a=1&b=2"_q;
    QTest::newRow("append")
        << R"(<set-query-parameter name="a" exists-action="append"><value>9</value></set-query-parameter>)"_q
        << "a=1&b=2&a=9"_q;
    QTest::newRow("delete") << R"(<set-query-parameter name="a" exists-action="delete"/>)"_q
                            << "b=2"_q;
    QTest::newRow("new")
        << R"(<set-query-parameter name="c"><value>3</value><value>4</value></set-query-parameter>)"_q
        << "a=1&b=2&c=3&c=4"_q;
}

void TestPolicyCompile::setQueryParameter() {
    QFETCH(QString, policy);
    QFETCH(QString, expected);
    MemoryContext context;
    context.query = {{"a", "1"}, {"b", "2"}};
    runIn("inbound", policy.toStdString(), context);
    QCOMPARE(query(context), expected);
}

void TestPolicyCompile::setVariableStoresLiteralString() {
    MemoryContext context;
    runIn("inbound", R"(<set-variable name="n" value="42"/>)", context);
    QVERIFY(context.variable("n"));
    QCOMPARE(context.variableText("n"), std::string("42"));
}

void TestPolicyCompile::setStatusUsesDefaultReason() {
    MemoryContext context;
    runIn("outbound", R"(<set-status code="404"/>)", context);
    QCOMPARE(context.status, 404);
    QCOMPARE(context.reason, std::string("Not Found"));
    runIn("outbound", R"(<set-status code="418" reason="Teapot"/>)", context);
    QCOMPARE(context.status, 418);
    QCOMPARE(context.reason, std::string("Teapot"));
}

void TestPolicyCompile::returnResponseEndsThePipelineWithAFreshResponse() {
    MemoryContext context;
    context.response.headers = {{"X-Old", "1"}};
    context.response.body = "old";
    const auto result = runIn(
        "inbound",
        R"(<return-response><set-status code="401" reason="Unauthorized"/><set-header name="WWW-Authenticate"><value>Bearer</value></set-header><set-body>{"error":"no"}</set-body></return-response>
<set-variable name="after" value="1"/>)",
        context);
    QCOMPARE(result.flow, RunResult::Flow::Respond);
    QCOMPARE(context.status, 401);
    QCOMPARE(headers(context.response), QStringLiteral("WWW-Authenticate: Bearer"));
    QCOMPARE(context.response.body, std::string("{\"error\":\"no\"}"));
    QVERIFY(context.request.body.empty());
    QVERIFY(!context.variable("after"));
}

void TestPolicyCompile::checkHeader_data() {
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("header"); // "" for none
    QTest::addColumn<QString>("reason"); // "" when the check passes
    const QString allowed = QStringLiteral(
        R"(<check-header name="X-Key" failed-check-httpcode="403" failed-check-error-message="Key rejected" ignore-case="%1"><value>Alpha</value><value>beta</value></check-header>)");
    const QString present = QStringLiteral(
        R"(<check-header name="X-Key" failed-check-httpcode="401" failed-check-error-message="Key missing" ignore-case="false"/>)");
    QTest::newRow("missing header") << present << ""_q
                                    << "HeaderNotFound"_q;
    QTest::newRow("present, no values listed") << present << "anything"_q
                                               << ""_q;
    QTest::newRow("allowed value") << allowed.arg("false"_q) << "Alpha"_q
                                   << ""_q;
    QTest::newRow("case differs") << allowed.arg("false"_q) << "alpha"_q
                                  << "HeaderValueNotAllowed"_q;
    QTest::newRow("case ignored") << allowed.arg("true"_q) << "ALPHA"_q
                                  << ""_q;
    QTest::newRow("other value") << allowed.arg("true"_q) << "gamma"_q
                                 << "HeaderValueNotAllowed"_q;
}

void TestPolicyCompile::checkHeader() {
    QFETCH(QString, policy);
    QFETCH(QString, header);
    QFETCH(QString, reason);
    MemoryContext context;
    if (!header.isEmpty())
        context.request.headers = {{"x-key", header.toStdString()}};
    const auto result = runIn("inbound", policy.toStdString(), context);
    if (reason.isEmpty()) {
        QCOMPARE(result.flow, RunResult::Flow::Continue);
        return;
    }
    QCOMPARE(result.flow, RunResult::Flow::Fail);
    QCOMPARE(result.error->source, std::string("check-header"));
    QCOMPARE(QString::fromStdString(result.error->reason), reason);
    QCOMPARE(result.error->statusCode, header.isEmpty() ? 401 : 403);
    QCOMPARE(result.error->message, std::string(header.isEmpty() ? "Key missing" : "Key rejected"));
}

void TestPolicyCompile::ipFilter_data() {
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("caller");
    QTest::addColumn<bool>("passes");
    QTest::newRow("allow listed v4") << "allow"_q
                                     << "10.0.0.1"_q << true;
    QTest::newRow("allow v4 in range") << "allow"_q
                                       << "192.168.4.200"_q << true;
    QTest::newRow("allow v4 range end") << "allow"_q
                                        << "192.168.255.255"_q << true;
    QTest::newRow("allow v4 outside") << "allow"_q
                                      << "192.169.0.0"_q << false;
    QTest::newRow("allow mapped v4") << "allow"_q
                                     << "::ffff:10.0.0.1"_q << true;
    QTest::newRow("allow v6 listed") << "allow"_q
                                     << "2001:db8::1"_q << true;
    QTest::newRow("allow v6 in range") << "allow"_q
                                       << "fd00::abcd"_q << true;
    QTest::newRow("allow v6 outside") << "allow"_q
                                      << "fd01::"_q << false;
    QTest::newRow("allow garbage caller") << "allow"_q
                                          << "not-an-ip"_q << false;
    QTest::newRow("forbid listed") << "forbid"_q
                                   << "10.0.0.1"_q << false;
    QTest::newRow("forbid other") << "forbid"_q
                                  << "10.0.0.2"_q << true;
    QTest::newRow("forbid v6 range") << "forbid"_q
                                     << "fd00::1"_q << false;
}

void TestPolicyCompile::ipFilter() {
    QFETCH(QString, action);
    QFETCH(QString, caller);
    QFETCH(bool, passes);
    MemoryContext context;
    context.address = caller.toStdString();
    const auto result = runIn("inbound",
                              "<ip-filter action=\"" + action.toStdString() +
                                  "\"><address>10.0.0.1</address><address> 2001:db8::1 </address>"
                                  "<address-range from=\"192.168.0.0\" to=\"192.168.255.255\"/>"
                                  "<address-range from=\"fd00::\" to=\"fd00::ffff\"/></ip-filter>",
                              context);
    if (passes) {
        QCOMPARE(result.flow, RunResult::Flow::Continue);
        return;
    }
    QCOMPARE(result.flow, RunResult::Flow::Fail);
    QCOMPARE(result.error->statusCode, 403);
    QCOMPARE(result.error->reason, std::string("CallerIpNotAllowed"));
    QCOMPARE(QString::fromStdString(result.error->message),
             QStringLiteral("Caller IP address %1 is not allowed. Access denied.").arg(caller));
}

void TestPolicyCompile::ipFilterRefusesBadAddressesAtCompile_data() {
    QTest::addColumn<QString>("children");
    QTest::addColumn<QString>("message");
    QTest::newRow("bad address") << "<address>10.0.0.300</address>"_q
                                 << "<address> is not an IPv4 or IPv6 address: '10.0.0.300'"_q;
    QTest::newRow("cidr is not an address") << "<address>10.0.0.0/8</address>"_q
                                            << "not an IPv4 or IPv6 address"_q;
    QTest::newRow("reversed range") << R"(<address-range from="10.0.0.9" to="10.0.0.1"/>)"_q
                                    << "from a lower to a higher address"_q;
    QTest::newRow("mixed families") << R"(<address-range from="10.0.0.1" to="fd00::1"/>)"_q
                                    << "same family"_q;
}

void TestPolicyCompile::ipFilterRefusesBadAddressesAtCompile() {
    QFETCH(QString, children);
    QFETCH(QString, message);
    model::DiagnosticList diagnostics;
    QVERIFY(!compileIn("inbound",
                       "<ip-filter action=\"allow\">" + children.toStdString() + "</ip-filter>",
                       diagnostics));
    QCOMPARE(diagnostics.errorCount(), std::size_t(1));
    QCOMPARE(diagnostics.items()[0].code, std::string(codes::kBadValue));
    QVERIFY2(QString::fromStdString(diagnostics.items()[0].message).contains(message),
             diagnostics.items()[0].message.c_str());
}

void TestPolicyCompile::cors_data() {
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QStringList>("requestHeaders");
    QTest::addColumn<int>("flow");
    QTest::addColumn<QString>("onSend");
    const QString shop = QStringLiteral(
        R"(<cors allow-credentials="true"><allowed-origins><origin>https://shop.example</origin></allowed-origins><allowed-methods preflight-result-max-age="600"><method>GET</method><method>PUT</method></allowed-methods><allowed-headers><header>X-Key</header></allowed-headers><expose-headers><header>X-Total</header></expose-headers></cors>)");
    const QString any = QStringLiteral(
        R"(<cors terminate-unmatched-request="false"><allowed-origins><origin>*</origin></allowed-origins></cors>)");
    const int next = int(RunResult::Flow::Continue);
    const int respond = int(RunResult::Flow::Respond);
    QTest::newRow("no origin is not cors") << shop << "GET"_q << QStringList() << next << ""_q;
    QTest::newRow("preflight allowed")
        << shop << "OPTIONS"_q
        << QStringList({"Origin: https://shop.example"_q, "Access-Control-Request-Method: PUT"_q,
                        "Access-Control-Request-Headers: x-key, content-type"_q})
        << respond
        << "Access-Control-Allow-Origin: https://shop.example; Access-Control-Allow-Credentials: "_q
           "true; Vary: Origin; Access-Control-Allow-Methods: PUT; Access-Control-Allow-Headers: "
           "x-key, content-type; Access-Control-Max-Age: 600";
    QTest::newRow("preflight origin differs in case")
        << shop << "OPTIONS"_q
        << QStringList({"Origin: HTTPS://SHOP.EXAMPLE"_q, "Access-Control-Request-Method: GET"_q})
        << respond
        << "Access-Control-Allow-Origin: HTTPS://SHOP.EXAMPLE; Access-Control-Allow-Credentials: "_q
           "true; Vary: Origin; Access-Control-Allow-Methods: GET; Access-Control-Max-Age: 600";
    QTest::newRow("preflight unknown origin terminates without cors headers")
        << shop << "OPTIONS"_q
        << QStringList({"Origin: https://evil.example"_q, "Access-Control-Request-Method: GET"_q})
        << respond << ""_q;
    QTest::newRow("preflight method not allowed")
        << shop << "OPTIONS"_q
        << QStringList(
               {"Origin: https://shop.example"_q, "Access-Control-Request-Method: DELETE"_q})
        << respond << ""_q;
    QTest::newRow("preflight header not allowed")
        << shop << "OPTIONS"_q
        << QStringList({"Origin: https://shop.example"_q, "Access-Control-Request-Method: GET"_q,
                        "Access-Control-Request-Headers: X-Other"_q})
        << respond << ""_q;
    QTest::newRow("simple request allowed")
        << shop << "GET"_q << QStringList({"Origin: https://shop.example"_q}) << next
        << "Access-Control-Allow-Origin: https://shop.example; Access-Control-Allow-Credentials: "_q
           "true; Vary: Origin; Access-Control-Expose-Headers: X-Total";
    QTest::newRow("simple request unmatched terminates")
        << shop << "GET"_q << QStringList({"Origin: https://evil.example"_q}) << respond << ""_q;
    QTest::newRow("unmatched post continues")
        << shop << "POST"_q << QStringList({"Origin: https://evil.example"_q}) << next << ""_q;
    QTest::newRow("any origin answers star")
        << any << "POST"_q << QStringList({"Origin: https://x.example"_q}) << next
        << "Access-Control-Allow-Origin: *"_q;
    QTest::newRow("default methods exclude delete")
        << any << "OPTIONS"_q
        << QStringList({"Origin: https://x.example"_q, "Access-Control-Request-Method: DELETE"_q})
        << next << ""_q;
}

void TestPolicyCompile::cors() {
    QFETCH(QString, policy);
    QFETCH(QString, method);
    QFETCH(QStringList, requestHeaders);
    QFETCH(int, flow);
    QFETCH(QString, onSend);
    MemoryContext context;
    context.requestMethod = method.toStdString();
    for (const auto& h : requestHeaders) {
        const auto colon = h.indexOf(QLatin1String(": "));
        context.request.headers.emplace_back(h.left(colon).toStdString(),
                                             h.mid(colon + 2).toStdString());
    }
    const auto result = runIn("inbound", policy.toStdString(), context);
    QCOMPARE(int(result.flow), flow);
    QStringList sent;
    for (const auto& [name, value] : context.onSend)
        sent << QString::fromStdString(name + ": " + value);
    QCOMPARE(sent.join(QStringLiteral("; ")), onSend);
    if (result.flow == RunResult::Flow::Respond)
        QCOMPARE(context.status, 200);
}

void TestPolicyCompile::rewriteUri_data() {
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("query");
    QTest::newRow("path parameter") << R"(<rewrite-uri template="/v2/orders/{id}"/>)"_q
                                    << "/v2/orders/42"_q
                                    << "page=3&q=x"_q;
    QTest::newRow("query parameter consumed") << R"(<rewrite-uri template="/search/{q}"/>)"_q
                                              << "/search/x"_q
                                              << "page=3"_q;
    QTest::newRow("template query")
        << R"(<rewrite-uri template="/o/{id}?expand=lines&amp;p={page}"/>)"_q
        << "/o/42"_q
        << "expand=lines&p=3&q=x"_q;
    QTest::newRow("no copy")
        << R"(<rewrite-uri template="/o/{id}" copy-unmatched-params="false"/>)"_q
        << "/o/42"_q
        << ""_q;
    QTest::newRow("missing parameter is empty") << R"(<rewrite-uri template="/o/{nope}/x"/>)"_q
                                                << "/o//x"_q
                                                << "page=3&q=x"_q;
    QTest::newRow("relative template") << R"(<rewrite-uri template="items"/>)"_q
                                       << "/items"_q
                                       << "page=3&q=x"_q;
}

void TestPolicyCompile::rewriteUri() {
    QFETCH(QString, policy);
    QFETCH(QString, path);
    QFETCH(QString, query);
    MemoryContext context;
    context.path = "/orders/42";
    context.templateParameters = {{"id", "42"}};
    context.query = {{"page", "3"}, {"q", "x"}};
    QCOMPARE(runIn("inbound", policy.toStdString(), context).flow, RunResult::Flow::Continue);
    QCOMPARE(QString::fromStdString(context.path), path);
    QCOMPARE(::query(context), query);
}

void TestPolicyCompile::findAndReplaceRewritesTheBody() {
    MemoryContext context;
    context.request.body = "internal internal-ish";
    context.response.body = "http://internal:8080/a";
    runIn("inbound", R"(<find-and-replace from="internal" to="public"/>)", context);
    runIn("outbound", R"(<find-and-replace from="http://internal:8080" to="https://api"/>)",
          context);
    QCOMPARE(context.request.body, std::string("public public-ish"));
    QCOMPARE(context.response.body, std::string("https://api/a"));
}

void TestPolicyCompile::setBodyReplacesTheBodyVerbatim() {
    MemoryContext context;
    runIn("outbound", "<set-body><![CDATA[{\"a\": \"<b>\"}]]></set-body>", context);
    QCOMPARE(context.response.body, std::string("{\"a\": \"<b>\"}"));
    runIn("inbound", "<set-body>line1\n  line2 &amp; more</set-body>", context);
    QCOMPARE(context.request.body, std::string("line1\n  line2 & more"));
}

void TestPolicyCompile::setBackendServiceSetsUrlOrBackend() {
    MemoryContext context;
    runIn("inbound", R"(<set-backend-service base-url="https://orders.internal/v2"/>)", context);
    QCOMPARE(context.backendUrl, std::string("https://orders.internal/v2"));
    runIn("backend", R"(<set-backend-service backend-id="orders-eu"/>)", context);
    QCOMPARE(context.backendId, std::string("orders-eu"));
}

void TestPolicyCompile::forwardRequestPassesOptionsAndReportsFailure() {
    MemoryContext context;
    QCOMPARE(
        runIn(
            "backend",
            R"(<forward-request timeout="{{timeout}}" follow-redirects="true" buffer-request-body="true"/>)",
            context)
            .flow,
        RunResult::Flow::Continue);
    QVERIFY(context.forwarded);
    QCOMPARE(context.forwarded->timeoutSeconds, 12);
    QVERIFY(context.forwarded->followRedirects);
    QVERIFY(context.forwarded->bufferRequestBody);

    context.forwardFailure = PolicyError{"", "Timeout", "Backend did not answer", "", 504};
    const auto result = runIn("backend", R"(<forward-request id="fw"/>)", context);
    QCOMPARE(result.flow, RunResult::Flow::Fail);
    QCOMPARE(result.error->source, std::string("forward-request"));
    QCOMPARE(result.error->policyId, std::string("fw"));
    QCOMPARE(context.forwarded->timeoutSeconds, 300);
}

void TestPolicyCompile::traceRecordsTheMessage() {
    MemoryContext context;
    runIn("outbound", R"(<trace source="orders" severity="error"><message>boom</message></trace>)",
          context);
    QCOMPARE(context.traces, std::vector<std::string>({"orders|error|boom"}));
}

void TestPolicyCompile::substitutesNamedValues() {
    MemoryContext context;
    runIn(
        "inbound",
        R"(<set-header name="X-Region"><value>eu-{{ region }}</value></set-header><set-variable name="r" value="{{region}}"/>)",
        context);
    QCOMPARE(headers(context.request), QStringLiteral("X-Region: eu-westeurope"));
    QCOMPARE(context.variableText("r"), std::string("westeurope"));
}

void TestPolicyCompile::reportsUnknownNamedValueWithoutValues() {
    model::DiagnosticList diagnostics;
    QVERIFY(!compileIn("inbound", R"(<set-variable name="a" value="{{secret}}-{{nope}}"/>)",
                       diagnostics));
    QCOMPARE(diagnostics.errorCount(), std::size_t(1));
    QCOMPARE(diagnostics.items()[0].toString(),
             std::string("policy.xml:3:31: error: PT3303 unknown named value '{{nope}}'"));
}

void TestPolicyCompile::namedValueOfWrongTypeIsReportedWithoutItsValue() {
    model::DiagnosticList diagnostics;
    QVERIFY(!compileIn("backend", R"(<forward-request timeout="{{secret}}"/>)", diagnostics));
    QCOMPARE(diagnostics.errorCount(), std::size_t(1));
    QVERIFY(diagnostics.items()[0].message.find("s3cr3t") == std::string::npos);
    QCOMPARE(diagnostics.items()[0].code, std::string(codes::kBadAttributeValue));
}

void TestPolicyCompile::refusesExpressionsWhereTheAttributeTakesNone() {
    model::DiagnosticList diagnostics;
    auto document =
        parse(inSection("inbound", R"x(<set-variable name="@(&quot;a&quot;)" value="1"/>)x"),
              diagnostics);
    QVERIFY(document);
    model::DiagnosticList compileDiagnostics;
    const auto merged =
        mergeScopes({nullptr, nullptr, &*document, nullptr}, {}, compileDiagnostics);
    QVERIFY(!compilePipeline(merged, namedValues(), compileDiagnostics));
    QCOMPARE(compileDiagnostics.items().at(0).code, std::string(codes::kExpressionNotSupported));
    QCOMPARE(compileDiagnostics.items().at(0).where.column, 21);
}

void TestPolicyCompile::refusesExpressionsArrivingThroughNamedValues() {
    model::DiagnosticList diagnostics;
    QVERIFY(!compileIn("inbound", R"(<set-variable name="{{computed}}" value="1"/>)", diagnostics));
    QCOMPARE(diagnostics.errorCount(), std::size_t(1));
    QCOMPARE(diagnostics.items()[0].code, std::string(codes::kExpressionNotSupported));
    QCOMPARE(diagnostics.items()[0].where.column, 21);
    QVERIFY(diagnostics.items()[0].message.find("IpAddress") == std::string::npos);
}

void TestPolicyCompile::refusesKindsItCannotRunYet_data() {
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("message");
    QTest::newRow("authentication-certificate from bytes")
        << "inbound"_q
        << R"~(<authentication-certificate body="@((byte[])context.Variables[&quot;c&quot;])" password="p"/>)~"_q
        << "<authentication-certificate> with 'body' (a certificate as bytes from an expression) "
           "is not supported"_q;
    QTest::newRow("json-to-xml namespaces")
        << "outbound"_q
        << R"(<json-to-xml apply="always" namespace-prefix="x"/>)"_q
        << "attribute 'namespace-prefix' of <json-to-xml> is not supported yet"_q;
    QTest::newRow("external cache") << "inbound"_q
                                    << R"(<cache-remove-value key="k" caching-type="external"/>)"_q
                                    << "needs an external cache"_q;
}

void TestPolicyCompile::refusesKindsItCannotRunYet() {
    QFETCH(QString, section);
    QFETCH(QString, policy);
    QFETCH(QString, message);
    model::DiagnosticList diagnostics;
    QVERIFY(!compileIn(section.toStdString(), policy.toStdString(), diagnostics));
    QCOMPARE(diagnostics.errorCount(), std::size_t(1));
    QCOMPARE(diagnostics.items()[0].code, std::string(codes::kPolicyNotRunnable));
    QVERIFY2(QString::fromStdString(diagnostics.items()[0].message).contains(message),
             diagnostics.items()[0].message.c_str());
}

void TestPolicyCompile::keepsOriginOnCompiledPolicies() {
    model::DiagnosticList diagnostics;
    const auto pipeline =
        compileIn("outbound", "\n  <set-status id=\"final\" code=\"200\"/>", diagnostics);
    QVERIFY(pipeline);
    const auto& policy = *pipeline->section(Section::Outbound).at(0);
    QCOMPARE(policy.kind(), std::string("set-status"));
    QCOMPARE(policy.id(), std::string("final"));
    QCOMPARE(policy.origin().scope, Scope::Api);
    QCOMPARE(policy.origin().where.line, 4);
    QCOMPARE(policy.origin().where.column, 3);
}

void TestPolicyCompile::refusesValuesThatWouldSplitHttpMessages_data() {
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("policy");
    QTest::newRow("header value with CR LF")
        << "outbound"_q
        << R"(<set-header name="X-A"><value>a&#13;&#10;Set-Cookie: x=1</value></set-header>)"_q;
    QTest::newRow("header name with space")
        << "inbound"_q
        << R"(<set-header name="X A"><value>1</value></set-header>)"_q;
    QTest::newRow("header name with colon")
        << "inbound"_q
        << R"(<check-header name="X:A" failed-check-httpcode="401" failed-check-error-message="m" ignore-case="true"/>)"_q;
    QTest::newRow("rewrite template with line feed")
        << "inbound"_q
        << R"(<rewrite-uri template="/a&#10;Host: evil"/>)"_q;
    QTest::newRow("backend url with space") << "inbound"_q
                                            << R"(<set-backend-service base-url="https://a b"/>)"_q;
}

void TestPolicyCompile::refusesValuesThatWouldSplitHttpMessages() {
    QFETCH(QString, section);
    QFETCH(QString, policy);
    model::DiagnosticList diagnostics;
    QVERIFY(!compileIn(section.toStdString(), policy.toStdString(), diagnostics));
    QCOMPARE(diagnostics.errorCount(), std::size_t(1));
}

QTEST_GUILESS_MAIN(TestPolicyCompile)
#include "test_policy_compile.moc"
