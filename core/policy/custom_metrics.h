#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::policy {

// Where emit-metric sends its values: a sum and a count per (namespace, name, dimensions),
// shown on the gateway's /metrics as the Prometheus summary `portico_custom_metric`. APIM sends
// them to Application Insights; a self-hosted gateway's operators scrape Prometheus.
// Dimension values often come from requests (client IP, user id), so the number of series is
// capped: past kMaxSeries a new series is dropped and counted, never stored.
class CustomMetrics {
public:
    static constexpr std::size_t kMaxSeries = 10000;
    using Dimensions = std::vector<std::pair<std::string, std::string>>; // label name, value

    static CustomMetrics& shared();

    void add(std::string_view metricNamespace, std::string_view name, const Dimensions& dimensions,
             double value);
    std::string prometheusText() const;
    std::uint64_t droppedSeries() const;

private:
    struct Series {
        double sum = 0;
        std::uint64_t count = 0;
    };
    mutable std::mutex m_mutex;
    std::map<std::string, Series, std::less<>> m_series; // key: the label set as written
    std::uint64_t m_dropped = 0;
};

} // namespace portico::policy
