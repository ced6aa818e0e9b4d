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

std::optional<CompiledPipeline> compileIn(const std::string& section, const std::string& content,
                                          model::DiagnosticList& diagnostics) {
    auto document = parse(inSection(section, content), diagnostics, Scope::Api);
    if (!document || diagnostics.hasErrors())
        return std::nullopt;
    const auto merged = mergeScopes({nullptr, nullptr, &*document, nullptr}, {}, diagnostics);
    return compilePipeline(merged, {}, diagnostics);
}

void prepare(MemoryContext& context) {
    context.facts.requestId = "req-1";
    context.facts.backendHost = "orders.internal";
    context.path = "/orders";
    context.request.headers = {{"X-Region", "eu"}, {"X-Code", "404"}, {"X-Tenant", "contoso"}};
    context.request.body = "hello";
}

// What a row checks, read from the context after the section ran.
std::string observe(const MemoryContext& context, const std::string& what) {
    if (what == "status")
        return std::to_string(context.status) + " " + context.reason;
    if (what == "path")
        return context.path;
    if (what == "backend")
        return context.backendUrl + context.backendId;
    if (what == "trace")
        return context.traces.empty() ? std::string() : context.traces.front();
    if (what == "method")
        return context.requestMethod;
    if (what == "timeout")
        return context.forwarded ? std::to_string(context.forwarded->timeoutSeconds) + "," +
                                       (context.forwarded->followRedirects ? "follow" : "stay")
                                 : std::string("not forwarded");
    if (what == "request-body")
        return context.request.body;
    if (what == "response-body")
        return context.response.body;
    for (const auto& [name, value] : context.response.headers) {
        if (MemoryContext::sameName(name, what))
            return value;
    }
    return "?";
}

} // namespace

class TestPolicyExpressionAttributes : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void acceptsExpressionsWhereApimDoes_data();
    void acceptsExpressionsWhereApimDoes();
    void badExpressionResultsFailThePolicy_data();
    void badExpressionResultsFailThePolicy();
    void checkHeaderTakesExpressionsForItsSettings();
    void stillRefusesExpressionsWhereApimDoes_data();
    void stillRefusesExpressionsWhereApimDoes();
    void bodyExpressionsMakeThePolicyReadTheBody();
};

void TestPolicyExpressionAttributes::acceptsExpressionsWhereApimDoes_data() {
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("expected");
    QTest::newRow("set-status code and reason")
        << "outbound"_q
        << R"x(<set-status code="@(200 + 1)" reason="@(&quot;Made&quot;)"/>)x"_q
        << "status"_q
        << "201 Made"_q;
    QTest::newRow("set-status code from text keeps the standard reason")
        << "outbound"_q
        << R"x(<set-status code="@(context.Request.Headers.GetValueOrDefault(&quot;X-Code&quot;, &quot;200&quot;))"/>)x"_q
        << "status"_q
        << "404 Not Found"_q;
    QTest::newRow("request headers enumerated through the gateway's context")
        << "outbound"_q
        << R"x(<set-header name="X-Seen" exists-action="override"><value>@(string.Join(",", context.Request.Headers.Select(h => h.Key + "=" + h.Value[0])))</value></set-header>)x"_q
        << "X-Seen"_q
        << "X-Region=eu,X-Code=404,X-Tenant=contoso"_q;
    QTest::newRow("return-response parts") << "inbound"_q
                                           << R"x(<return-response>
  <set-status code="@(418)" reason="@(&quot;Teapot &quot; + context.RequestId)"/>
  <set-header name="X-Id" exists-action="override"><value>@(context.RequestId)</value></set-header>
  <set-body>@("id=" + context.RequestId)</set-body>
</return-response>)x"_q
                                           << "status"_q
                                           << "418 Teapot req-1"_q;
    QTest::newRow("return-response body")
        << "inbound"_q
        << R"x(<return-response><set-body>@("id=" + context.RequestId)</set-body></return-response>)x"_q
        << "response-body"_q
        << "id=req-1"_q;
    QTest::newRow("set-body builds JSON")
        << "outbound"_q
        << R"x(<set-body>@(new JObject(new JProperty("tenant", context.Request.Headers.GetValueOrDefault("X-Tenant", ""))).ToString(Formatting.None))</set-body>)x"_q
        << "response-body"_q
        << R"x({"tenant":"contoso"})x"_q;
    QTest::newRow("set-body statement block reads the body")
        << "inbound"_q
        << R"x(<set-body>@{ var text = context.Request.Body.As&lt;string&gt;(preserveContent: true); return text.ToUpper() + "!"; }</set-body>)x"_q
        << "request-body"_q
        << "HELLO!"_q;
    QTest::newRow("rewrite-uri template")
        << "inbound"_q
        << R"x(<rewrite-uri template="@(&quot;/v2&quot; + context.Request.Url.Path)"/>)x"_q
        << "path"_q
        << "/v2/orders"_q;
    QTest::newRow("rewrite-uri template from an expression keeps {params}")
        << "inbound"_q
        << R"x(<rewrite-uri template="@(&quot;/t/{tenant}&quot;)"/>)x"_q
        << "path"_q
        << "/t/"_q;
    QTest::newRow("set-backend-service base-url")
        << "inbound"_q
        << R"x(<set-backend-service base-url="@(&quot;https://&quot; + context.Request.Headers.GetValueOrDefault(&quot;X-Region&quot;, &quot;us&quot;) + &quot;.orders.example&quot;)"/>)x"_q
        << "backend"_q
        << "https://eu.orders.example"_q;
    QTest::newRow("set-backend-service backend-id")
        << "inbound"_q
        << R"x(<set-backend-service backend-id="@(&quot;orders-&quot; + context.Request.Headers.GetValueOrDefault(&quot;X-Region&quot;, &quot;us&quot;))"/>)x"_q
        << "backend"_q
        << "orders-eu"_q;
    QTest::newRow("trace message and metadata")
        << "inbound"_q
        << R"x(<trace source="audit" severity="information"><message>@("path " + context.Request.Url.Path)</message><metadata name="tenant" value="@(context.Request.Headers.GetValueOrDefault(&quot;X-Tenant&quot;, &quot;&quot;))"/></trace>)x"_q
        << "trace"_q
        << "audit|information|path /orders [tenant=contoso]"_q;
    QTest::newRow("set-method literal") << "inbound"_q
                                        << "<set-method>POST</set-method>"_q
                                        << "method"_q
                                        << "POST"_q;
    QTest::newRow("set-method expression")
        << "inbound"_q
        << R"x(<set-method>@(context.Request.Body.As&lt;string&gt;(preserveContent: true).Length &gt; 3 ? "PUT" : "PATCH")</set-method>)x"_q
        << "method"_q
        << "PUT"_q;
    QTest::newRow("forward-request timeout and follow-redirects")
        << "backend"_q
        << R"x(<forward-request timeout="@(10 * 3)" follow-redirects="@(context.Request.Headers.ContainsKey(&quot;X-Region&quot;))"/>)x"_q
        << "timeout"_q
        << "30,follow"_q;
    QTest::newRow("forward-request literal timeout") << "backend"_q
                                                     << R"x(<forward-request timeout="12"/>)x"_q
                                                     << "timeout"_q
                                                     << "12,stay"_q;
    QTest::newRow("find-and-replace from and to")
        << "inbound"_q
        << R"x(<find-and-replace from="@(&quot;ell&quot;)" to="@(context.RequestId)"/>)x"_q
        << "request-body"_q
        << "hreq-1o"_q;
}

void TestPolicyExpressionAttributes::acceptsExpressionsWhereApimDoes() {
    QFETCH(QString, section);
    QFETCH(QString, policy);
    QFETCH(QString, what);
    QFETCH(QString, expected);
    model::DiagnosticList diagnostics;
    const auto pipeline = compileIn(section.toStdString(), policy.toStdString(), diagnostics);
    QVERIFY2(pipeline, qPrintable(describe(diagnostics)));
    MemoryContext context;
    prepare(context);
    const RunResult result =
        runSection(pipeline->section(*sectionFromName(section.toStdString())), context);
    QVERIFY2(result.flow != RunResult::Flow::Fail,
             result.error ? result.error->message.c_str() : "");
    QCOMPARE(QString::fromStdString(observe(context, what.toStdString())), expected);
}

void TestPolicyExpressionAttributes::badExpressionResultsFailThePolicy_data() {
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("message");
    QTest::newRow("status code out of range") << "outbound"_q
                                              << R"x(<set-status code="@(42)"/>)x"_q
                                              << "outside 100..599"_q;
    QTest::newRow("status code not a number") << "outbound"_q
                                              << R"x(<set-status code="@(&quot;abc&quot;)"/>)x"_q
                                              << "not a whole number"_q;
    QTest::newRow("base-url not http")
        << "inbound"_q
        << R"x(<set-backend-service base-url="@(&quot;ftp://x&quot;)"/>)x"_q
        << "not an absolute http or https URL"_q;
    QTest::newRow("template with a line break")
        << "inbound"_q
        << R"x(<rewrite-uri template="@(&quot;/a\nHost: x&quot;)"/>)x"_q
        << "space or control character"_q;
    QTest::newRow("method not a token") << "inbound"_q
                                        << R"x(<set-method>@("GET /x")</set-method>)x"_q
                                        << "not a valid HTTP method"_q;
    QTest::newRow("reason with a line break")
        << "outbound"_q
        << R"x(<set-status code="200" reason="@(&quot;a\r\nb&quot;)"/>)x"_q
        << "control character"_q;
    QTest::newRow("throwing body expression")
        << "outbound"_q
        << R"x(<set-body>@(int.Parse("x").ToString())</set-body>)x"_q
        << "Input string was not in a correct format"_q;
}

void TestPolicyExpressionAttributes::badExpressionResultsFailThePolicy() {
    QFETCH(QString, section);
    QFETCH(QString, policy);
    QFETCH(QString, message);
    model::DiagnosticList diagnostics;
    const auto pipeline = compileIn(section.toStdString(), policy.toStdString(), diagnostics);
    QVERIFY2(pipeline, qPrintable(describe(diagnostics)));
    MemoryContext context;
    prepare(context);
    const RunResult result =
        runSection(pipeline->section(*sectionFromName(section.toStdString())), context);
    QCOMPARE(int(result.flow), int(RunResult::Flow::Fail));
    QVERIFY(result.error);
    QCOMPARE(result.error->statusCode, 500);
    QVERIFY2(QString::fromStdString(result.error->message).contains(message),
             result.error->message.c_str());
}

void TestPolicyExpressionAttributes::checkHeaderTakesExpressionsForItsSettings() {
    model::DiagnosticList diagnostics;
    const auto pipeline = compileIn(
        "inbound",
        R"x(<check-header name="@(&quot;X-&quot; + &quot;Tenant&quot;)" failed-check-httpcode="@(400 + 3)" failed-check-error-message="@(&quot;tenant &quot; + context.Request.Headers.GetValueOrDefault(&quot;X-Tenant&quot;, &quot;&quot;) + &quot; refused&quot;)" ignore-case="@(true)"><value>FABRIKAM</value></check-header>)x",
        diagnostics);
    QVERIFY2(pipeline, qPrintable(describe(diagnostics)));
    MemoryContext context;
    prepare(context);
    RunResult result = runSection(pipeline->section(Section::Inbound), context);
    QVERIFY(result.error);
    QCOMPARE(result.error->statusCode, 403);
    QCOMPARE(result.error->reason, std::string("HeaderValueNotAllowed"));
    QCOMPARE(result.error->message, std::string("tenant contoso refused"));

    context.request.headers = {{"X-Tenant", "fabrikam"}};
    result = runSection(pipeline->section(Section::Inbound), context);
    QCOMPARE(int(result.flow), int(RunResult::Flow::Continue));
}

void TestPolicyExpressionAttributes::stillRefusesExpressionsWhereApimDoes_data() {
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("attribute");
    QTest::newRow("trace source")
        << "inbound"_q
        << R"x(<trace source="@(&quot;x&quot;)"><message>m</message></trace>)x"_q
        << "attribute 'source' of <trace>"_q;
    QTest::newRow("rewrite-uri copy-unmatched-params")
        << "inbound"_q
        << R"x(<rewrite-uri template="/a" copy-unmatched-params="@(true)"/>)x"_q
        << "attribute 'copy-unmatched-params' of <rewrite-uri>"_q;
    QTest::newRow("forward-request buffer-response")
        << "backend"_q
        << R"x(<forward-request buffer-response="@(true)"/>)x"_q
        << "attribute 'buffer-response' of <forward-request>"_q;
    QTest::newRow("check-header value")
        << "inbound"_q
        << R"x(<check-header name="A" failed-check-httpcode="401" failed-check-error-message="m" ignore-case="true"><value>@("x")</value></check-header>)x"_q
        << "the text of <value>"_q;
}

void TestPolicyExpressionAttributes::stillRefusesExpressionsWhereApimDoes() {
    QFETCH(QString, section);
    QFETCH(QString, policy);
    QFETCH(QString, attribute);
    model::DiagnosticList diagnostics;
    QVERIFY(!compileIn(section.toStdString(), policy.toStdString(), diagnostics));
    QVERIFY(diagnostics.hasErrors());
    const auto& d = diagnostics.items().front();
    QCOMPARE(d.code, std::string(codes::kExpressionNotSupported));
    QVERIFY2(QString::fromStdString(d.message).contains(attribute), d.message.c_str());
}

void TestPolicyExpressionAttributes::bodyExpressionsMakeThePolicyReadTheBody() {
    model::DiagnosticList diagnostics;
    const auto literal = compileIn("inbound", "<set-body>plain</set-body>", diagnostics);
    const auto expression =
        compileIn("inbound", "<set-body>@(context.RequestId)</set-body>", diagnostics);
    const auto inReturn = compileIn(
        "inbound", "<return-response><set-body>@(context.RequestId)</set-body></return-response>",
        diagnostics);
    QVERIFY2(literal && expression && inReturn, qPrintable(describe(diagnostics)));
    QVERIFY(!readsBody(literal->section(Section::Inbound)));
    QVERIFY(readsBody(expression->section(Section::Inbound)));
    QVERIFY(readsBody(inReturn->section(Section::Inbound)));

    const auto variable = compileIn(
        "inbound",
        R"x(<set-variable name="b" value="@(context.Request.Body.As&lt;string&gt;(preserveContent: true))"/>)x",
        diagnostics);
    const auto condition = compileIn(
        "outbound",
        R"x(<choose><when condition="@(context.Response.Body.As&lt;string&gt;().Length &gt; 3)"><set-status code="200"/></when></choose>)x",
        diagnostics);
    const auto header = compileIn(
        "inbound",
        R"x(<set-header name="X" exists-action="override"><value>@(context.RequestId)</value></set-header>)x",
        diagnostics);
    QVERIFY2(variable && condition && header, qPrintable(describe(diagnostics)));
    QVERIFY(readsBody(variable->section(Section::Inbound)));
    QVERIFY(readsBody(condition->section(Section::Outbound)));
    QVERIFY(!readsBody(header->section(Section::Inbound)));
}

QTEST_GUILESS_MAIN(TestPolicyExpressionAttributes)
#include "test_policy_expression_attributes.moc"
