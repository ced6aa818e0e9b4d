#include "policy_test_support.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_writer.h"
#include "core/policy/scope_merge.h"

#include <QtTest>

using namespace portico;
using namespace portico::policy;
using namespace portico::policy::test;

namespace {

std::string header(const char* name) {
    return std::string("<set-variable name=\"") + name + "\" value=\"1\"/>";
}

// The names of the set-variable markers of one section, in order.
QStringList names(const PolicyDocument& document, Section section) {
    QStringList list;
    for (const auto& node : document.section(section).policies) {
        const auto* name = node.element.attribute("name");
        list << (name ? QString::fromStdString(name->value) : QString::fromStdString(node.kind));
    }
    return list;
}

PolicyDocument parsed(const std::string& text, Scope scope, const std::string& file) {
    model::DiagnosticList diagnostics;
    auto document = parse(text, diagnostics, scope, file);
    if (!document || !diagnostics.empty())
        qFatal("test document does not parse: %s", qPrintable(describe(diagnostics)));
    return std::move(*document);
}

} // namespace

class TestScopeMerge : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void splicesParentSectionAtBasePosition();
    void sectionWithoutBaseDoesNotInherit();
    void missingSectionOrDocumentInheritsUnchanged();
    void productPoliciesApplyOnlyWithProductSubscription();
    void keepsEachPolicysOriginScopeAndLocation();
    void writesEffectivePolicyAsXml();
    void writtenEffectivePolicyParsesBackUnchanged();
    void writesOriginsWhenAsked();
    void reportsSecondForwardRequestAcrossScopes();
    void effectivePolicyRefusesDocumentsWithErrors();
};

void TestScopeMerge::splicesParentSectionAtBasePosition() {
    const auto global = parsed(inSection("inbound", header("g1")), Scope::Global, "global.xml");
    const auto product = parsed(inSection("inbound", header("p1") + "<base/>" + header("p2")),
                                Scope::Product, "product.xml");
    const auto api = parsed(inSection("inbound", "<base/>" + header("a1")), Scope::Api, "api.xml");
    const auto operation =
        parsed(inSection("inbound", header("o1") + "<base/>"), Scope::Operation, "op.xml");
    model::DiagnosticList diagnostics;
    const auto merged = mergeScopes({&global, &product, &api, &operation}, {}, diagnostics);
    QVERIFY(diagnostics.empty());
    QCOMPARE(names(merged, Section::Inbound),
             QStringList({"o1"_q, "p1"_q, "g1"_q, "p2"_q, "a1"_q}));
}

void TestScopeMerge::sectionWithoutBaseDoesNotInherit() {
    const auto global = parsed(inSection("outbound", header("g1")), Scope::Global, "global.xml");
    const auto api = parsed(inSection("outbound", header("a1")), Scope::Api, "api.xml");
    model::DiagnosticList diagnostics;
    const auto merged = mergeScopes({&global, nullptr, &api, nullptr}, {}, diagnostics);
    QCOMPARE(names(merged, Section::Outbound), QStringList({"a1"_q}));

    const auto emptySection = parsed(inSection("outbound", ""), Scope::Operation, "op.xml");
    const auto none = mergeScopes({&global, nullptr, &api, &emptySection}, {}, diagnostics);
    QVERIFY(none.section(Section::Outbound).policies.empty());
}

void TestScopeMerge::missingSectionOrDocumentInheritsUnchanged() {
    const auto global = parsed("<policies><inbound>" + header("g1") + "</inbound><outbound>" +
                                   header("g2") + "</outbound></policies>",
                               Scope::Global, "global.xml");
    const auto api = parsed(inSection("inbound", "<base/>" + header("a1")), Scope::Api, "api.xml");
    model::DiagnosticList diagnostics;
    const auto merged = mergeScopes({&global, nullptr, &api, nullptr}, {}, diagnostics);
    QCOMPARE(names(merged, Section::Inbound), QStringList({"g1"_q, "a1"_q}));
    QCOMPARE(names(merged, Section::Outbound), QStringList({"g2"_q}));
    QVERIFY(merged.section(Section::Backend).policies.empty());
}

void TestScopeMerge::productPoliciesApplyOnlyWithProductSubscription() {
    const auto product = parsed(inSection("inbound", header("p1")), Scope::Product, "p.xml");
    const auto api = parsed(inSection("inbound", "<base/>" + header("a1")), Scope::Api, "api.xml");
    model::DiagnosticList diagnostics;
    QCOMPARE(
        names(mergeScopes({nullptr, &product, &api, nullptr}, {}, diagnostics), Section::Inbound),
        QStringList({"p1"_q, "a1"_q}));
    QCOMPARE(
        names(mergeScopes({nullptr, nullptr, &api, nullptr}, {}, diagnostics), Section::Inbound),
        QStringList({"a1"_q}));
}

void TestScopeMerge::keepsEachPolicysOriginScopeAndLocation() {
    const auto global = parsed(inSection("inbound", header("g1")), Scope::Global, "global.xml");
    const auto api =
        parsed(inSection("inbound", "  <base/>\n  " + header("a1")), Scope::Api, "apis/a.xml");
    model::DiagnosticList diagnostics;
    const auto merged = mergeScopes({&global, nullptr, &api, nullptr}, {}, diagnostics);
    const auto& policies = merged.section(Section::Inbound).policies;
    QCOMPARE(policies.size(), std::size_t(2));
    QCOMPARE(policies[0].origin.scope, Scope::Global);
    QCOMPARE(policies[0].origin.where.file, std::string("global.xml"));
    QCOMPARE(policies[0].origin.where.line, 3);
    QCOMPARE(policies[1].origin.scope, Scope::Api);
    QCOMPARE(policies[1].origin.where.file, std::string("apis/a.xml"));
    QCOMPARE(policies[1].origin.where.line, 4);
    QCOMPARE(policies[1].origin.where.column, 3);
}

void TestScopeMerge::writesEffectivePolicyAsXml() {
    EffectivePolicyInput input;
    input.global = PolicySource{"global.xml", inSection("inbound", header("g1"))};
    input.api = PolicySource{
        "api.xml",
        "<policies><inbound><base/><set-header name=\"X-A\" exists-action=\"append\">"
        "<value>1 &amp; 2</value>\n<value>3</value></set-header></inbound>"
        "<backend><choose><when condition=\"a\"><forward-request timeout=\"5\"/></when>"
        "<otherwise><return-response><set-status code=\"503\"/></return-response></otherwise>"
        "</choose></backend>"
        "<outbound><set-body><![CDATA[{\"a\": \"<b>\"}]]></set-body></outbound></policies>"};
    model::DiagnosticList diagnostics;
    const auto merged = effectivePolicy(input, diagnostics);
    QVERIFY2(merged, qPrintable(describe(diagnostics)));
    const std::string expected = R"(<policies>
    <inbound>
        <set-variable name="g1" value="1" />
        <set-header name="X-A" exists-action="append">
            <value>1 &amp; 2</value>
            <value>3</value>
        </set-header>
    </inbound>
    <backend>
        <choose>
            <when condition="a">
                <forward-request timeout="5" />
            </when>
            <otherwise>
                <return-response>
                    <set-status code="503" />
                </return-response>
            </otherwise>
        </choose>
    </backend>
    <outbound>
        <set-body><![CDATA[{"a": "<b>"}]]></set-body>
    </outbound>
    <on-error>
    </on-error>
</policies>
)";
    QCOMPARE(writePolicyDocument(*merged), expected);
}

void TestScopeMerge::writtenEffectivePolicyParsesBackUnchanged() {
    const auto api = parsed(
        inSection("inbound", "<cors allow-credentials=\"true\"><allowed-origins><origin>https://a"
                             "</origin></allowed-origins></cors><set-variable name=\"q\" "
                             "value=\"say &quot;hi&quot;&#10;\"/>"),
        Scope::Api, "api.xml");
    model::DiagnosticList diagnostics;
    const auto merged = mergeScopes({nullptr, nullptr, &api, nullptr}, {}, diagnostics);
    const std::string once = writePolicyDocument(merged);
    const auto reparsed = parsed(once, Scope::Global, "effective.xml");
    QCOMPARE(writePolicyDocument(reparsed), once);
    QCOMPARE(reparsed.section(Section::Inbound).policies[1].element.attribute("value")->value,
             std::string("say \"hi\"\n"));
}

void TestScopeMerge::writesOriginsWhenAsked() {
    const auto api = parsed(inSection("inbound", header("a1")), Scope::Api, "apis/a/policy.xml");
    model::DiagnosticList diagnostics;
    const auto merged = mergeScopes({nullptr, nullptr, &api, nullptr}, {}, diagnostics);
    WriteOptions options;
    options.origins = true;
    QVERIFY(writePolicyDocument(merged, options)
                .find("        <!-- api: apis/a/policy.xml:3:1 -->\n        <set-variable") !=
            std::string::npos);
}

void TestScopeMerge::reportsSecondForwardRequestAcrossScopes() {
    const auto global = parsed(inSection("backend", "<forward-request/>"), Scope::Global, "g.xml");
    const auto api =
        parsed(inSection("backend", "<base/>\n<forward-request/>"), Scope::Api, "api.xml");
    model::DiagnosticList diagnostics;
    mergeScopes({&global, nullptr, &api, nullptr}, {}, diagnostics);
    QCOMPARE(diagnostics.errorCount(), std::size_t(1));
    QCOMPARE(diagnostics.items()[0].code, std::string(codes::kSecondForwardRequest));
    QCOMPARE(diagnostics.items()[0].where.file, std::string("api.xml"));
    QCOMPARE(diagnostics.items()[0].where.line, 4);
}

void TestScopeMerge::effectivePolicyRefusesDocumentsWithErrors() {
    EffectivePolicyInput input;
    input.global = PolicySource{"global.xml", inSection("inbound", "<base/>")};
    input.operation = PolicySource{"op.xml", inSection("inbound", "<frob/>")};
    model::DiagnosticList diagnostics;
    QVERIFY(!effectivePolicy(input, diagnostics));
    QCOMPARE(diagnostics.errorCount(), std::size_t(2));
}

QTEST_GUILESS_MAIN(TestScopeMerge)
#include "test_scope_merge.moc"
