#include "memory_context.h"
#include "policy_test_support.h"

#include "core/model/xml_text.h"
#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"
#include "core/policy/scope_merge.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using namespace portico;
using namespace portico::policy;
using namespace portico::policy::test;

namespace {

std::optional<CompiledPipeline> compileIn(const std::string& section, const std::string& content,
                                          model::DiagnosticList& diagnostics,
                                          const openapi::Operation* operation = nullptr) {
    auto document = parse(inSection(section, content), diagnostics, Scope::Api);
    if (!document || diagnostics.hasErrors())
        return std::nullopt;
    const auto merged = mergeScopes({nullptr, nullptr, &*document, nullptr}, {}, diagnostics);
    const NamedValueLookup namedValues = [](std::string_view name) -> std::optional<std::string> {
        if (name == "greeting")
            return std::string("hello");
        return std::nullopt;
    };
    return compilePipeline(merged, namedValues, diagnostics, nullptr, operation);
}

RunResult runIn(const std::string& section, const std::string& content, MemoryContext& context,
                const openapi::Operation* operation = nullptr) {
    model::DiagnosticList diagnostics;
    const auto pipeline = compileIn(section, content, diagnostics, operation);
    if (!pipeline) {
        qWarning("%s", qPrintable(describe(diagnostics)));
        return RunResult::fail(
            {"test", "DidNotCompile", describe(diagnostics).toStdString(), "", 0});
    }
    return runSection(pipeline->section(*sectionFromName(section)), context);
}

std::string header(const MemoryContext::Message& message, std::string_view name) {
    for (const auto& [n, v] : message.headers) {
        if (MemoryContext::sameName(n, name))
            return v;
    }
    return {};
}

openapi::Operation ordersOperation() {
    openapi::Operation operation;
    operation.id = "get-order";
    operation.method = "GET";
    operation.urlTemplate = "/orders/{id}";
    openapi::Response ok{"200", "OK", {}, {}};
    ok.content.push_back(
        {"application/json", R"x({"type":"object"})x", R"x({"id":"o-1","total":12})x"});
    ok.content.push_back({"text/plain", R"x({"type":"string"})x", R"x("order o-1")x"});
    openapi::Response missing{"404", "Not found", {}, {}};
    missing.content.push_back(
        {"application/json",
         R"x({"type":"object","properties":{"code":{"type":"string","enum":["NotFound"]},"retry":{"type":"boolean"},"count":{"type":"integer"},"at":{"type":"string","format":"date-time"},"tags":{"type":"array","items":{"type":"string"}}}})x",
         ""});
    openapi::Response created{"201", "Created", {}, {}};
    operation.responses = {ok, missing, created};
    return operation;
}

} // namespace

class TestBodyPolicies : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void liquidSetBodyReadsBodyAndContext();
    void liquidSetBodyLoadsWithItsBracesUntouched();
    void liquidSyntaxErrorsPointIntoTheTemplate();
    void liquidBodiesAreNotNamedValueReferencesInTheModel();
    void jsonToXml_data();
    void jsonToXml();
    void xmlToJson_data();
    void xmlToJson();
    void conversionsRespectApplyAndAccept();
    void mockResponseUsesTheOperationsExamples_data();
    void mockResponseUsesTheOperationsExamples();
    void redirectContentUrlsMasksTheBackend();
    void waitRunsItsPolicies();
    void bodyPoliciesAskTheHostToBufferTheBody();
};

void TestBodyPolicies::liquidSetBodyReadsBodyAndContext() {
    MemoryContext context;
    context.response.body =
        R"x({"customer":{"name":"Ada","tier":"gold"},"lines":[{"sku":"x"},{"sku":"y"}]})x";
    context.request.headers = {{"X-Tenant", "contoso"}};
    context.requestMethod = "POST";
    context.path = "/orders/7";
    context.templateParameters = {{"id", "7"}};
    context.facts.api = expr::ApiInfo{"orders", "Orders API", "orders", "v1", ""};
    context.setVariable("region", expr::Value::string("eu"));
    const auto result = runIn("outbound", R"x(<set-body template="liquid">{
  "who": "{{body.customer.name | Upcase}}",
  "tenant": "{{context.Request.Headers["X-Tenant"]}}",
  "method": "{{context.Request.Method}}", "id": "{{context.Request.MatchedParameters["id"]}}",
  "region": "{{context.Variables.region}}", "api": "{{context.Api.Name}}",
  "status": {{context.Response.StatusCode}},
  "skus": [{% for l in body.lines %}"{{l.sku}}"{% unless forloop.last %},{% endunless %}{% endfor %}],
  "vip": {% if body.customer.tier == "gold" %}true{% else %}false{% endif %}
}</set-body>)x",
                              context);
    QCOMPARE(int(result.flow), int(RunResult::Flow::Continue));
    const auto json = nlohmann::json::parse(context.response.body, nullptr, false);
    QVERIFY2(!json.is_discarded(), context.response.body.c_str());
    QCOMPARE(json["who"].get<std::string>(), std::string("ADA"));
    QCOMPARE(json["tenant"].get<std::string>(), std::string("contoso"));
    QCOMPARE(json["method"].get<std::string>(), std::string("POST"));
    QCOMPARE(json["id"].get<std::string>(), std::string("7"));
    QCOMPARE(json["region"].get<std::string>(), std::string("eu"));
    QCOMPARE(json["api"].get<std::string>(), std::string("Orders API"));
    QCOMPARE(json["status"].get<int>(), 200);
    const std::string skus = R"x(["x","y"])x"; // moc cannot read raw strings in macros
    QCOMPARE(json["skus"].dump(), skus);
    QCOMPARE(json["vip"].get<bool>(), true);
}

void TestBodyPolicies::liquidSetBodyLoadsWithItsBracesUntouched() {
    // {{greeting}} is a named value elsewhere, but inside a Liquid body it is template output.
    MemoryContext context;
    context.request.body = R"x({"greeting":"hi"})x";
    const std::string policy =
        R"x(<set-body template="liquid">{{body.greeting}} {{greeting}}</set-body>)x";
    QCOMPARE(int(runIn("inbound", policy, context).flow), int(RunResult::Flow::Continue));
    QCOMPARE(context.request.body, std::string("hi "));
}

void TestBodyPolicies::liquidSyntaxErrorsPointIntoTheTemplate() {
    model::DiagnosticList diagnostics;
    QVERIFY(!compileIn("outbound",
                       "<set-body template=\"liquid\">line one\n{% if body.x %}\n</set-body>",
                       diagnostics));
    QCOMPARE(diagnostics.errorCount(), std::size_t(1));
    const auto& d = diagnostics.items()[0];
    QCOMPARE(d.code, std::string(codes::kBadValue));
    QCOMPARE(d.where.line, 4); // the {% if %} left open, one line below the template's start
    QVERIFY2(d.message.find("{% endif %} is missing") != std::string::npos, d.message.c_str());
}

void TestBodyPolicies::liquidBodiesAreNotNamedValueReferencesInTheModel() {
    // core/model's scan of policy text (it reports unknown named values) skips Liquid bodies.
    const auto uses = model::findNamedValueUses(
        inSection("outbound", R"x(<set-body template="liquid">{{body.name}} {{ x }}</set-body>
<set-body template='liquid' >{% if a %}{{b}}{% endif %}</set-body>
<set-body>{{plain}}</set-body>
<set-header name="X" exists-action="override"><value>{{greeting}}</value></set-header>)x"));
    QCOMPARE(uses.size(), std::size_t(2));
    QCOMPARE(uses[0].name, std::string("plain"));
    QCOMPARE(uses[1].name, std::string("greeting"));
}

void TestBodyPolicies::jsonToXml_data() {
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("expected");
    QTest::newRow("object")
        << R"x(<json-to-xml apply="always" consider-accept-header="false"/>)x"_q
        << R"x({"order":{"id":7,"lines":[{"sku":"a"},{"sku":"b"}],"note":null,"paid":true,"msg":"a<b"}})x"_q
        << "<Document><order><id>7</id><lines><sku>a</sku></lines><lines><sku>b</sku></lines>"
           "<note /><paid>true</paid><msg>a&lt;b</msg></order></Document>"_q;
    QTest::newRow("names made valid")
        << R"x(<json-to-xml apply="always" consider-accept-header="false"/>)x"_q
        << R"x({"1st":"x","a b":"y"})x"_q
        << "<Document><_1st>x</_1st><a_b>y</a_b></Document>"_q;
    QTest::newRow("top-level array")
        << R"x(<json-to-xml apply="always" consider-accept-header="false"/>)x"_q
        << "[1,2]"_q
        << "<Document><Array>1</Array><Array>2</Array></Document>"_q;
    QTest::newRow("attribute block")
        << R"x(<json-to-xml apply="always" consider-accept-header="false" attribute-block-name="#attrs"/>)x"_q
        << R"x({"item":{"#attrs":{"id":"3"},"name":"n"}})x"_q
        << R"x(<Document><item id="3"><name>n</name></item></Document>)x"_q;
    QTest::newRow("not JSON is left alone")
        << R"x(<json-to-xml apply="always" consider-accept-header="false"/>)x"_q
        << "nope"_q
        << "nope"_q;
}

void TestBodyPolicies::jsonToXml() {
    QFETCH(QString, policy);
    QFETCH(QString, body);
    QFETCH(QString, expected);
    MemoryContext context;
    context.response.body = body.toStdString();
    runIn("outbound", policy.toStdString(), context);
    QCOMPARE(QString::fromStdString(context.response.body), expected);
    if (expected != body)
        QCOMPARE(header(context.response, "Content-Type"), std::string("application/xml"));
}

void TestBodyPolicies::xmlToJson_data() {
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("expected");
    const QString plain =
        R"x(<xml-to-json kind="javascript-friendly" apply="always" consider-accept-header="false"/>)x"_q;
    QTest::newRow("elements, repeats, attributes, text")
        << plain
        << R"x(<order id="7"><line>a</line><line>b</line><note/><total currency="EUR">12</total></order>)x"_q
        << R"x({"order":{"@id":"7","line":["a","b"],"note":null,"total":{"@currency":"EUR","#text":"12"}}})x"_q;
    QTest::newRow("always arrays")
        << R"x(<xml-to-json kind="javascript-friendly" apply="always" consider-accept-header="false" always-array-child-elements="true"/>)x"_q
        << "<a><b>1</b></a>"_q
        << R"x({"a":{"b":["1"]}})x"_q;
    QTest::newRow("prefixes: javascript-friendly drops them")
        << plain << R"x(<s:Envelope xmlns:s="urn:x"><s:Body>1</s:Body></s:Envelope>)x"_q
        << R"x({"Envelope":{"Body":"1"}})x"_q;
    QTest::newRow("prefixes: direct keeps them")
        << R"x(<xml-to-json kind="direct" apply="always" consider-accept-header="false"/>)x"_q
        << R"x(<s:Envelope xmlns:s="urn:x"><s:Body>1</s:Body></s:Envelope>)x"_q
        << R"x({"s:Envelope":{"@xmlns:s":"urn:x","s:Body":"1"}})x"_q;
    QTest::newRow("DTDs are refused, the body stays")
        << plain << R"x(<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>)x"_q
        << R"x(<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>)x"_q;
}

void TestBodyPolicies::xmlToJson() {
    QFETCH(QString, policy);
    QFETCH(QString, body);
    QFETCH(QString, expected);
    MemoryContext context;
    context.response.body = body.toStdString();
    runIn("outbound", policy.toStdString(), context);
    QCOMPARE(QString::fromStdString(context.response.body), expected);
}

void TestBodyPolicies::conversionsRespectApplyAndAccept() {
    const std::string json = R"x({"a":1})x";
    MemoryContext context;
    context.response.body = json;
    context.response.headers = {{"Content-Type", "text/plain"}};
    runIn("outbound",
          R"x(<json-to-xml apply="content-type-json" consider-accept-header="false"/>)x", context);
    QCOMPARE(context.response.body, json);

    context.response.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    context.request.headers = {{"Accept", "application/json"}};
    runIn("outbound", R"x(<json-to-xml apply="content-type-json"/>)x", context);
    QCOMPARE(context.response.body, json); // the client asked for JSON

    context.request.headers = {{"Accept", "application/xml"}};
    runIn("outbound", R"x(<json-to-xml apply="content-type-json"/>)x", context);
    QCOMPARE(context.response.body, std::string("<Document><a>1</a></Document>"));

    context.request.headers.clear();
    runIn("outbound", R"x(<xml-to-json kind="direct" apply="content-type-xml"/>)x", context);
    const std::string converted = R"x({"Document":{"a":"1"}})x";
    QCOMPARE(context.response.body, converted);
    QCOMPARE(header(context.response, "Content-Type"), std::string("application/json"));
}

void TestBodyPolicies::mockResponseUsesTheOperationsExamples_data() {
    QTest::addColumn<QString>("policy");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("contentType");
    QTest::addColumn<QString>("body");
    QTest::newRow("defaults to 200 and its first example")
        << "<mock-response/>"_q << 200 << "application/json"_q
        << R"x({"id":"o-1","total":12})x"_q;
    QTest::newRow("content type asked for")
        << R"x(<mock-response status-code="200" content-type="text/plain"/>)x"_q << 200
        << "text/plain"_q
        << "order o-1"_q;
    QTest::newRow("sample from the schema when no example")
        << R"x(<mock-response status-code="404"/>)x"_q << 404 << "application/json"_q
        << R"x({"at":"2026-01-01T00:00:00Z","code":"NotFound","count":0,"retry":true,"tags":["string"]})x"_q;
    QTest::newRow("documented status without content")
        << R"x(<mock-response status-code="201"/>)x"_q << 201 << ""_q
        << ""_q;
    QTest::newRow("undocumented status")
        << R"x(<mock-response status-code="503" content-type="text/plain"/>)x"_q << 503
        << "text/plain"_q
        << ""_q;
}

void TestBodyPolicies::mockResponseUsesTheOperationsExamples() {
    QFETCH(QString, policy);
    QFETCH(int, status);
    QFETCH(QString, contentType);
    QFETCH(QString, body);
    const auto operation = ordersOperation();
    MemoryContext context;
    context.response.body = "old";
    const auto result = runIn("inbound", policy.toStdString(), context, &operation);
    QCOMPARE(int(result.flow), int(RunResult::Flow::Respond));
    QCOMPARE(context.status, status);
    QCOMPARE(QString::fromStdString(header(context.response, "Content-Type")), contentType);
    QCOMPARE(QString::fromStdString(context.response.body), body);
}

void TestBodyPolicies::redirectContentUrlsMasksTheBackend() {
    MemoryContext context;
    context.facts.api =
        expr::ApiInfo{"orders", "Orders", "shop/orders", "", "http://10.0.0.5:8080/v1/"};
    context.facts.originalUrl = {"https", "api.contoso.com", 443, "/shop/orders/7", {}};
    context.response.body =
        R"x({"self":"http://10.0.0.5:8080/v1/orders/7","next":"http://10.0.0.5:8080/v1/orders/8"})x";
    runIn("outbound", "<redirect-content-urls/>", context);
    const std::string masked =
        R"x({"self":"https://api.contoso.com/shop/orders/orders/7","next":"https://api.contoso.com/shop/orders/orders/8"})x";
    QCOMPARE(context.response.body, masked);
    context.request.body = R"x(see https://api.contoso.com/shop/orders/x)x";
    runIn("inbound", "<redirect-content-urls/>", context);
    QCOMPARE(context.request.body, std::string("see http://10.0.0.5:8080/v1/x"));
}

void TestBodyPolicies::waitRunsItsPolicies() {
    model::DiagnosticList diagnostics;
    const auto pipeline = compileIn("inbound", R"x(<wait for="all">
  <set-variable name="a" value="1"/>
  <choose><when condition="@(true)"><set-variable name="b" value="2"/></when></choose>
</wait>)x",
                                    diagnostics);
    QVERIFY2(pipeline, qPrintable(describe(diagnostics)));
    MemoryContext context;
    runPipeline(*pipeline, context);
    QCOMPARE(context.variableText("a"), std::string("1"));
    QCOMPARE(context.variableText("b"), std::string("2"));
}

void TestBodyPolicies::bodyPoliciesAskTheHostToBufferTheBody() {
    for (const std::string policy :
         {R"x(<set-body template="liquid">{{body.a}}</set-body>)x",
          R"x(<json-to-xml apply="always"/>)x", R"x(<xml-to-json kind="direct" apply="always"/>)x",
          R"x(<find-and-replace from="a" to="b"/>)x", "<redirect-content-urls/>"}) {
        model::DiagnosticList diagnostics;
        const auto pipeline = compileIn("outbound", policy, diagnostics);
        QVERIFY2(pipeline, qPrintable(describe(diagnostics)));
        QVERIFY2(readsBody(pipeline->section(Section::Outbound)), policy.c_str());
    }
    model::DiagnosticList diagnostics;
    const auto mock = compileIn("inbound", "<mock-response/>", diagnostics);
    QVERIFY(mock && !readsBody(mock->section(Section::Inbound)));
}

QTEST_GUILESS_MAIN(TestBodyPolicies)
#include "test_body_policies.moc"
