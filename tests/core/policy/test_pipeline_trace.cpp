#include "memory_context.h"
#include "policy_test_support.h"

#include "core/policy/pipeline_trace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace portico;
using namespace portico::policy;
using namespace portico::policy::test;

namespace {

// Global, API and operation documents merged as the gateway merges them.
CompiledPipeline multiScopePipeline() {
    model::DiagnosticList diagnostics;
    const auto global = parse(R"xml(<policies>
<inbound><set-variable name="tier" value="gold"/></inbound>
<backend><forward-request/></backend>
<outbound/>
</policies>)xml",
                              diagnostics, Scope::Global, "global.xml");
    const auto api = parse(R"xml(<policies>
<inbound><base/><choose><when condition="@(context.Variables[&quot;tier&quot;] == &quot;gold&quot;)"><set-header name="X-Lane" exists-action="override"><value>fast</value></set-header></when></choose></inbound>
<backend><base/></backend>
<outbound><base/></outbound>
</policies>)xml",
                           diagnostics, Scope::Api, "api.xml");
    const auto operation = parse(R"xml(<policies>
<inbound><base/><set-variable name="secret-echo" value="{{password}}"/><set-variable name="n" value="@(40 + 2)"/></inbound>
<backend><base/></backend>
<outbound><base/><set-status code="201"/></outbound>
</policies>)xml",
                                 diagnostics, Scope::Operation, "operation.xml");
    if (!global || !api || !operation || diagnostics.hasErrors())
        qFatal("did not parse: %s", qPrintable(describe(diagnostics)));
    const auto merged = mergeScopes({&*global, nullptr, &*api, &*operation}, {}, diagnostics);
    const auto namedValue = [](std::string_view name) -> std::optional<std::string> {
        if (name == "password")
            return std::string("hunter2-secret");
        return std::nullopt;
    };
    auto pipeline = compilePipeline(merged, namedValue, diagnostics);
    if (!pipeline)
        qFatal("did not compile: %s", qPrintable(describe(diagnostics)));
    return std::move(*pipeline);
}

QJsonObject traced(const std::vector<std::string>& mask) {
    const auto pipeline = multiScopePipeline();
    MemoryContext context;
    PipelineTrace trace;
    runPipeline(
        pipeline, context, [](MemoryContext& c) { c.resetResponse(); }, &trace);
    trace.message("audit", "information", "seen hunter2-secret");
    return QJsonDocument::fromJson(QByteArray::fromStdString(trace.toJson("req-9", mask))).object();
}

} // namespace

// What a trace shows of a request: every policy run with section, scope, place and outcome, the
// variables each set, the <trace> messages, and no secret.
class TestPipelineTrace : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void recordsEveryPolicyWithItsSectionScopeAndOutcome();
    void recordsTheVariablesEachPolicySet();
    void masksSecretsEverywhere();
};

void TestPipelineTrace::recordsEveryPolicyWithItsSectionScopeAndOutcome() {
    const auto json = traced({});
    QCOMPARE(json.value(QStringLiteral("requestId")).toString(), QStringLiteral("req-9"));
    QStringList seen;
    for (const auto& value : json.value(QStringLiteral("policies")).toArray()) {
        const auto entry = value.toObject();
        seen << entry.value(QStringLiteral("section")).toString() + QLatin1Char(' ') +
                    entry.value(QStringLiteral("policy")).toString() + QLatin1Char(' ') +
                    entry.value(QStringLiteral("scope")).toString() + QLatin1Char(' ') +
                    entry.value(QStringLiteral("outcome")).toString();
        QVERIFY(entry.value(QStringLiteral("elapsedMicroseconds")).toDouble() >= 0);
        QVERIFY(entry.value(QStringLiteral("location")).toString().contains(QLatin1Char(':')));
    }
    const QStringList expected{
        QStringLiteral("inbound set-variable global continue"),
        QStringLiteral("inbound choose api enter"),
        QStringLiteral("inbound set-header api continue"),
        QStringLiteral("inbound set-variable operation continue"),
        QStringLiteral("inbound set-variable operation continue"),
        QStringLiteral("backend forward-request global await"),
        QStringLiteral("backend forward-request global continue"),
        QStringLiteral("outbound set-status operation continue"),
    };
    QCOMPARE(seen, expected);
}

void TestPipelineTrace::recordsTheVariablesEachPolicySet() {
    const auto json = traced({});
    QMap<QString, QString> variables;
    for (const auto& value : json.value(QStringLiteral("policies")).toArray()) {
        const auto set = value.toObject().value(QStringLiteral("variablesSet")).toObject();
        for (auto it = set.begin(); it != set.end(); ++it)
            variables[it.key()] = it.value().toString();
    }
    QCOMPARE(variables.value(QStringLiteral("tier")), QStringLiteral("gold"));
    QCOMPARE(variables.value(QStringLiteral("n")), QStringLiteral("42"));
    // Policies that set nothing carry no variablesSet at all.
    const auto first = json.value(QStringLiteral("policies")).toArray().at(1).toObject();
    QVERIFY(!first.contains(QStringLiteral("variablesSet")));
}

void TestPipelineTrace::masksSecretsEverywhere() {
    const auto json = traced({"hunter2-secret"});
    const QByteArray text = QJsonDocument(json).toJson(QJsonDocument::Compact);
    QVERIFY2(!text.contains("hunter2"), text.constData());
    QVERIFY2(text.contains("\"secret-echo\":\"***\""), text.constData());
    QVERIFY2(text.contains("seen ***"), text.constData());
}

QTEST_GUILESS_MAIN(TestPipelineTrace)
#include "test_pipeline_trace.moc"
