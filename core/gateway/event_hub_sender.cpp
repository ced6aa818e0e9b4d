#include "core/gateway/event_hub_sender.h"

#include "core/gateway/log.h"
#include "core/secrets/event_hub.h"

#include <nlohmann/json.hpp>

#include <chrono>

namespace portico::gateway {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxTakenEvents = 1000;
constexpr auto kStopGrace = std::chrono::seconds(5);
constexpr auto kReportInterval = std::chrono::seconds(10);
constexpr std::chrono::milliseconds kRetryDelays[] = {std::chrono::milliseconds(500),
                                                      std::chrono::milliseconds(2000)};
constexpr char kApiQuery[] = "?timeout=60&api-version=2014-01";
constexpr auto kExchangeTimeout = std::chrono::seconds(5);

std::string authorization(const EventHubTarget& target) {
    const auto expiry = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count() +
                        3600;
    return secrets::sharedAccessSignature("https://" + target.host + "/" + target.eventHub,
                                          target.keyName, target.key, expiry);
}

// What the event hub said, short and printable, for the log.
std::string printable(std::string_view text) {
    std::string out;
    for (const char c : text.substr(0, 300))
        out.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
    return out;
}

// Worth another try: the service was unreachable, busy or failing.
bool transient(const identity::HttpResponse& answer) {
    return answer.status == 0 || answer.status == 429 || answer.status >= 500;
}

std::size_t costOf(const policy::LoggedEvent& event) {
    return event.message.size() + event.partitionKey.size() + 64;
}

} // namespace

EventHubSender::EventHubSender(identity::HttpGetOptions connection, EventHubCounters& counters)
    : m_connection(std::move(connection))
    , m_counters(counters) {
    // A batch is at most 512 KiB; a hub that takes longer is counted as failing, and a stopping
    // gateway waits no longer than this for the exchange under way.
    m_connection.timeout = kExchangeTimeout;
}

EventHubSender::~EventHubSender() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void EventHubSender::post(std::shared_ptr<const EventHubTarget> target, policy::LoggedEvent event) {
    const std::size_t cost = costOf(event);
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping || m_queuedBytes + cost > kMaxQueuedBytes) {
            ++m_counters.dropped;
            return;
        }
        m_queuedBytes += cost;
        m_queue.push_back({std::move(target), std::move(event)});
        if (!m_thread.joinable())
            m_thread = std::thread([this] { run(); });
    }
    m_wake.notify_one();
}

bool EventHubSender::outOfTime() {
    std::lock_guard lock(m_mutex);
    if (m_stopping && !m_stopBy)
        m_stopBy = Clock::now() + kStopGrace;
    return m_stopBy && Clock::now() > *m_stopBy;
}

void EventHubSender::run() {
    std::uint64_t droppedReported = 0;
    auto lastDropReport = Clock::now() - kReportInterval;
    while (true) {
        std::deque<Queued> work;
        const bool late = outOfTime();
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty() || late) {
                m_counters.dropped += m_queue.size();
                return;
            }
            while (!m_queue.empty() && work.size() < kMaxTakenEvents) {
                m_queuedBytes -= costOf(m_queue.front().event);
                work.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
        }
        if (const auto dropped = m_counters.dropped.load();
            dropped != droppedReported && Clock::now() - lastDropReport >= kReportInterval) {
            logMessage(LogLevel::Warning,
                       "log-to-eventhub: " + std::to_string(dropped - droppedReported) +
                           " event(s) dropped: more were logged than the event hubs took");
            droppedReported = dropped;
            lastDropReport = Clock::now();
        }
        // Consecutive events for one target and no partition go as one batch.
        for (std::size_t i = 0; i < work.size();) {
            if (outOfTime()) {
                m_counters.dropped += work.size() - i;
                break;
            }
            const auto& first = work[i];
            std::size_t count = 1;
            if (first.target && !first.event.partitionId) {
                std::size_t bytes = costOf(first.event);
                while (i + count < work.size() && work[i + count].target == first.target &&
                       !work[i + count].event.partitionId &&
                       bytes + costOf(work[i + count].event) <= kMaxBatchBytes) {
                    bytes += costOf(work[i + count].event);
                    ++count;
                }
            }
            if (first.target && send(*first.target, work, i, count))
                m_counters.sent += count;
            else
                m_counters.failed += count;
            i += count;
        }
    }
}

bool EventHubSender::send(const EventHubTarget& target, const std::deque<Queued>& events,
                          std::size_t first, std::size_t count) {
    identity::HttpRequest request;
    request.method = "POST";
    const auto& lead = events[first].event;
    const std::string hub = "https://" + target.host + "/" + target.eventHub;
    if (lead.partitionId) {
        request.url =
            hub + "/partitions/" + std::to_string(*lead.partitionId) + "/messages" + kApiQuery;
        request.contentType = "application/atom+xml;type=entry;charset=utf-8";
        request.body = lead.message;
    } else {
        nlohmann::json batch = nlohmann::json::array();
        for (std::size_t i = first; i < first + count; ++i) {
            const auto& event = events[i].event;
            nlohmann::json entry{{"Body", event.message}};
            if (!event.partitionKey.empty())
                entry["BrokerProperties"] = {{"PartitionKey", event.partitionKey}};
            batch.push_back(std::move(entry));
        }
        request.url = hub + "/messages" + kApiQuery;
        request.contentType = "application/vnd.microsoft.servicebus.json";
        // Bytes that are not UTF-8 become U+FFFD rather than fail the batch.
        request.body = batch.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    for (std::size_t attempt = 0;; ++attempt) {
        request.headers = {{"Authorization", authorization(target)}};
        const auto answer = identity::httpSend(request, m_connection);
        if (answer.error.empty() && answer.status >= 200 && answer.status < 300)
            return true;
        const bool again = transient(answer) && attempt < std::size(kRetryDelays);
        if (!again) {
            report(target, answer.status == 0 ? "could not reach it: " + answer.error
                                              : "it answered " + std::to_string(answer.status) +
                                                    ": " + printable(answer.body));
            return false;
        }
        std::unique_lock lock(m_mutex);
        if (m_wake.wait_for(lock, kRetryDelays[attempt], [this] { return m_stopping; })) {
            lock.unlock();
            report(target, "it could not be reached before the gateway stopped");
            return false;
        }
    }
}

void EventHubSender::report(const EventHubTarget& target, const std::string& problem) {
    const auto now = Clock::now();
    auto [it, first] = m_reports.try_emplace(target.loggerId);
    auto& reports = it->second;
    if (!first && now - reports.last < kReportInterval) {
        ++reports.unreported;
        return;
    }
    std::string more;
    if (reports.unreported > 0)
        more = " (" + std::to_string(reports.unreported) + " earlier failure(s) not shown)";
    logMessage(LogLevel::Warning, "log-to-eventhub: logger '" + target.loggerId + "' (event hub '" +
                                      target.eventHub + "' at " + target.host +
                                      ") lost events: " + problem + more);
    reports = {now, 0};
}

} // namespace portico::gateway
