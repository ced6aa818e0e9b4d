#include "memory_context.h"
#include "policy_test_support.h"

#include "core/policy/policy_compiler.h"
#include "core/policy/scope_merge.h"

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

// compileDocument() with named values.
std::optional<CompiledPipeline> compileWithNames(const std::string& document,
                                                 const std::map<std::string, std::string>& names,
                                                 model::DiagnosticList& diagnostics) {
    auto parsed = parse(document, diagnostics);
    if (!parsed || diagnostics.hasErrors())
        return std::nullopt;
    const auto merged = mergeScopes({nullptr, nullptr, &*parsed, nullptr}, {}, diagnostics);
    const NamedValueLookup lookup = [&names](std::string_view name) -> std::optional<std::string> {
        const auto it = names.find(std::string(name));
        return it == names.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    return compilePipeline(merged, lookup, diagnostics);
}

} // namespace

class TestAuthenticationBasic : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sendsBasicCredentialsToTheBackendInsteadOfTheCallers();
    void takesThePasswordFromANamedValue();
    void acceptsExpressions();
    void failsWhenAnExpressionGivesAUserNameWithAColon();
    void refusesBadSettings_data();
    void refusesBadSettings();
};

void TestAuthenticationBasic::sendsBasicCredentialsToTheBackendInsteadOfTheCallers() {
    const auto pipeline = compiled(inSection(
        "inbound", R"(<authentication-basic username="Aladdin" password="open sesame"/>)"));
    MemoryContext context;
    context.request.headers = {{"authorization", "Bearer caller-token"}};
    std::string seen;
    runPipeline(pipeline, context,
                [&](MemoryContext& c) { seen = header(c.request, "Authorization"); });
    // RFC 7617's own example.
    QCOMPARE(seen, std::string("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
}

void TestAuthenticationBasic::takesThePasswordFromANamedValue() {
    model::DiagnosticList diagnostics;
    const auto pipeline = compileWithNames(
        inSection("inbound",
                  R"(<authentication-basic username="{{user}}" password="{{backend-password}}"/>)"),
        {{"user", "svc"}, {"backend-password", "s3cr3t:with colon"}}, diagnostics);
    QVERIFY2(pipeline, qPrintable(describe(diagnostics)));
    MemoryContext context;
    runPipeline(*pipeline, context);
    // base64("svc:s3cr3t:with colon"): only the user name cannot hold a colon.
    QCOMPARE(header(context.request, "Authorization"),
             std::string("Basic c3ZjOnMzY3IzdDp3aXRoIGNvbG9u"));
}

void TestAuthenticationBasic::acceptsExpressions() {
    const auto pipeline = compiled(inSection(
        "inbound",
        R"~(<authentication-basic username="@(context.Request.Headers.GetValueOrDefault(&quot;X-User&quot;, &quot;anon&quot;))" password="@(&quot;p&quot; + &quot;w&quot;)"/>)~"));
    MemoryContext context;
    context.request.headers = {{"X-User", "bob"}};
    runPipeline(pipeline, context);
    QCOMPARE(header(context.request, "Authorization"), std::string("Basic Ym9iOnB3"));
}

void TestAuthenticationBasic::failsWhenAnExpressionGivesAUserNameWithAColon() {
    const auto pipeline = compiled(inSection(
        "inbound", R"~(<authentication-basic username="@(&quot;a:b&quot;)" password="p"/>)~"));
    MemoryContext context;
    runPipeline(pipeline, context);
    QVERIFY(!context.forwarded);
    QCOMPARE(context.status, 500);
    QVERIFY(context.lastError);
    QCOMPARE(context.lastError->source, std::string("authentication-basic"));
    QVERIFY(context.lastError->message.find("cannot contain ':'") != std::string::npos);
}

void TestAuthenticationBasic::refusesBadSettings_data() {
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("message");
    QTest::newRow("no username") << "inbound"_q
                                 << R"(<authentication-basic password="p"/>)"_q
                                 << "username"_q;
    QTest::newRow("no password") << "inbound"_q
                                 << R"(<authentication-basic username="u"/>)"_q
                                 << "password"_q;
    QTest::newRow("colon in username") << "inbound"_q
                                       << R"(<authentication-basic username="a:b" password="p"/>)"_q
                                       << "cannot contain ':'"_q;
    QTest::newRow("unknown attribute")
        << "inbound"_q
        << R"(<authentication-basic username="u" password="p" realm="r"/>)"_q
        << "realm"_q;
    QTest::newRow("outbound") << "outbound"_q
                              << R"(<authentication-basic username="u" password="p"/>)"_q
                              << "inbound"_q;
}

void TestAuthenticationBasic::refusesBadSettings() {
    QFETCH(QString, section);
    QFETCH(QString, policy);
    QFETCH(QString, message);
    model::DiagnosticList diagnostics;
    QVERIFY(!compileDocument(inSection(section.toStdString(), policy.toStdString()), diagnostics));
    QVERIFY2(describe(diagnostics).contains(message), qPrintable(describe(diagnostics)));
    QCOMPARE(diagnostics.items().front().where.line, 3);
}

QTEST_GUILESS_MAIN(TestAuthenticationBasic)
#include "test_authentication_basic.moc"
