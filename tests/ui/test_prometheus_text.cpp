#include "ui/gateway/metrics_sampler.h"
#include "ui/gateway/prometheus_text.h"

#include <QTest>

#include <cmath>

using namespace portico::ui;

namespace {

// What the gateway's /metrics serves, cut down: two status classes and a latency histogram.
QString gatewayText(int ok, int notFound, const QList<int>& cumulativeBuckets) {
    QString text = QStringLiteral(
        "# HELP portico_requests_total Requests answered, by API, operation and status class.\n"
        "# TYPE portico_requests_total counter\n");
    text += QStringLiteral("portico_requests_total{api=\"orders\",operation=\"get\",status_class="
                           "\"2xx\"} %1\n")
                .arg(ok);
    text +=
        QStringLiteral("portico_requests_total{api=\"\",operation=\"\",status_class=\"4xx\"} %1\n")
            .arg(notFound);
    text += QStringLiteral("# TYPE portico_request_duration_seconds histogram\n");
    const char* bounds[] = {"0.001", "0.01", "0.1", "+Inf"};
    for (int i = 0; i < cumulativeBuckets.size(); ++i)
        text += QStringLiteral("portico_request_duration_seconds_bucket{le=\"%1\"} %2\n")
                    .arg(QLatin1String(bounds[i]))
                    .arg(cumulativeBuckets[i]);
    text += QStringLiteral("portico_request_duration_seconds_count %1\n").arg(ok + notFound);
    return text;
}

} // namespace

class TestPrometheusText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsNamesLabelsAndValues() {
        const auto parsed = parsePrometheusText(
            QStringLiteral("# HELP x y\nportico_open_connections 3\n"
                           "portico_requests_total{api=\"a\",status_class=\"2xx\"} 12 1700000000\n"
                           "\n"));
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(parsed.samples.size(), 2);
        QCOMPARE(parsed.samples[0].name, QStringLiteral("portico_open_connections"));
        QCOMPARE(parsed.samples[0].value, 3.0);
        QCOMPARE(parsed.samples[1].labels.value(QStringLiteral("status_class")),
                 QStringLiteral("2xx"));
        QCOMPARE(parsed.samples[1].value, 12.0);
    }

    void unescapesLabelValues() {
        const auto parsed =
            parsePrometheusText(QStringLiteral("m{a=\"say \\\"hi\\\"\\\\n\",b=\"x\\ny\"} 1\n"));
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(parsed.samples[0].labels.value(QStringLiteral("a")),
                 QStringLiteral("say \"hi\"\\n"));
        QCOMPARE(parsed.samples[0].labels.value(QStringLiteral("b")), QStringLiteral("x\ny"));
    }

    void readsSpecialValues_data() {
        QTest::addColumn<QString>("value");
        QTest::addColumn<double>("expected");
        QTest::newRow("+Inf") << QStringLiteral("+Inf") << std::numeric_limits<double>::infinity();
        QTest::newRow("-Inf") << QStringLiteral("-Inf") << -std::numeric_limits<double>::infinity();
        QTest::newRow("exponent") << QStringLiteral("1.5e3") << 1500.0;
        QTest::newRow("negative") << QStringLiteral("-0.25") << -0.25;
    }
    void readsSpecialValues() {
        QFETCH(QString, value);
        QFETCH(double, expected);
        const auto parsed = parsePrometheusText(QStringLiteral("m ") + value);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(parsed.samples[0].value, expected);
    }

    void reportsMalformedLinesWithTheirPosition_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("no value") << QStringLiteral("ok 1\nm\n")
                                  << QStringLiteral("line 2, column 2: expected a space");
        QTest::newRow("bad number")
            << QStringLiteral("m 12x") << QStringLiteral("line 1, column 3: expected a number");
        QTest::newRow("unclosed labels")
            << QStringLiteral("m{a=\"1\" 2") << QStringLiteral("line 1, column 9: expected ','");
        QTest::newRow("unquoted label")
            << QStringLiteral("m{a=1} 2") << QStringLiteral("line 1, column 5: expected a quoted");
        QTest::newRow("unterminated value")
            << QStringLiteral("m{a=\"1} 2") << QStringLiteral("line 1, column 10: expected '\"'");
        QTest::newRow("name starts with digit")
            << QStringLiteral("1m 2") << QStringLiteral("line 1, column 1: expected a metric");
        QTest::newRow("bad escape") << QStringLiteral("m{a=\"\\t\"} 1")
                                    << QStringLiteral("line 1, column 7: expected \\\\");
        QTest::newRow("trailing text")
            << QStringLiteral("m 1 2 3") << QStringLiteral("line 1, column 7: expected the end");
    }
    void reportsMalformedLinesWithTheirPosition() {
        QFETCH(QString, text);
        QFETCH(QString, error);
        const auto parsed = parsePrometheusText(text);
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error.startsWith(error), qPrintable(parsed.error));
        QVERIFY(parsed.samples.isEmpty());
    }

    void sumsSamplesMatchingAFilter() {
        const auto parsed = parsePrometheusText(gatewayText(7, 3, {1, 5, 9, 10}));
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(sumSamples(parsed.samples, QStringLiteral("portico_requests_total")), 10.0);
        QCOMPARE(sumSamples(parsed.samples, QStringLiteral("portico_requests_total"),
                            [](const QMap<QString, QString>& labels) {
                                return labels.value(QStringLiteral("status_class")) ==
                                       QLatin1String("4xx");
                            }),
                 3.0);
    }

    void estimatesQuantilesFromBuckets_data() {
        QTest::addColumn<double>("q");
        QTest::addColumn<double>("expected");
        // 10 observations: 2 below 1 ms, 6 in (1, 10] ms, 2 in (10, 100] ms.
        QTest::newRow("p10 in the first bucket") << 0.1 << 0.0005;
        QTest::newRow("p50 inside the second") << 0.5 << 0.001 + 0.009 * 3.0 / 6.0;
        QTest::newRow("p80 at a bucket edge") << 0.8 << 0.01;
        QTest::newRow("p99 in the third") << 0.99 << 0.01 + 0.09 * 1.9 / 2.0;
    }
    void estimatesQuantilesFromBuckets() {
        QFETCH(double, q);
        QFETCH(double, expected);
        const QMap<double, double> buckets{
            {0.001, 2}, {0.01, 8}, {0.1, 10}, {std::numeric_limits<double>::infinity(), 10}};
        QVERIFY(std::abs(histogramQuantile(buckets, q) - expected) < 1e-9);
    }

    void quantileOfTheInfiniteBucketIsItsLowerBound() {
        const QMap<double, double> buckets{{0.1, 1}, {std::numeric_limits<double>::infinity(), 4}};
        QCOMPARE(histogramQuantile(buckets, 0.99), 0.1);
    }

    void quantileWithoutObservationsIsNegative() {
        QVERIFY(histogramQuantile({}, 0.5) < 0);
        QVERIFY(histogramQuantile({{0.1, 0}, {std::numeric_limits<double>::infinity(), 0}}, 0.5) <
                0);
    }

    void samplerTurnsCountersIntoRates() {
        MetricsSampler sampler;
        const auto first = parsePrometheusText(gatewayText(10, 0, {10, 10, 10, 10}));
        QVERIFY(!sampler.add(first.samples, 100.0).has_value());
        // Two seconds later: 6 more 2xx and 2 more 4xx, all between 1 and 10 ms.
        const auto second = parsePrometheusText(gatewayText(16, 2, {10, 18, 18, 18}));
        const auto point = sampler.add(second.samples, 102.0);
        QVERIFY(point.has_value());
        QCOMPARE(point->seconds, 2.0);
        QCOMPARE(point->requestsPerSecond, 4.0);
        QCOMPARE(point->statusClassesPerSecond.value(QStringLiteral("2xx")), 3.0);
        QCOMPARE(point->statusClassesPerSecond.value(QStringLiteral("4xx")), 1.0);
        // Latency from this interval only, not the ten fast requests before it.
        QVERIFY(point->p50Milliseconds > 1.0 && point->p50Milliseconds < 10.0);
        QVERIFY(point->p99Milliseconds > point->p50Milliseconds);
    }

    void samplerCountsThrottledRequests() {
        MetricsSampler sampler;
        auto text = [](int throttled) {
            return parsePrometheusText(
                       QStringLiteral("portico_throttled_requests_total{policy=\"rate-limit\","
                                      "api=\"orders\"} %1\n"
                                      "portico_throttled_requests_total{policy=\"quota\","
                                      "api=\"orders\"} 1\n")
                           .arg(throttled))
                .samples;
        };
        sampler.add(text(2), 10.0);
        const auto point = sampler.add(text(8), 12.0);
        QVERIFY(point.has_value());
        QCOMPARE(point->throttledPerSecond, 3.0);
    }

    void samplerHasNoLatencyForAnIdleInterval() {
        MetricsSampler sampler;
        const auto text = parsePrometheusText(gatewayText(5, 0, {5, 5, 5, 5}));
        sampler.add(text.samples, 1.0);
        const auto point = sampler.add(text.samples, 2.0);
        QVERIFY(point.has_value());
        QCOMPARE(point->requestsPerSecond, 0.0);
        QVERIFY(point->p50Milliseconds < 0);
    }

    void samplerStartsOverWhenCountersGoDown() {
        MetricsSampler sampler;
        sampler.add(parsePrometheusText(gatewayText(50, 0, {50, 50, 50, 50})).samples, 1.0);
        // The gateway restarted: counting from zero again is no negative rate.
        QVERIFY(!sampler.add(parsePrometheusText(gatewayText(1, 0, {1, 1, 1, 1})).samples, 2.0));
        const auto point =
            sampler.add(parsePrometheusText(gatewayText(3, 0, {3, 3, 3, 3})).samples, 3.0);
        QVERIFY(point.has_value());
        QCOMPARE(point->requestsPerSecond, 2.0);
    }
};

QTEST_GUILESS_MAIN(TestPrometheusText)
#include "test_prometheus_text.moc"
