#include "policy_test_support.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_registry.h"

#include <QtTest>

using namespace portico;
using namespace portico::policy;
using namespace portico::policy::test;

class TestPolicyParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void acceptsRealisticDocument();
    void keepsPolicyIdsKindsAndPositions();
    void parsesChooseBranchesAndRetryBodies();
    void registersEveryKindTheIssueLists_data();
    void registersEveryKindTheIssueLists();
    void reportsErrorsAtExactPositions_data();
    void reportsErrorsAtExactPositions();
    void reportsEveryProblemNotOnlyTheFirst();
    void keepsExpressionsAsUnparsedNodes();
    void allowsForwardRequestInAlternativeBranches();
    void diagnosticsNameTheFile();
};

void TestPolicyParser::acceptsRealisticDocument() {
    const std::string text = R"(<?xml version="1.0" encoding="utf-8"?>
<!-- Orders API -->
<policies>
    <inbound>
        <base />
        <cors allow-credentials="true">
            <allowed-origins><origin>https://shop.example</origin></allowed-origins>
            <allowed-methods preflight-result-max-age="300"><method>GET</method><method>POST</method></allowed-methods>
            <allowed-headers><header>content-type</header></allowed-headers>
        </cors>
        <ip-filter action="allow">
            <address>10.0.0.1</address>
            <address-range from="192.168.0.0" to="192.168.255.255" />
        </ip-filter>
        <check-header name="X-Client" failed-check-httpcode="401" failed-check-error-message="Who?" ignore-case="true">
            <value>shop</value>
        </check-header>
        <validate-jwt header-name="Authorization" failed-validation-httpcode="401">
            <openid-config url="https://login.example/.well-known/openid-configuration" />
            <audiences><audience>api://orders</audience></audiences>
        </validate-jwt>
        <rate-limit calls="20" renewal-period="90" />
        <set-header name="X-Request-Source" exists-action="override"><value>portico</value></set-header>
        <set-query-parameter name="api-version" exists-action="skip"><value>2024-01-01</value></set-query-parameter>
        <rewrite-uri template="/v2/orders/{id}" copy-unmatched-params="false" />
        <set-backend-service base-url="https://orders.internal/api" />
        <set-variable name="region" value="{{region}}" />
        <include-fragment fragment-id="common" />
    </inbound>
    <backend>
        <retry condition="true" count="3" interval="1" max-interval="10" delta="1" first-fast-retry="true">
            <forward-request timeout="30" buffer-request-body="true" />
        </retry>
    </backend>
    <outbound>
        <base />
        <set-header name="X-Powered-By" exists-action="delete" />
        <find-and-replace from="internal" to="public" />
        <set-body><![CDATA[{"ok": true}]]></set-body>
        <xml-to-json kind="direct" apply="content-type-xml" />
        <trace source="orders" severity="information"><message>done</message><metadata name="a" value="b" /></trace>
    </outbound>
    <on-error>
        <set-status code="500" reason="Oops" />
        <return-response>
            <set-status code="503" />
            <set-header name="Retry-After"><value>5</value></set-header>
            <set-body>later</set-body>
        </return-response>
    </on-error>
</policies>
)";
    model::DiagnosticList diagnostics;
    const auto document = parse(text, diagnostics);
    QVERIFY2(diagnostics.empty(), qPrintable(describe(diagnostics)));
    QVERIFY(document);
    QCOMPARE(document->section(Section::Inbound).policies.size(), std::size_t(12));
    QCOMPARE(document->section(Section::Backend).policies.size(), std::size_t(1));
    QCOMPARE(document->section(Section::Outbound).policies.size(), std::size_t(6));
    QCOMPARE(document->section(Section::OnError).policies.size(), std::size_t(2));
}

void TestPolicyParser::keepsPolicyIdsKindsAndPositions() {
    model::DiagnosticList diagnostics;
    const auto document = parse(inSection("inbound", "  <base/>\n  <set-status id=\"s1\" "
                                                     "code=\"201\"/>"),
                                diagnostics, Scope::Operation, "ops/get/policy.xml");
    QVERIFY2(diagnostics.empty(), qPrintable(describe(diagnostics)));
    const auto& policies = document->section(Section::Inbound).policies;
    QCOMPARE(policies.size(), std::size_t(2));
    QVERIFY(policies[0].isBase());
    QCOMPARE(policies[1].kind, std::string("set-status"));
    QCOMPARE(policies[1].id, std::string("s1"));
    QCOMPARE(policies[1].origin.scope, Scope::Operation);
    QCOMPARE(policies[1].origin.where.file, std::string("ops/get/policy.xml"));
    QCOMPARE(policies[1].origin.where.line, 4);
    QCOMPARE(policies[1].origin.where.column, 3);
    QVERIFY(document->section(Section::Inbound).present);
    QVERIFY(!document->section(Section::Outbound).present);
}

void TestPolicyParser::parsesChooseBranchesAndRetryBodies() {
    model::DiagnosticList diagnostics;
    const auto document =
        parse(inSection("backend", "<choose><when condition=\"a\"><forward-request/></when>"
                                   "<when condition=\"b\"><set-status code=\"200\"/></when>"
                                   "<otherwise><retry condition=\"c\" count=\"2\" interval=\"1\">"
                                   "<forward-request/></retry></otherwise></choose>"),
              diagnostics);
    QVERIFY2(diagnostics.empty(), qPrintable(describe(diagnostics)));
    const auto& choose = document->section(Section::Backend).policies.at(0);
    QCOMPARE(choose.blocks.size(), std::size_t(3));
    QCOMPARE(choose.blocks[0].header.name, std::string("when"));
    QCOMPARE(choose.blocks[0].header.attribute("condition")->value, std::string("a"));
    QCOMPARE(choose.blocks[2].header.name, std::string("otherwise"));
    const auto& retry = choose.blocks[2].policies.at(0);
    QCOMPARE(retry.kind, std::string("retry"));
    QCOMPARE(retry.blocks.size(), std::size_t(1));
    QCOMPARE(retry.blocks[0].policies.at(0).kind, std::string("forward-request"));
    QVERIFY(retry.element.children.empty());
}

void TestPolicyParser::registersEveryKindTheIssueLists_data() {
    QTest::addColumn<QString>("kind");
    for (const char* kind : {"check-header",
                             "ip-filter",
                             "cors",
                             "set-header",
                             "set-query-parameter",
                             "rewrite-uri",
                             "set-backend-service",
                             "forward-request",
                             "return-response",
                             "mock-response",
                             "set-status",
                             "set-variable",
                             "set-body",
                             "find-and-replace",
                             "retry",
                             "limit-concurrency",
                             "trace",
                             "choose",
                             "redirect-content-urls",
                             "json-to-xml",
                             "xml-to-json",
                             "validate-jwt",
                             "validate-azure-ad-token",
                             "rate-limit",
                             "rate-limit-by-key",
                             "quota",
                             "quota-by-key",
                             "send-request",
                             "cache-lookup",
                             "cache-store",
                             "cache-lookup-value",
                             "cache-store-value",
                             "cache-remove-value"})
        QTest::newRow(kind) << QString::fromLatin1(kind);
}

void TestPolicyParser::registersEveryKindTheIssueLists() {
    QFETCH(QString, kind);
    QVERIFY(builtinPolicies().find(kind.toStdString()) != nullptr);
}

void TestPolicyParser::reportsErrorsAtExactPositions_data() {
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<int>("scope");
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    const auto row = [](const char* name, const std::string& document, const char* code, int line,
                        int column, const char* message, Scope scope = Scope::Api) {
        QTest::newRow(name) << QByteArray::fromStdString(document) << int(scope)
                            << QString::fromLatin1(code) << line << column
                            << QString::fromUtf8(message);
    };
    const auto in = [](const std::string& content) { return inSection("inbound", content); };

    row("malformed xml", in("<set-status code=\"200\">"), codes::kMalformedXml, 4, 1,
        "closing tag </inbound> does not match <set-status> opened at 3:1");
    row("dtd", "<!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><policies/>",
        codes::kDtdNotAllowed, 1, 1, "DTDs are not allowed (no external entities)");
    row("not utf-8", in("<set-variable name=\"a\" value=\"\xFF\"/>"), codes::kNotUtf8, 3, 31,
        "not valid UTF-8");
    row("wrong root", "<policy>\n</policy>", codes::kBadRoot, 1, 1,
        "expected <policies> as the root element, found <policy>");
    row("fragment as policy", "<fragment/>", codes::kBadRoot, 1, 1, "fragments/<id>.xml");
    row("unknown section", "<policies>\n  <inbund/>\n</policies>", codes::kUnknownSection, 2, 3,
        "unknown section <inbund> (expected inbound, backend, outbound or on-error) (did you "
        "mean 'inbound'?)");
    row("duplicate section", "<policies><inbound/>\n<inbound/></policies>",
        codes::kDuplicateSection, 2, 1, "section <inbound> appears twice (first at 1:11)");
    row("text in section", in("  hello"), codes::kUnexpectedText, 3, 3,
        "text is not allowed in <inbound>");
    row("unknown policy", in("<set-heder name=\"a\"/>"), codes::kUnknownPolicy, 3, 1,
        "unknown policy <set-heder> (did you mean 'set-header'?)");
    row("unknown policy far from any", in("<frobnicate/>"), codes::kUnknownPolicy, 3, 1,
        "unknown policy <frobnicate>");
    row("missing attribute", in("<set-header exists-action=\"skip\"><value>1</value></set-header>"),
        codes::kMissingAttribute, 3, 1, "<set-header> needs attribute 'name'");
    row("unknown attribute", in("<set-status code=\"200\" reasn=\"x\"/>"), codes::kUnknownAttribute,
        3, 24, "unknown attribute 'reasn' on <set-status> (did you mean 'reason'?)");
    row("bool", in("<rewrite-uri template=\"/a\" copy-unmatched-params=\"yes\"/>"),
        codes::kBadAttributeValue, 3, 51,
        "attribute 'copy-unmatched-params' of <rewrite-uri>: expected true or false, found 'yes'");
    row("int", in("<retry condition=\"c\" count=\"three\" interval=\"1\"/>"),
        codes::kBadAttributeValue, 3, 29, "expected a non-negative whole number, found 'three'");
    row("negative count", in("<limit-concurrency key=\"k\" max-count=\"-1\"/>"),
        codes::kBadAttributeValue, 3, 39, "found '-1'");
    row("duration",
        "<policies><backend>\n  <forward-request timeout=\"30s\"/></backend></policies>",
        codes::kBadAttributeValue, 2, 29, "expected a duration in whole seconds, found '30s'");
    row("status code", in("<set-status code=\"999\"/>"), codes::kBadAttributeValue, 3, 19,
        "expected an HTTP status code between 100 and 599, found '999'");
    row("enum with suggestion",
        in("<set-header name=\"a\" exists-action=\"overide\"><value>1</value></set-header>"),
        codes::kBadAttributeValue, 3, 37,
        "expected one of override, skip, append, delete, found 'overide' (did you mean "
        "'override'?)");
    row("unexpected child", in("<set-header name=\"a\">\n  <valu>1</valu>\n</set-header>"),
        codes::kUnexpectedChild, 4, 3,
        "unexpected element <valu> in <set-header> (expected <value>) (did you mean 'value'?)");
    row("missing child", in("<cors>\n<allowed-methods/></cors>"), codes::kMissingChild, 3, 1,
        "<cors> needs a <allowed-origins> element");
    row("too many children",
        in("<trace source=\"a\"><message>1</message>\n<message>2</message></trace>"),
        codes::kTooManyChildren, 4, 1, "<trace> takes at most one <message>");
    row("text where none belongs", in("<set-status code=\"200\">\n   oops</set-status>"),
        codes::kUnexpectedText, 4, 4, "<set-status> does not take text");
    row("empty required text", in("<ip-filter action=\"allow\"><address/></ip-filter>"),
        codes::kBadValue, 3, 27, "<address> needs a value");
    row("base at global scope", in("  <base />"), codes::kBaseAtGlobalScope, 3, 3,
        "<base/> is not allowed at global scope", Scope::Global);
    row("base twice", in("<base/>\n<base/>"), codes::kMisplacedBase, 4, 1,
        "<base/> appears twice in <inbound> (first at 3:1)");
    row("base inside choose", in("<choose><when condition=\"a\"><base/></when></choose>"),
        codes::kMisplacedBase, 3, 29, "<base/> must be a direct child of a section, not of <when>");
    row("base with attribute", in("<base x=\"1\"/>"), codes::kUnknownAttribute, 3, 7,
        "unknown attribute 'x' on <base>");
    row("include without id", in("<include-fragment/>"), codes::kMissingAttribute, 3, 1,
        "<include-fragment> needs attribute 'fragment-id'");
    row("second forward-request",
        "<policies>\n<backend>\n  <forward-request/>\n  "
        "<forward-request/>\n</backend>\n</policies>",
        codes::kSecondForwardRequest, 4, 3, "a second <forward-request>");
    row("second forward-request after a choose",
        "<policies><backend><choose><when condition=\"a\"><forward-request/></when></choose>\n"
        "<forward-request/></backend></policies>",
        codes::kSecondForwardRequest, 2, 1, "a second <forward-request>");
    row("neither base-url nor backend-id", in("<set-backend-service/>"), codes::kMissingAttribute,
        3, 1, "needs exactly one of 'base-url' and 'backend-id'");
    row("relative base-url", in("<set-backend-service base-url=\"orders\"/>"),
        codes::kBadAttributeValue, 3, 32, "expected an absolute http or https URL");
    row("credentials with any origin",
        in("<cors allow-credentials=\"true\"><allowed-origins>\n<origin>*</origin>"
           "</allowed-origins></cors>"),
        codes::kBadValue, 4, 1, "the origin '*' cannot be combined with allow-credentials");
    row("ip-filter without addresses", in("<ip-filter action=\"forbid\"/>"), codes::kMissingChild,
        3, 1, "needs at least one <address> or <address-range>");
    row("choose without when", in("<choose><otherwise/></choose>"), codes::kMissingChild, 3, 1,
        "<choose> needs a <when> element");
    row("otherwise before when", in("<choose><otherwise/><when condition=\"a\"/></choose>"),
        codes::kUnexpectedChild, 3, 21, "<when> must come before <otherwise> in <choose>");
    row("two otherwise", in("<choose><when condition=\"a\"/><otherwise/><otherwise/></choose>"),
        codes::kTooManyChildren, 3, 42, "<choose> takes at most one <otherwise>");
    row("set-header without value", in("<set-header name=\"a\"/>"), codes::kMissingChild, 3, 1,
        "<set-header> needs a <value> unless exists-action is delete");
    row("empty find", in("<find-and-replace from=\"\" to=\"x\"/>"), codes::kBadAttributeValue, 3,
        25, "attribute 'from' of <find-and-replace> must not be empty");
    row("attribute on section", "<policies><inbound x=\"1\"/></policies>", codes::kUnknownAttribute,
        1, 20, "unknown attribute 'x' on <inbound>");
}

void TestPolicyParser::reportsErrorsAtExactPositions() {
    QFETCH(QByteArray, document);
    QFETCH(int, scope);
    QFETCH(QString, code);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    model::DiagnosticList diagnostics;
    parse(document.toStdString(), diagnostics, static_cast<Scope>(scope));
    QVERIFY2(diagnostics.errorCount() == 1, qPrintable(describe(diagnostics)));
    const auto& d = diagnostics.items().front();
    QCOMPARE(QString::fromStdString(d.code), code);
    QVERIFY2(QString::fromStdString(d.message).contains(message), d.message.c_str());
    QCOMPARE(d.where.line, line);
    QCOMPARE(d.where.column, column);
}

void TestPolicyParser::reportsEveryProblemNotOnlyTheFirst() {
    model::DiagnosticList diagnostics;
    parse(inSection("inbound", "<set-status code=\"x\"/>\n<frob/>\n<set-variable name=\"a\"/>"),
          diagnostics);
    QCOMPARE(diagnostics.errorCount(), std::size_t(3));
}

void TestPolicyParser::keepsExpressionsAsUnparsedNodes() {
    model::DiagnosticList diagnostics;
    const auto document = parse(
        inSection("inbound",
                  "<set-variable name=\"m\" value=\"@(context.Request.Method)\" />\n"
                  "<set-header name=\"x\"><value>\n    @{ return \"a\"; }</value></set-header>\n"
                  "<choose><when condition=\"@(true)\"><set-status code=\"200\"/></when></choose>\n"
                  "<send-request mode=\"new\" response-variable-name=\"r\"><set-url>@(\"http://x\")"
                  "</set-url></send-request>\n"
                  "<set-status code=\"@(404)\"/>"),
        diagnostics);
    QVERIFY(document);
    QVERIFY2(diagnostics.empty(), qPrintable(describe(diagnostics)));
    struct Expected {
        std::size_t policy;
        int line;
        int column;
        const char* attribute; // empty for element text
        const char* element;
    };
    const Expected expected[] = {{0, 3, 31, "value", "set-variable"},
                                 {1, 5, 5, "", "value"},
                                 {2, 6, 26, "condition", "when"},
                                 {3, 7, 62, "", "set-url"},
                                 {4, 8, 19, "code", "set-status"}};
    const auto& policies = document->section(Section::Inbound).policies;
    for (const auto& e : expected) {
        const auto& expression = policies.at(e.policy).expressions.at(0);
        QCOMPARE(expression.where.line, e.line);
        QCOMPARE(expression.where.column, e.column);
        QCOMPARE(expression.attribute, std::string(e.attribute));
        QCOMPARE(expression.element, std::string(e.element));
    }
    QCOMPARE(policies[0].expressions.at(0).text, std::string("@(context.Request.Method)"));
    QCOMPARE(policies[1].expressions.at(0).text, std::string("@{ return \"a\"; }"));
}

void TestPolicyParser::allowsForwardRequestInAlternativeBranches() {
    model::DiagnosticList diagnostics;
    parse(inSection("backend", "<choose><when condition=\"a\"><forward-request/></when>"
                               "<otherwise><forward-request timeout=\"5\"/></otherwise></choose>"),
          diagnostics);
    QVERIFY2(diagnostics.empty(), qPrintable(describe(diagnostics)));
}

void TestPolicyParser::diagnosticsNameTheFile() {
    model::DiagnosticList diagnostics;
    parse(inSection("inbound", "<frob/>"), diagnostics, Scope::Api, "apis/orders/policy.xml");
    QCOMPARE(diagnostics.items().at(0).toString().rfind("apis/orders/policy.xml:3:1: ", 0),
             std::size_t(0));
}

QTEST_GUILESS_MAIN(TestPolicyParser)
#include "test_policy_parser.moc"
