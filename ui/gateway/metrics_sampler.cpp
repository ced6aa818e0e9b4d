#include "ui/gateway/metrics_sampler.h"

#include <algorithm>
#include <utility>

namespace portico::ui {

const QString MetricsSampler::kRequestsTotal = QStringLiteral("portico_requests_total");
const QString MetricsSampler::kDuration = QStringLiteral("portico_request_duration_seconds");
const QString MetricsSampler::kThrottledTotal = QStringLiteral("portico_throttled_requests_total");

std::optional<MetricsPoint> MetricsSampler::add(const QList<MetricSample>& samples,
                                                double atSeconds) {
    Totals now;
    now.at = atSeconds;
    for (const MetricSample& s : samples)
        if (s.name == kRequestsTotal) {
            now.requests += s.value;
            now.byStatusClass[s.labels.value(QStringLiteral("status_class"))] += s.value;
        }
    now.buckets = histogramBuckets(samples, kDuration);
    now.throttled = sumSamples(samples, kThrottledTotal);
    if (!m_start)
        m_start = atSeconds;

    const std::optional<Totals> previous = std::exchange(m_previous, now);
    if (!previous || now.at <= previous->at || now.requests < previous->requests)
        return std::nullopt;

    const double interval = now.at - previous->at;
    MetricsPoint point;
    point.seconds = now.at - *m_start;
    point.requestsPerSecond = (now.requests - previous->requests) / interval;
    point.throttledPerSecond = std::max(0.0, now.throttled - previous->throttled) / interval;
    for (auto it = now.byStatusClass.cbegin(); it != now.byStatusClass.cend(); ++it)
        point.statusClassesPerSecond[it.key()] =
            (it.value() - previous->byStatusClass.value(it.key())) / interval;

    // Latency of the requests finished in this interval only: bucket differences.
    QMap<double, double> delta;
    for (auto it = now.buckets.cbegin(); it != now.buckets.cend(); ++it)
        delta[it.key()] = it.value() - previous->buckets.value(it.key());
    const double p50 = histogramQuantile(delta, 0.5);
    const double p99 = histogramQuantile(delta, 0.99);
    point.p50Milliseconds = p50 < 0 ? -1 : p50 * 1000;
    point.p99Milliseconds = p99 < 0 ? -1 : p99 * 1000;
    return point;
}

void MetricsSampler::reset() {
    m_previous.reset();
    m_start.reset();
}

} // namespace portico::ui
