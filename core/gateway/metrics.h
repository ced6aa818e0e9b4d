#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace portico::gateway {

// What became of the events log-to-eventhub handed to the sender, for /metrics.
struct EventHubCounters {
    std::atomic<std::uint64_t> sent{0};
    std::atomic<std::uint64_t> failed{0};  // the event hub refused them, or could not be reached
    std::atomic<std::uint64_t> dropped{0}; // the queue was full, or the gateway stopped first
};

// Request counters sharded per worker thread (each shard's lock is only contended by a scrape),
// rendered in the Prometheus text exposition format.
class Metrics {
public:
    static constexpr std::array<double, 12> kBuckets{0.001, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                     0.25,  0.5,   1.0,  2.5,   5.0,  10.0};

    explicit Metrics(std::size_t shards);

    void recordRequest(std::size_t shard, std::string_view api, std::string_view operation,
                       int status, double seconds);
    void recordBackendError(std::size_t shard, std::string_view api, std::string_view kind);
    // A request answered 429/403 by a throttling policy (rate-limit, quota, ...).
    void recordThrottled(std::size_t shard, std::string_view policy, std::string_view api);

    // A request is in flight between these two calls, made on its worker's thread.
    void requestStarted(std::size_t shard) { ++shardOf(shard).inFlight; }
    void requestFinished(std::size_t shard) { --shardOf(shard).inFlight; }
    std::int64_t inFlightRequests() const;

    std::atomic<std::int64_t> openConnections{0};
    std::atomic<std::uint64_t> configVersion{0};
    std::atomic<std::uint64_t> reloadFailures{0};
    // Throttling decisions answered by the failure mode because Redis was unreachable.
    std::atomic<std::uint64_t> rateLimitStoreFailures{0};
    EventHubCounters eventHubEvents; // log-to-eventhub's

    std::string prometheusText() const;

private:
    // Aligned so that no two workers ever write to one cache line: a line written by both would
    // move between their cores on every request.
    struct alignas(64) Shard {
        std::atomic<std::int64_t> inFlight{0};
        mutable std::mutex mutex;
        std::map<std::string, std::uint64_t, std::less<>> requests;      // "api\x1fop\x1fclass"
        std::map<std::string, std::uint64_t, std::less<>> backendErrors; // "api\x1fkind"
        std::map<std::string, std::uint64_t, std::less<>> throttled;     // "policy\x1fapi"
        std::array<std::uint64_t, kBuckets.size() + 1> latency{};
        double latencySum = 0;
        std::uint64_t latencyCount = 0;
    };
    Shard& shardOf(std::size_t shard) { return *m_shards[shard % m_shards.size()]; }

    std::vector<std::unique_ptr<Shard>> m_shards;
};

} // namespace portico::gateway
