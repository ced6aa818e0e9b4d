#pragma once

#include <QList>
#include <QMap>
#include <QString>

#include <functional>

namespace portico::ui {

// One sample of the Prometheus text exposition format (version 0.0.4).
struct MetricSample {
    QString name;
    QMap<QString, QString> labels;
    double value = 0;
};

struct PrometheusParse {
    QList<MetricSample> samples;
    QString error; // "line N, column M: what was expected", empty on success
    bool ok() const { return error.isEmpty(); }
};

// Parses the text that the gateway's /metrics endpoint serves. Comments (# HELP, # TYPE) are
// skipped; a malformed line stops the parse with its position.
PrometheusParse parsePrometheusText(const QString& text);

// Sum of every sample named `name` whose labels satisfy `filter` (all samples when null).
double sumSamples(const QList<MetricSample>& samples, const QString& name,
                  const std::function<bool(const QMap<QString, QString>&)>& filter = {});

// Cumulative histogram buckets (upper bound -> count) of the family `<name>_bucket`.
QMap<double, double> histogramBuckets(const QList<MetricSample>& samples, const QString& name);

// Estimates the q-quantile (0..1) from cumulative buckets the way Prometheus'
// histogram_quantile() does: linear inside the bucket, the lower bound of +Inf's bucket when the
// rank falls there. Returns a negative number when there are no observations.
double histogramQuantile(const QMap<double, double>& cumulativeBuckets, double q);

} // namespace portico::ui
