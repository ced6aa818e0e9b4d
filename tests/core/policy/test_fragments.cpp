#include "policy_test_support.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/scope_merge.h"

#include <QtTest>

using namespace portico;
using namespace portico::policy;
using namespace portico::policy::test;

namespace {

PolicySource fragment(const std::string& id, const std::string& body) {
    return {"fragments/" + id + ".xml", "<fragment>\n" + body + "\n</fragment>\n"};
}

QStringList kinds(const std::vector<PolicyNode>& policies) {
    QStringList list;
    for (const auto& node : policies) {
        const auto* name = node.element.attribute("name");
        list << QString::fromStdString(name ? name->value : node.kind);
    }
    return list;
}

} // namespace

class TestFragments : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void inlinesFragmentWhereItIsIncluded();
    void inlinesNestedFragmentsAndFragmentsInsideBranches();
    void reportsUnknownFragmentAtTheInclude();
    void reportsFragmentCycles_data();
    void reportsFragmentCycles();
    void refusesBaseInFragment();
    void refusesWrongFragmentRoot();
    void checksFragmentContentAgainstTheSectionItLandsIn();
    void boundsExponentialFragmentExpansion();
};

void TestFragments::inlinesFragmentWhereItIsIncluded() {
    EffectivePolicyInput input;
    input.api =
        PolicySource{"api.xml", inSection("inbound", "<set-variable name=\"a\" value=\"1\"/>"
                                                     "<include-fragment fragment-id=\"common\"/>"
                                                     "<set-variable name=\"z\" value=\"1\"/>")};
    input.fragments["common"] = fragment("common", "<set-variable name=\"f1\" value=\"1\"/>\n"
                                                   "<set-variable name=\"f2\" value=\"1\"/>");
    model::DiagnosticList diagnostics;
    const auto merged = effectivePolicy(input, diagnostics);
    QVERIFY2(merged, qPrintable(describe(diagnostics)));
    const auto& policies = merged->section(Section::Inbound).policies;
    QCOMPARE(kinds(policies), QStringList({"a"_q, "f1"_q, "f2"_q, "z"_q}));
    QCOMPARE(policies[2].origin.scope, Scope::Fragment);
    QCOMPARE(policies[2].origin.fragmentId, std::string("common"));
    QCOMPARE(policies[2].origin.where.file, std::string("fragments/common.xml"));
    QCOMPARE(policies[2].origin.where.line, 3);
}

void TestFragments::inlinesNestedFragmentsAndFragmentsInsideBranches() {
    EffectivePolicyInput input;
    input.api = PolicySource{"api.xml",
                             inSection("inbound", "<choose><when condition=\"c\"><include-fragment "
                                                  "fragment-id=\"outer\"/></when></choose>")};
    input.fragments["outer"] = fragment("outer", "<include-fragment fragment-id=\"inner\"/>"
                                                 "<set-variable name=\"o\" value=\"1\"/>");
    input.fragments["inner"] = fragment("inner", "<set-variable name=\"i\" value=\"1\"/>");
    model::DiagnosticList diagnostics;
    const auto merged = effectivePolicy(input, diagnostics);
    QVERIFY2(merged, qPrintable(describe(diagnostics)));
    const auto& when = merged->section(Section::Inbound).policies.at(0).blocks.at(0);
    QCOMPARE(kinds(when.policies), QStringList({"i"_q, "o"_q}));
    QCOMPARE(when.policies[0].origin.fragmentId, std::string("inner"));
}

void TestFragments::reportsUnknownFragmentAtTheInclude() {
    EffectivePolicyInput input;
    input.api = PolicySource{"api.xml", inSection("inbound", "  <include-fragment "
                                                             "fragment-id=\"missing\"/>")};
    model::DiagnosticList diagnostics;
    QVERIFY(!effectivePolicy(input, diagnostics));
    QCOMPARE(diagnostics.errorCount(), std::size_t(1));
    const auto& d = diagnostics.items()[0];
    QCOMPARE(d.code, std::string(codes::kUnknownFragment));
    QCOMPARE(d.toString(),
             std::string("api.xml:3:3: error: PT3302 unknown policy fragment 'missing'"));
}

void TestFragments::reportsFragmentCycles_data() {
    QTest::addColumn<QStringList>("fragments"); // id=include;id=include
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("file");
    QTest::newRow("self") << QStringList({"a=a"_q}) << QStringLiteral("a -> a")
                          << QStringLiteral("fragments/a.xml");
    QTest::newRow("two") << QStringList({"a=b"_q, "b=a"_q}) << QStringLiteral("a -> b -> a")
                         << QStringLiteral("fragments/b.xml");
    QTest::newRow("three") << QStringList({"a=b"_q, "b=c"_q, "c=a"_q})
                           << QStringLiteral("a -> b -> c -> a")
                           << QStringLiteral("fragments/c.xml");
}

void TestFragments::reportsFragmentCycles() {
    QFETCH(QStringList, fragments);
    QFETCH(QString, message);
    QFETCH(QString, file);
    EffectivePolicyInput input;
    input.api =
        PolicySource{"api.xml", inSection("inbound", "<include-fragment fragment-id=\"a\"/>")};
    for (const auto& entry : fragments) {
        const auto parts = entry.split(QLatin1Char('='));
        input.fragments[parts[0].toStdString()] =
            fragment(parts[0].toStdString(),
                     "<include-fragment fragment-id=\"" + parts[1].toStdString() + "\"/>");
    }
    model::DiagnosticList diagnostics;
    QVERIFY(!effectivePolicy(input, diagnostics));
    QCOMPARE(diagnostics.errorCount(), std::size_t(1));
    const auto& d = diagnostics.items()[0];
    QCOMPARE(d.code, std::string(codes::kFragmentCycle));
    QCOMPARE(QString::fromStdString(d.message),
             QStringLiteral("policy fragment cycle: ") + message);
    QCOMPARE(QString::fromStdString(d.where.file), file);
    QCOMPARE(d.where.line, 2);
}

void TestFragments::refusesBaseInFragment() {
    model::DiagnosticList diagnostics;
    parse("<fragment>\n  <base/>\n</fragment>", diagnostics, Scope::Fragment, "fragments/f.xml");
    QCOMPARE(diagnostics.errorCount(), std::size_t(1));
    QCOMPARE(diagnostics.items()[0].code, std::string(codes::kMisplacedBase));
    QCOMPARE(diagnostics.items()[0].where.line, 2);
    QCOMPARE(diagnostics.items()[0].where.column, 3);
}

void TestFragments::refusesWrongFragmentRoot() {
    model::DiagnosticList diagnostics;
    parse("<policies/>", diagnostics, Scope::Fragment, "fragments/f.xml");
    QCOMPARE(diagnostics.errorCount(), std::size_t(1));
    QCOMPARE(diagnostics.items()[0].code, std::string(codes::kBadRoot));
    QVERIFY(diagnostics.items()[0].message.find("expected <fragment>") != std::string::npos);
}

void TestFragments::checksFragmentContentAgainstTheSectionItLandsIn() {
    EffectivePolicyInput input;
    input.api = PolicySource{"api.xml", inSection("outbound", "<include-fragment "
                                                              "fragment-id=\"auth\"/>")};
    input.fragments["auth"] =
        fragment("auth", "<set-variable name=\"a\" value=\"1\"/>\n<rewrite-uri template=\"/x\"/>");
    model::DiagnosticList diagnostics;
    QVERIFY(!effectivePolicy(input, diagnostics));
    QCOMPARE(diagnostics.errorCount(), std::size_t(1));
    QCOMPARE(diagnostics.items()[0].toString(),
             std::string("fragments/auth.xml:3:1: error: PT3105 <rewrite-uri> is not allowed in "
                         "<outbound> (allowed in inbound)"));
}

void TestFragments::boundsExponentialFragmentExpansion() {
    // f0 includes f1 twice, f1 includes f2 twice, ...: 2^20 policies if nothing stopped it.
    EffectivePolicyInput input;
    input.api =
        PolicySource{"api.xml", inSection("inbound", "<include-fragment fragment-id=\"f0\"/>")};
    for (int i = 0; i < 20; ++i) {
        const std::string next =
            "<include-fragment fragment-id=\"f" + std::to_string(i + 1) + "\"/>";
        input.fragments["f" + std::to_string(i)] = fragment("f" + std::to_string(i), next + next);
    }
    input.fragments["f20"] = fragment("f20", "<set-variable name=\"x\" value=\"1\"/>");
    model::DiagnosticList diagnostics;
    QVERIFY(!effectivePolicy(input, diagnostics));
    QCOMPARE(diagnostics.errorCount(), std::size_t(1));
    QCOMPARE(diagnostics.items()[0].code, std::string(codes::kFragmentExpansionTooLarge));
}

QTEST_GUILESS_MAIN(TestFragments)
#include "test_fragments.moc"
