#include "memory_context.h"
#include "policy_test_support.h"

#include "core/policy/policy_compiler.h"
#include "core/policy/scope_merge.h"

#include <QtTest>

using namespace portico;
using namespace portico::policy;
using namespace portico::policy::test;

namespace {

void answerOk(MemoryContext& context) {
    context.resetResponse();
    context.response.body = "from backend";
}

std::string header(const MemoryContext::Message& message, std::string_view name) {
    for (const auto& [n, v] : message.headers) {
        if (MemoryContext::sameName(n, name))
            return v;
    }
    return {};
}

} // namespace

class TestPipelineRun : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void forwardsImplicitlyWhenNoScopeHasBackendPolicies();
    void failureRunsOnErrorWithLastErrorAndSkipsOutbound();
    void onErrorCanReplaceTheDefaultErrorResponse();
    void failureInsideOnErrorEndsTheRequest();
    void returnResponseSkipsTheBackend();
    void chooseRunsTheFirstBranchWhoseConditionHolds_data();
    void chooseRunsTheFirstBranchWhoseConditionHolds();
    void retryRepeatsAFailedForwardWithGrowingWaits();
    void retryStopsWhenTheConditionTurnsFalse();
    void retrySettingsTakeExpressions();
    void retryStopsWhenASettingExpressionLeavesItsRange();
    void aFailureAnInnerRetryDeclinesReachesTheOuterRetry();
    void setVariableKeepsTheExpressionsType();
    void aFailingExpressionBecomesLastError();
    void expressionInAnAttributeWithoutExpressionsIsRefusedAtItsPosition();
    void expressionSyntaxErrorsAreReportedWithLineAndColumn();
    void namedValuesAreSubstitutedBeforeAnExpressionCompiles();
};

void TestPipelineRun::forwardsImplicitlyWhenNoScopeHasBackendPolicies() {
    const auto pipeline = compiled(R"xml(<policies>
<inbound><set-header name="X-In" exists-action="override"><value>1</value></set-header></inbound>
<outbound><set-header name="X-Out" exists-action="override"><value>2</value></set-header></outbound>
</policies>)xml");
    MemoryContext context;
    runPipeline(pipeline, context, answerOk);
    QVERIFY(context.forwarded);
    QCOMPARE(header(context.request, "X-In"), std::string("1"));
    QCOMPARE(context.response.body, std::string("from backend"));
    QCOMPARE(header(context.response, "X-Out"), std::string("2"));
}

void TestPipelineRun::failureRunsOnErrorWithLastErrorAndSkipsOutbound() {
    const auto pipeline = compiled(R"xml(<policies>
<inbound><check-header name="X-Key" failed-check-httpcode="401" failed-check-error-message="key missing" ignore-case="true" id="needs-key"/></inbound>
<outbound><set-header name="X-Out" exists-action="override"><value>2</value></set-header></outbound>
<on-error><set-header name="X-Error-Source" exists-action="override"><value>@(context.LastError.Source + "/" + context.LastError.PolicyId + "/" + context.LastError.Section)</value></set-header></on-error>
</policies>)xml");
    MemoryContext context;
    runPipeline(pipeline, context, answerOk);
    QVERIFY(!context.forwarded);
    QCOMPARE(context.status, 401);
    QCOMPARE(context.response.body,
             std::string(R"xml({"statusCode":401,"message":"key missing"})xml"));
    QCOMPARE(header(context.response, "X-Error-Source"),
             std::string("check-header/needs-key/inbound"));
    QCOMPARE(header(context.response, "X-Out"), std::string());
}

void TestPipelineRun::onErrorCanReplaceTheDefaultErrorResponse() {
    const auto pipeline = compiled(R"xml(<policies>
<inbound><check-header name="X-Key" failed-check-httpcode="401" failed-check-error-message="key missing" ignore-case="true"/></inbound>
<on-error><return-response><set-status code="418" reason="Teapot"/><set-body>custom</set-body></return-response></on-error>
</policies>)xml");
    MemoryContext context;
    runPipeline(pipeline, context, answerOk);
    QCOMPARE(context.status, 418);
    QCOMPARE(context.response.body, std::string("custom"));
}

void TestPipelineRun::failureInsideOnErrorEndsTheRequest() {
    const auto pipeline = compiled(R"xml(<policies>
<inbound><check-header name="X-Key" failed-check-httpcode="401" failed-check-error-message="key missing" ignore-case="true"/></inbound>
<on-error><set-variable name="broken" value="@(int.Parse(&quot;x&quot;))"/><set-header name="X-After" exists-action="override"><value>1</value></set-header></on-error>
</policies>)xml");
    MemoryContext context;
    runPipeline(pipeline, context, answerOk);
    QCOMPARE(context.status, 500);
    QVERIFY(context.response.body.find("Expression evaluation failed.") != std::string::npos);
    QCOMPARE(header(context.response, "X-After"), std::string());
}

void TestPipelineRun::returnResponseSkipsTheBackend() {
    const auto pipeline = compiled(R"xml(<policies>
<inbound><return-response><set-status code="202" reason="Accepted"/></return-response></inbound>
<outbound><set-header name="X-Out" exists-action="override"><value>2</value></set-header></outbound>
</policies>)xml");
    MemoryContext context;
    runPipeline(pipeline, context, answerOk);
    QVERIFY(!context.forwarded);
    QCOMPARE(context.status, 202);
    QCOMPARE(header(context.response, "X-Out"), std::string());
}

void TestPipelineRun::chooseRunsTheFirstBranchWhoseConditionHolds_data() {
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("expected");
    QTest::newRow("first") << "a"_q
                           << "first"_q;
    QTest::newRow("second") << "b"_q
                            << "second"_q;
    QTest::newRow("otherwise") << "c"_q
                               << "otherwise"_q;
}

void TestPipelineRun::chooseRunsTheFirstBranchWhoseConditionHolds() {
    QFETCH(QString, mode);
    QFETCH(QString, expected);
    const auto pipeline = compiled(R"xml(<policies>
<inbound><choose>
  <when condition="@(context.Request.Headers.GetValueOrDefault(&quot;X-Mode&quot;, &quot;&quot;) == &quot;a&quot;)"><set-variable name="branch" value="first"/></when>
  <when condition="@(context.Request.Headers.GetValueOrDefault(&quot;X-Mode&quot;, &quot;&quot;) != &quot;c&quot;)"><set-variable name="branch" value="second"/></when>
  <otherwise><set-variable name="branch" value="otherwise"/></otherwise>
</choose></inbound>
</policies>)xml");
    MemoryContext context;
    context.request.headers = {{"X-Mode", mode.toStdString()}};
    runPipeline(pipeline, context, answerOk);
    QCOMPARE(QString::fromStdString(context.variableText("branch")), expected);
}

void TestPipelineRun::retryRepeatsAFailedForwardWithGrowingWaits() {
    const auto pipeline = compiled(R"xml(<policies>
<backend><retry condition="@(context.LastError != null || context.Response.StatusCode >= 500)" count="4" interval="1" delta="1" max-interval="3">
  <forward-request/>
</retry></backend>
</policies>)xml");
    MemoryContext context;
    int calls = 0;
    context.forwardFailure = PolicyError{"", "BackendConnectionFailure", "refused", "", 502};
    runPipeline(pipeline, context, [&](MemoryContext&) { ++calls; });
    // One pass and four retries, all failing; waits 1, 2, 3 (capped), 3 seconds.
    QCOMPARE(context.delays.size(), std::size_t(4));
    QCOMPARE(context.delays[0].count(), 1000);
    QCOMPARE(context.delays[1].count(), 2000);
    QCOMPARE(context.delays[2].count(), 3000);
    QCOMPARE(context.delays[3].count(), 3000);
    QCOMPARE(context.status, 502);
}

void TestPipelineRun::retryStopsWhenTheConditionTurnsFalse() {
    const auto pipeline = compiled(R"xml(<policies>
<backend><retry condition="@(context.Response.StatusCode == 503)" count="3" interval="2" first-fast-retry="true">
  <forward-request/>
</retry></backend>
</policies>)xml");
    MemoryContext context;
    int calls = 0;
    runPipeline(pipeline, context, [&](MemoryContext& c) {
        ++calls;
        c.resetResponse();
        c.status = calls < 3 ? 503 : 200;
    });
    QCOMPARE(calls, 3);
    QCOMPARE(context.status, 200);
    QCOMPARE(context.delays.size(), std::size_t(1)); // the first retry is fast
    QCOMPARE(context.delays[0].count(), 2000);
}

void TestPipelineRun::retrySettingsTakeExpressions() {
    const auto pipeline = compiled(R"xml(<policies>
<inbound><set-variable name="attempts" value="@(2)"/></inbound>
<backend><retry condition="@(context.Response.StatusCode == 503)" count="@((int)context.Variables[&quot;attempts&quot;])" interval="@(1 + 1)" delta="@(3)" first-fast-retry="@(false)">
  <forward-request/>
</retry></backend>
</policies>)xml");
    MemoryContext context;
    int calls = 0;
    runPipeline(pipeline, context, [&](MemoryContext& c) {
        ++calls;
        c.resetResponse();
        c.status = 503;
    });
    // One pass and the two retries the variable allows, waiting 2 then 2 + 3 seconds.
    QCOMPARE(calls, 3);
    QCOMPARE(context.delays.size(), std::size_t(2));
    QCOMPARE(context.delays[0].count(), 2000);
    QCOMPARE(context.delays[1].count(), 5000);
}

void TestPipelineRun::retryStopsWhenASettingExpressionLeavesItsRange() {
    const auto pipeline = compiled(R"xml(<policies>
<backend><retry condition="@(true)" count="@(51)" interval="1">
  <forward-request/>
</retry></backend>
</policies>)xml");
    MemoryContext context;
    int calls = 0;
    runPipeline(pipeline, context, [&](MemoryContext& c) {
        ++calls;
        c.resetResponse();
        c.status = 503;
    });
    QCOMPARE(calls, 1); // APIM's count is 1..50: no retry rather than a runaway loop
    QVERIFY(context.delays.empty());
}

void TestPipelineRun::aFailureAnInnerRetryDeclinesReachesTheOuterRetry() {
    const auto pipeline = compiled(R"xml(<policies>
<backend><retry condition="@(true)" count="1" interval="1">
  <retry condition="@(false)" count="1" interval="0"><forward-request/></retry>
</retry></backend>
</policies>)xml");
    MemoryContext context;
    context.forwardFailure = PolicyError{"", "BackendConnectionFailure", "refused", "", 502};
    runPipeline(pipeline, context, answerOk);
    // The inner retry gives up at once; the outer one waits a second and runs it all once more.
    QCOMPARE(context.delays.size(), std::size_t(1));
    QCOMPARE(context.delays[0].count(), 1000);
    QCOMPARE(context.status, 502);
}

void TestPipelineRun::setVariableKeepsTheExpressionsType() {
    const auto pipeline = compiled(R"xml(<policies>
<inbound>
  <set-variable name="n" value="@(40 + 2)"/>
  <set-variable name="twice" value="@((int)context.Variables[&quot;n&quot;] * 2)"/>
</inbound>
</policies>)xml");
    MemoryContext context;
    runPipeline(pipeline, context, answerOk);
    QCOMPARE(context.variable("n")->type(), expr::Ty::Int);
    QCOMPARE(context.variableText("twice"), std::string("84"));
}

void TestPipelineRun::aFailingExpressionBecomesLastError() {
    const auto pipeline = compiled(R"xml(<policies>
<inbound><set-variable name="n" value="@(int.Parse(&quot;nope&quot;))" id="parse"/></inbound>
<on-error><set-header name="X-Reason" exists-action="override"><value>@(context.LastError.Reason)</value></set-header></on-error>
</policies>)xml");
    MemoryContext context;
    runPipeline(pipeline, context, answerOk);
    QCOMPARE(context.status, 500);
    QCOMPARE(header(context.response, "X-Reason"), std::string("ExpressionValueEvaluationFailure"));
    QVERIFY(context.response.body.find("Expression evaluation failed.") != std::string::npos);
}

void TestPipelineRun::expressionInAnAttributeWithoutExpressionsIsRefusedAtItsPosition() {
    model::DiagnosticList diagnostics;
    QVERIFY(!compileDocument(
        inSection("inbound", R"xml(<set-variable name="@(&quot;x&quot;)" value="1"/>)xml"),
        diagnostics));
    QVERIFY(diagnostics.hasErrors());
    const auto& d = diagnostics.items().front();
    QCOMPARE(QString::fromStdString(d.code), "PT3401"_q);
    QCOMPARE(d.where.line, 3);
    QVERIFY(d.message.find("attribute 'name' of <set-variable>") != std::string::npos);
}

void TestPipelineRun::expressionSyntaxErrorsAreReportedWithLineAndColumn() {
    model::DiagnosticList diagnostics;
    QVERIFY(!compileDocument(
        inSection("inbound", R"xml(<set-variable name="x" value="@(1 +)"/>)xml"), diagnostics));
    QVERIFY(diagnostics.hasErrors());
    const auto& d = diagnostics.items().front();
    QCOMPARE(QString::fromStdString(d.code), "PT3403"_q);
    QCOMPARE(d.where.line, 3);
    QVERIFY(d.where.column > 1);
}

void TestPipelineRun::namedValuesAreSubstitutedBeforeAnExpressionCompiles() {
    model::DiagnosticList diagnostics;
    auto parsed =
        parse(inSection("inbound", R"xml(<set-variable name="x" value="@({{factor}} * 2)"/>)xml"),
              diagnostics);
    QVERIFY2(parsed && !diagnostics.hasErrors(), qPrintable(describe(diagnostics)));
    const auto merged = mergeScopes({nullptr, nullptr, &*parsed, nullptr}, {}, diagnostics);
    const NamedValueLookup lookup = [](std::string_view name) -> std::optional<std::string> {
        if (name == "factor")
            return "21";
        return std::nullopt;
    };
    auto pipeline = compilePipeline(merged, lookup, diagnostics);
    QVERIFY2(pipeline, qPrintable(describe(diagnostics)));
    MemoryContext context;
    runPipeline(*pipeline, context, answerOk);
    QCOMPARE(context.variableText("x"), std::string("42"));
}

QTEST_GUILESS_MAIN(TestPipelineRun)
#include "test_pipeline_run.moc"
