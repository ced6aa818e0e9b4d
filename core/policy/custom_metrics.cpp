#include "core/policy/custom_metrics.h"

#include "core/text/prometheus_label.h"

#include <cstdio>

namespace portico::policy {

namespace {

std::string number(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

} // namespace

CustomMetrics& CustomMetrics::shared() {
    static CustomMetrics metrics;
    return metrics;
}

void CustomMetrics::add(std::string_view metricNamespace, std::string_view name,
                        const Dimensions& dimensions, double value) {
    std::string labels = "namespace=\"";
    text::appendPrometheusLabelValue(labels, metricNamespace);
    labels += "\",name=\"";
    text::appendPrometheusLabelValue(labels, name);
    labels += '"';
    for (const auto& [label, labelValue] : dimensions) {
        labels += "," + label + "=\"";
        text::appendPrometheusLabelValue(labels, labelValue);
        labels += '"';
    }
    std::lock_guard lock(m_mutex);
    auto it = m_series.find(labels);
    if (it == m_series.end()) {
        if (m_series.size() >= kMaxSeries) {
            ++m_dropped;
            return;
        }
        it = m_series.emplace(std::move(labels), Series{}).first;
    }
    it->second.sum += value;
    ++it->second.count;
}

std::string CustomMetrics::prometheusText() const {
    std::string out = "# HELP portico_custom_metric Values sent by emit-metric policies.\n"
                      "# TYPE portico_custom_metric summary\n";
    std::lock_guard lock(m_mutex);
    for (const auto& [labels, series] : m_series) {
        out += "portico_custom_metric_sum{" + labels + "} " + number(series.sum) + "\n";
        out += "portico_custom_metric_count{" + labels + "} " + std::to_string(series.count) + "\n";
    }
    out += "# HELP portico_custom_metric_series_dropped_total emit-metric values not kept because "
           "the series cap was reached.\n"
           "# TYPE portico_custom_metric_series_dropped_total counter\n"
           "portico_custom_metric_series_dropped_total " +
           std::to_string(m_dropped) + "\n";
    return out;
}

std::uint64_t CustomMetrics::droppedSeries() const {
    std::lock_guard lock(m_mutex);
    return m_dropped;
}

} // namespace portico::policy
