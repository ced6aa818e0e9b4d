#include "core/gateway/metrics.h"

#include <QTest>

using portico::gateway::Metrics;

class TestThrottleMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void countsThrottledRequestsByPolicyAndApiAcrossShards() {
        Metrics metrics(4);
        metrics.recordThrottled(0, "rate-limit-by-key", "orders");
        metrics.recordThrottled(3, "rate-limit-by-key", "orders");
        metrics.recordThrottled(1, "quota", "orders");
        metrics.recordThrottled(2, "rate-limit", "say \"hi\"");
        const auto text = QString::fromStdString(metrics.prometheusText());
        QVERIFY(text.contains(QStringLiteral("# TYPE portico_throttled_requests_total counter\n")));
        QVERIFY(text.contains(QStringLiteral(
            "portico_throttled_requests_total{policy=\"rate-limit-by-key\",api=\"orders\"} 2\n")));
        QVERIFY(text.contains(QStringLiteral(
            "portico_throttled_requests_total{policy=\"quota\",api=\"orders\"} 1\n")));
        QVERIFY(text.contains(QStringLiteral(
            "portico_throttled_requests_total{policy=\"rate-limit\",api=\"say \\\"hi\\\"\"} 1\n")));
    }

    void exposesStoreFailures() {
        Metrics metrics(1);
        metrics.rateLimitStoreFailures += 7;
        const auto text = QString::fromStdString(metrics.prometheusText());
        QVERIFY(text.contains(QStringLiteral("portico_ratelimit_store_failures_total 7\n")));
    }
};

QTEST_GUILESS_MAIN(TestThrottleMetrics)
#include "test_throttle_metrics.moc"
