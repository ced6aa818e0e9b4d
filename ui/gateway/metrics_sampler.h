#pragma once

#include "ui/gateway/prometheus_text.h"

#include <QMap>
#include <QString>

#include <optional>

namespace portico::ui {

// One point of the live charts, computed from two consecutive /metrics scrapes.
struct MetricsPoint {
    double seconds = 0; // time of the later scrape since the first one
    double requestsPerSecond = 0;
    double p50Milliseconds = -1; // negative when no request finished in the interval
    double p99Milliseconds = -1;
    QMap<QString, double> statusClassesPerSecond; // "2xx" -> rate
    double throttledPerSecond = 0;                // refused by rate-limit and quota policies
};

// Turns cumulative gateway counters into rates over the interval between scrapes. Counters that
// go down (the gateway restarted) start a new baseline instead of producing negative rates.
class MetricsSampler {
public:
    // Returns a point from the second scrape on; `atSeconds` is a monotonic time.
    std::optional<MetricsPoint> add(const QList<MetricSample>& samples, double atSeconds);
    void reset();

    static const QString kRequestsTotal;
    static const QString kDuration;
    static const QString kThrottledTotal;

private:
    struct Totals {
        double at = 0;
        double requests = 0;
        double throttled = 0;
        QMap<QString, double> byStatusClass;
        QMap<double, double> buckets;
    };
    std::optional<Totals> m_previous;
    std::optional<double> m_start;
};

} // namespace portico::ui
