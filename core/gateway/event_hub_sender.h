#pragma once

#include "core/gateway/metrics.h"
#include "core/identity/http_get.h"
#include "core/policy/request_context.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace portico::gateway {

// A logger (loggers/<id>.yaml) as the gateway sends to it: its event hub and the shared access
// key it signs with, read from the connection string once per snapshot and kept in memory only.
struct EventHubTarget {
    std::string loggerId;
    std::string host; // <namespace>.servicebus.windows.net
    std::string eventHub;
    std::string keyName;
    std::string key;
};

// Sends log-to-eventhub's events over Event Hubs' REST interface on a thread of its own, so that
// no request waits for them: events without a partition go in batches
// (application/vnd.microsoft.servicebus.json), those for a partition one by one to
// /partitions/{id}/messages. A full queue drops events rather than hold memory or requests.
class EventHubSender {
public:
    static constexpr std::size_t kMaxQueuedBytes = 32u << 20;
    static constexpr std::size_t kMaxBatchBytes = 512u << 10; // the service takes up to 1 MB

    EventHubSender(identity::HttpGetOptions connection, EventHubCounters& counters);
    // Sends what is queued for up to a few seconds, drops the rest and stops.
    ~EventHubSender();
    EventHubSender(const EventHubSender&) = delete;
    EventHubSender& operator=(const EventHubSender&) = delete;

    // Never blocks on the network; the thread starts with the first event.
    void post(std::shared_ptr<const EventHubTarget> target, policy::LoggedEvent event);

private:
    struct Queued {
        std::shared_ptr<const EventHubTarget> target;
        policy::LoggedEvent event;
    };
    void run();
    // Whether the gateway stopped long enough ago that what is left is dropped.
    bool outOfTime();
    // Sends events for one target and partition; true when the event hub took them.
    bool send(const EventHubTarget& target, const std::deque<Queued>& events, std::size_t first,
              std::size_t count);
    // Logs a failure, at most once per interval and logger however many there are.
    void report(const EventHubTarget& target, const std::string& problem);

    identity::HttpGetOptions m_connection;
    EventHubCounters& m_counters;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Queued> m_queue;
    std::size_t m_queuedBytes = 0;
    bool m_stopping = false;
    std::optional<std::chrono::steady_clock::time_point> m_stopBy; // set once stopping
    std::thread m_thread;
    struct Reports {
        std::chrono::steady_clock::time_point last;
        std::uint64_t unreported = 0;
    };
    std::map<std::string, Reports, std::less<>> m_reports; // by logger; the sender thread's own
};

} // namespace portico::gateway
