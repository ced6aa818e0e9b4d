#include "core/gateway/metrics.h"

#include "core/policy/custom_metrics.h"
#include "core/text/prometheus_label.h"

namespace portico::gateway {

namespace {

using text::appendPrometheusLabelValue;

std::vector<std::string_view> splitKey(std::string_view key) {
    std::vector<std::string_view> parts;
    while (true) {
        const auto sep = key.find('\x1f');
        parts.push_back(key.substr(0, sep));
        if (sep == std::string_view::npos) {
            return parts;
        }
        key.remove_prefix(sep + 1);
    }
}

} // namespace

Metrics::Metrics(std::size_t shards) {
    for (std::size_t i = 0; i < shards; ++i) {
        m_shards.push_back(std::make_unique<Shard>());
    }
}

std::int64_t Metrics::inFlightRequests() const {
    std::int64_t total = 0;
    for (const auto& shard : m_shards) {
        total += shard->inFlight.load();
    }
    return total;
}

void Metrics::recordRequest(std::size_t shard, std::string_view api, std::string_view operation,
                            int status, double seconds) {
    auto& s = shardOf(shard);
    char statusClass[3] = {static_cast<char>('0' + (status / 100) % 10), 'x', 'x'};
    // Built in a reused buffer: every request passes here, and a known series allocates nothing.
    thread_local std::string key;
    key.clear();
    key.append(api).push_back('\x1f');
    key.append(operation).push_back('\x1f');
    key.append(statusClass, 3);
    std::size_t bucket = 0;
    while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) {
        ++bucket;
    }
    std::lock_guard lock(s.mutex);
    if (const auto it = s.requests.find(key); it != s.requests.end()) {
        ++it->second;
    } else {
        s.requests.emplace(key, 1);
    }
    ++s.latency[bucket];
    s.latencySum += seconds;
    ++s.latencyCount;
}

void Metrics::recordBackendError(std::size_t shard, std::string_view api, std::string_view kind) {
    auto& s = shardOf(shard);
    std::string key(api);
    key.push_back('\x1f');
    key.append(kind);
    std::lock_guard lock(s.mutex);
    ++s.backendErrors[key];
}

void Metrics::recordThrottled(std::size_t shard, std::string_view policy, std::string_view api) {
    auto& s = shardOf(shard);
    std::string key(policy);
    key.push_back('\x1f');
    key.append(api);
    std::lock_guard lock(s.mutex);
    ++s.throttled[key];
}

std::string Metrics::prometheusText() const {
    std::map<std::string, std::uint64_t> requests;
    std::map<std::string, std::uint64_t> backendErrors;
    std::map<std::string, std::uint64_t> throttled;
    std::array<std::uint64_t, kBuckets.size() + 1> latency{};
    double sum = 0;
    std::uint64_t count = 0;
    for (const auto& shard : m_shards) {
        std::lock_guard lock(shard->mutex);
        for (const auto& [k, v] : shard->requests) {
            requests[k] += v;
        }
        for (const auto& [k, v] : shard->backendErrors) {
            backendErrors[k] += v;
        }
        for (const auto& [k, v] : shard->throttled) {
            throttled[k] += v;
        }
        for (std::size_t i = 0; i < latency.size(); ++i) {
            latency[i] += shard->latency[i];
        }
        sum += shard->latencySum;
        count += shard->latencyCount;
    }

    std::string out;
    out += "# HELP portico_requests_total Requests answered, by API, operation and status class.\n"
           "# TYPE portico_requests_total counter\n";
    for (const auto& [key, value] : requests) {
        const auto parts = splitKey(key);
        out += "portico_requests_total{api=\"";
        appendPrometheusLabelValue(out, parts[0]);
        out += "\",operation=\"";
        appendPrometheusLabelValue(out, parts[1]);
        out += "\",status_class=\"";
        appendPrometheusLabelValue(out, parts[2]);
        out += "\"} " + std::to_string(value) + "\n";
    }
    out += "# HELP portico_request_duration_seconds Time from request head to last response byte.\n"
           "# TYPE portico_request_duration_seconds histogram\n";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += latency[i];
        char le[32];
        std::snprintf(le, sizeof le, "%g", kBuckets[i]);
        out += "portico_request_duration_seconds_bucket{le=\"" + std::string(le) + "\"} " +
               std::to_string(cumulative) + "\n";
    }
    cumulative += latency[kBuckets.size()];
    out +=
        "portico_request_duration_seconds_bucket{le=\"+Inf\"} " + std::to_string(cumulative) + "\n";
    char sumText[64];
    std::snprintf(sumText, sizeof sumText, "%.6f", sum);
    out += "portico_request_duration_seconds_sum " + std::string(sumText) + "\n";
    out += "portico_request_duration_seconds_count " + std::to_string(count) + "\n";
    out += "# HELP portico_backend_errors_total Backend connection failures and timeouts.\n"
           "# TYPE portico_backend_errors_total counter\n";
    for (const auto& [key, value] : backendErrors) {
        const auto parts = splitKey(key);
        out += "portico_backend_errors_total{api=\"";
        appendPrometheusLabelValue(out, parts[0]);
        out += "\",kind=\"";
        appendPrometheusLabelValue(out, parts[1]);
        out += "\"} " + std::to_string(value) + "\n";
    }
    out += "# HELP portico_throttled_requests_total Requests refused by a throttling policy.\n"
           "# TYPE portico_throttled_requests_total counter\n";
    for (const auto& [key, value] : throttled) {
        const auto parts = splitKey(key);
        out += "portico_throttled_requests_total{policy=\"";
        appendPrometheusLabelValue(out, parts[0]);
        out += "\",api=\"";
        appendPrometheusLabelValue(out, parts[1]);
        out += "\"} " + std::to_string(value) + "\n";
    }
    out +=
        "# HELP portico_ratelimit_store_failures_total Throttling decisions made without Redis.\n"
        "# TYPE portico_ratelimit_store_failures_total counter\n"
        "portico_ratelimit_store_failures_total " +
        std::to_string(rateLimitStoreFailures.load()) + "\n";
    out += "# HELP portico_eventhub_events_total log-to-eventhub events by what became of them.\n"
           "# TYPE portico_eventhub_events_total counter\n"
           "portico_eventhub_events_total{result=\"sent\"} " +
           std::to_string(eventHubEvents.sent.load()) +
           "\nportico_eventhub_events_total{result=\"failed\"} " +
           std::to_string(eventHubEvents.failed.load()) +
           "\nportico_eventhub_events_total{result=\"dropped\"} " +
           std::to_string(eventHubEvents.dropped.load()) + "\n";
    out += "# HELP portico_open_connections Client connections currently open.\n"
           "# TYPE portico_open_connections gauge\n"
           "portico_open_connections " +
           std::to_string(openConnections.load()) + "\n";
    out += "# HELP portico_in_flight_requests Requests currently being served.\n"
           "# TYPE portico_in_flight_requests gauge\n"
           "portico_in_flight_requests " +
           std::to_string(inFlightRequests()) + "\n";
    out += "# HELP portico_config_version Version of the configuration snapshot serving traffic.\n"
           "# TYPE portico_config_version gauge\n"
           "portico_config_version " +
           std::to_string(configVersion.load()) + "\n";
    out += "# HELP portico_config_reload_failures_total Reloads refused because of errors.\n"
           "# TYPE portico_config_reload_failures_total counter\n"
           "portico_config_reload_failures_total " +
           std::to_string(reloadFailures.load()) + "\n";
    out += policy::CustomMetrics::shared().prometheusText();
    return out;
}

} // namespace portico::gateway
