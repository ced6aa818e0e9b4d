#include "memory_context.h"
#include "policy_test_support.h"

#include "core/model/workspace.h"
#include "core/policy/workspace_pipelines.h"

#include <QtTest>

using namespace portico;
using namespace portico::policy;
using namespace portico::policy::test;

// log-to-eventhub hands its message to the host and lets the call go on (TestGatewayEventHub
// covers the gateway sending it to Event Hubs).
class TestLogToEventHub : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void logsTheMessageAndGoesOn();
    void keysThePartitionWithAnExpression();
    void sendsToAPartitionByIndex();
    void truncatesTo200KiBWithoutSplittingACharacter();
    void failsWhenTheMessageExpressionFails();
    void refusesBadSettings_data();
    void refusesBadSettings();
    void refusesALoggerTheWorkspaceDoesNotHave();
};

void TestLogToEventHub::logsTheMessageAndGoesOn() {
    const auto pipeline = compiled(inSection(
        "outbound",
        R"~(<log-to-eventhub logger-id="audit">@(context.Request.Method + " " + context.Response.StatusCode)</log-to-eventhub>)~"));
    MemoryContext context;
    context.requestMethod = "DELETE";
    context.status = 204;
    runPipeline(pipeline, context);
    QCOMPARE(context.status, 204);
    QCOMPARE(context.loggedEvents.size(), std::size_t(1));
    const auto& event = context.loggedEvents[0];
    QCOMPARE(event.loggerId, std::string("audit"));
    QCOMPARE(event.message, std::string("DELETE 204"));
    QVERIFY(!event.partitionId);
    QCOMPARE(event.partitionKey, std::string());
}

void TestLogToEventHub::keysThePartitionWithAnExpression() {
    const auto pipeline = compiled(inSection(
        "inbound",
        R"~(<log-to-eventhub logger-id="audit" partition-key="@(context.Request.Headers.GetValueOrDefault(&quot;X-Tenant&quot;, &quot;none&quot;))">plain text</log-to-eventhub>)~"));
    MemoryContext context;
    context.request.headers = {{"X-Tenant", "contoso"}};
    runPipeline(pipeline, context);
    QVERIFY(context.forwarded);
    QCOMPARE(context.loggedEvents.size(), std::size_t(1));
    QCOMPARE(context.loggedEvents[0].partitionKey, std::string("contoso"));
    QCOMPARE(context.loggedEvents[0].message, std::string("plain text"));
}

void TestLogToEventHub::sendsToAPartitionByIndex() {
    const auto pipeline = compiled(inSection(
        "on-error",
        R"(<log-to-eventhub logger-id="audit" partition-id="3">failed</log-to-eventhub>)"));
    MemoryContext context;
    context.forwardFailure =
        PolicyError{"forward-request", "BackendConnectionFailure", "x", {}, 502};
    runPipeline(pipeline, context);
    QCOMPARE(context.loggedEvents.size(), std::size_t(1));
    QCOMPARE(context.loggedEvents[0].partitionId, std::optional<int>(3));
}

void TestLogToEventHub::truncatesTo200KiBWithoutSplittingACharacter() {
    // 'é' is two bytes: after "a", the 200 KiB limit falls in the middle of one, which is left
    // out whole.
    const auto pipeline = compiled(inSection(
        "inbound",
        R"~(<log-to-eventhub logger-id="audit">@(context.Request.Body.As<string>())</log-to-eventhub>)~"));
    MemoryContext context;
    context.requestMethod = "POST";
    context.request.body = "a";
    for (int i = 0; i < 150000; ++i)
        context.request.body += "\xC3\xA9";
    runPipeline(pipeline, context);
    QCOMPARE(context.loggedEvents.size(), std::size_t(1));
    const auto& message = context.loggedEvents[0].message;
    QCOMPARE(message.size(), std::size_t(200 * 1024 - 1));
    QCOMPARE(message.substr(message.size() - 2), std::string("\xC3\xA9"));
}

void TestLogToEventHub::failsWhenTheMessageExpressionFails() {
    const auto pipeline = compiled(inSection(
        "inbound",
        R"~(<log-to-eventhub logger-id="audit">@(((string)context.Variables["missing"]).Length.ToString())</log-to-eventhub>)~"));
    MemoryContext context;
    runPipeline(pipeline, context);
    QVERIFY(context.loggedEvents.empty());
    QVERIFY(!context.forwarded);
    QVERIFY(context.lastError);
    QCOMPARE(context.lastError->source, std::string("log-to-eventhub"));
}

void TestLogToEventHub::refusesBadSettings_data() {
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("message");
    QTest::newRow("no logger") << R"(<log-to-eventhub>x</log-to-eventhub>)"_q
                               << "logger-id"_q;
    QTest::newRow("partition id and key")
        << R"(<log-to-eventhub logger-id="a" partition-id="1" partition-key="k">x</log-to-eventhub>)"_q
        << "takes 'partition-id' or 'partition-key', not both"_q;
    QTest::newRow("partition id not a number")
        << R"(<log-to-eventhub logger-id="a" partition-id="first">x</log-to-eventhub>)"_q
        << "partition-id"_q;
    QTest::newRow("partition id out of range")
        << R"(<log-to-eventhub logger-id="a" partition-id="5000">x</log-to-eventhub>)"_q
        << "a partition index, 0 to 1023"_q;
    QTest::newRow("logger id as an expression")
        << R"~(<log-to-eventhub logger-id="@(&quot;a&quot;)">x</log-to-eventhub>)~"_q
        << "logger-id"_q;
    QTest::newRow("partition id as an expression")
        << R"~(<log-to-eventhub logger-id="a" partition-id="@(1)">x</log-to-eventhub>)~"_q
        << "does not accept policy expressions"_q;
}

void TestLogToEventHub::refusesBadSettings() {
    QFETCH(QString, policy);
    QFETCH(QString, message);
    model::DiagnosticList diagnostics;
    QVERIFY(!compileDocument(inSection("inbound", policy.toStdString()), diagnostics));
    QVERIFY2(describe(diagnostics).contains(message), qPrintable(describe(diagnostics)));
}

void TestLogToEventHub::refusesALoggerTheWorkspaceDoesNotHave() {
    model::Workspace ws;
    model::Logger logger;
    logger.id = "audit";
    logger.connectionString = "env:AUDIT_HUB";
    ws.loggers.push_back(logger);
    model::Api api;
    api.id = "orders";
    api.policyXml = inSection("inbound", R"(<log-to-eventhub logger-id="audit">a</log-to-eventhub>
<log-to-eventhub logger-id="billing">b</log-to-eventhub>)");
    ws.apis.push_back(api);
    model::DiagnosticList diagnostics;
    compileWorkspacePipelines(ws, {}, diagnostics);
    QCOMPARE(diagnostics.errorCount(), std::size_t(1));
    QVERIFY2(describe(diagnostics)
                 .contains("apis/orders/policy.xml:4:29: error: PT3203 <log-to-eventhub> names "
                           "logger 'billing', which "
                           "the workspace does not have (loggers/<id>.yaml)"_q),
             qPrintable(describe(diagnostics)));
}

QTEST_GUILESS_MAIN(TestLogToEventHub)
#include "test_log_to_eventhub.moc"
