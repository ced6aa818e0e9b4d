#include "memory_context.h"
#include "policy_test_support.h"

#include "core/policy/custom_metrics.h"

#include <QtTest>

using namespace portico;
using namespace portico::policy;
using namespace portico::policy::test;

namespace {

void answer(MemoryContext& context) {
    context.resetResponse();
}

std::string metricsText() {
    return CustomMetrics::shared().prometheusText();
}

} // namespace

// emit-metric: APIM's custom metrics, summed per series on the Prometheus endpoint.
class TestEmitMetric : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sumsValuesPerSeriesWithDefaultAndExpressionDimensions();
    void valueDefaultsToOneAndNamespaceToApiManagement();
    void aValueThatIsNotANumberFailsThePolicy();
    void refusesBadDocumentsAtLoad_data();
    void refusesBadDocumentsAtLoad();
    void dropsNewSeriesPastTheCapAndCountsThem();
};

void TestEmitMetric::sumsValuesPerSeriesWithDefaultAndExpressionDimensions() {
    const auto pipeline = compiled(R"xml(<policies><inbound>
<emit-metric name="Sold" namespace="unit" value="@(context.Request.Headers.GetValueOrDefault(&quot;X-Items&quot;, &quot;0&quot;))">
  <dimension name="API ID"/>
  <dimension name="Tenant" value="@(context.Request.Headers.GetValueOrDefault(&quot;X-Tenant&quot;, &quot;none&quot;))"/>
</emit-metric></inbound></policies>)xml");
    for (const auto& [tenant, items] :
         {std::pair{"contoso", "2"}, std::pair{"contoso", "0.5"}, std::pair{"fabrikam", "1"}}) {
        MemoryContext context;
        context.facts.api = expr::ApiInfo{"orders", "Orders", "/orders", {}, {}};
        context.request.headers = {{"X-Items", items}, {"X-Tenant", tenant}};
        runPipeline(pipeline, context, answer);
        QCOMPARE(context.status, 200);
    }
    const auto text = metricsText();
    QVERIFY2(
        text.find("portico_custom_metric_sum{namespace=\"unit\",name=\"Sold\",api_id=\"orders\","
                  "tenant=\"contoso\"} 2.5\n") != std::string::npos,
        text.c_str());
    QVERIFY2(text.find("portico_custom_metric_count{namespace=\"unit\",name=\"Sold\",api_id="
                       "\"orders\",tenant=\"contoso\"} 2\n") != std::string::npos,
             text.c_str());
    QVERIFY2(text.find("tenant=\"fabrikam\"} 1\n") != std::string::npos, text.c_str());
}

void TestEmitMetric::valueDefaultsToOneAndNamespaceToApiManagement() {
    const auto pipeline = compiled(R"xml(<policies><inbound>
<emit-metric name="Calls"><dimension name="Subscription ID"/><dimension name="Label &quot;x&quot;" value="a&quot;b"/></emit-metric>
</inbound></policies>)xml");
    MemoryContext context;
    runPipeline(pipeline, context, answer);
    const auto text = metricsText();
    QVERIFY2(text.find("portico_custom_metric_sum{namespace=\"API Management\",name=\"Calls\","
                       "subscription_id=\"\",label_x_=\"a\\\"b\"} 1\n") != std::string::npos,
             text.c_str());
}

void TestEmitMetric::aValueThatIsNotANumberFailsThePolicy() {
    const auto pipeline = compiled(R"xml(<policies><inbound>
<emit-metric name="Broken" value="@(&quot;many&quot;)"><dimension name="API ID"/></emit-metric>
</inbound></policies>)xml");
    MemoryContext context;
    runPipeline(pipeline, context, answer);
    QCOMPARE(context.status, 500);
    QVERIFY(context.lastError);
    QVERIFY2(context.lastError->message.find("'many' is not a number") != std::string::npos,
             context.lastError->message.c_str());
    QVERIFY(metricsText().find("name=\"Broken\"") == std::string::npos);
}

void TestEmitMetric::refusesBadDocumentsAtLoad_data() {
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("message");
    QTest::newRow("name is required")
        << R"x(<emit-metric><dimension name="API ID"/></emit-metric>)x"_q
        << "name"_q;
    QTest::newRow("a dimension is required") << R"x(<emit-metric name="m"/>)x"_q
                                             << "dimension"_q;
    QTest::newRow("literal value not a number")
        << R"x(<emit-metric name="m" value="lots"><dimension name="API ID"/></emit-metric>)x"_q
        << "'lots' is not a number"_q;
    QTest::newRow("unknown default dimension")
        << R"x(<emit-metric name="m"><dimension name="Colour"/></emit-metric>)x"_q
        << "needs a value"_q;
    QTest::newRow("dimension clashes with the metric's labels")
        << R"x(<emit-metric name="m"><dimension name="Name" value="x"/></emit-metric>)x"_q
        << "clash"_q;
    QTest::newRow("same dimension twice")
        << R"x(<emit-metric name="m"><dimension name="API ID"/><dimension name="api id" value="x"/></emit-metric>)x"_q
        << "appears twice"_q;
    QTest::newRow("name takes no expression")
        << R"x(<emit-metric name="@(&quot;m&quot;)"><dimension name="API ID"/></emit-metric>)x"_q
        << "expression"_q;
    QString eleven;
    for (int i = 0; i < 11; ++i)
        eleven += QStringLiteral("<dimension name=\"d%1\" value=\"v\"/>").arg(i);
    QTest::newRow("more than ten dimensions")
        << QStringLiteral("<emit-metric name=\"m\">%1</emit-metric>").arg(eleven)
        << "at most 10 dimensions"_q;
}

void TestEmitMetric::refusesBadDocumentsAtLoad() {
    QFETCH(QString, policy);
    QFETCH(QString, message);
    model::DiagnosticList diagnostics;
    const auto pipeline = compileDocument(inSection("inbound", policy.toStdString()), diagnostics);
    QVERIFY(!pipeline);
    QVERIFY2(describe(diagnostics).contains(message), qPrintable(describe(diagnostics)));
}

void TestEmitMetric::dropsNewSeriesPastTheCapAndCountsThem() {
    CustomMetrics metrics;
    for (std::size_t i = 0; i < CustomMetrics::kMaxSeries + 3; ++i)
        metrics.add("ns", "flood", {{"client_ip", std::to_string(i)}}, 1);
    metrics.add("ns", "flood", {{"client_ip", "0"}}, 1); // an existing series still counts
    QCOMPARE(metrics.droppedSeries(), std::uint64_t(3));
    const auto text = metrics.prometheusText();
    QVERIFY(
        text.find("portico_custom_metric_count{namespace=\"ns\",name=\"flood\",client_ip=\"0\"} "
                  "2\n") != std::string::npos);
    QVERIFY(text.find("portico_custom_metric_series_dropped_total 3\n") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestEmitMetric)
#include "test_emit_metric.moc"
