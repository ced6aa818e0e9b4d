#pragma once

#include "core/throttle/counter_store.h"
#include "core/throttle/failure_mode.h"
#include "core/throttle/keyed_table.h"
#include "core/throttle/redis_url.h"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace portico::throttle {

class RedisConnection;

struct RedisStoreOptions {
    RedisEndpoint endpoint;
    FailureMode failure = FailureMode::Open;
    std::string keyPrefix = "portico:rl:";
    // Pre-allowance: a replica reserves up to this many calls ahead of demand, but never more
    // than 1/leaseDivisor of what is left in the window, so leases shrink to single calls as the
    // shared limit runs out and idle replicas cannot hold back much.
    std::int64_t maxLease = 64;
    std::int64_t leaseDivisor = 8;
    Millis syncInterval = 20; // background thread wake-up
    Millis connectTimeout = 500;
    Millis commandTimeout = 250;
    Millis backoffInitial = 100; // reconnect back-off doubles up to backoffMax
    Millis backoffMax = 5'000;
    std::size_t maxKeys = 100'000;
    const Clock* clock = nullptr; // the system clock when null
    // Also counts failure-mode decisions, e.g. the gateway's metric; may be null.
    std::atomic<std::uint64_t>* failureMetric = nullptr;
    // One line per outage and per recovery; the gateway's log when null.
    std::function<void(std::string_view)> log;
};

// Counters shared by gateway replicas through Redis. Each replica reserves calls in batches
// (a lease) with an atomic Lua script and admits from its lease without a round trip; a
// background thread tops leases up, hands back leftovers of past windows, flushes bandwidth
// counts and reconnects with back-off. Redis never grants more than the limit, so replicas
// together never admit more than the limit; they may admit slightly fewer when a replica holds
// unused lease (see docs/throttling.md).
class RedisCounterStore final : public CounterStore {
public:
    explicit RedisCounterStore(RedisStoreOptions options);
    ~RedisCounterStore() override;

    Decision check(std::string_view key, const Window& window, std::int64_t limit,
                   std::int64_t count) override;
    void add(std::string_view key, const Window& window, std::int64_t amount) override;
    const Clock& clock() const override { return *m_clock; }

    bool connected() const { return m_up.load(); }
    // Decisions answered by the failure mode because Redis could not be reached.
    std::uint64_t failures() const { return m_failures.load(); }
    // Redis round trips made on a request's path (lease refills the background missed).
    std::uint64_t syncRoundTrips() const { return m_syncTrips.load(); }
    // Waits until the background thread has flushed what is pending (tests, shutdown).
    void flush();

protected:
    Decision tryAcquire(std::string_view key, const Window& window, std::int64_t limit,
                        std::int64_t count) override;

private:
    struct Lease {
        Window window;
        std::int64_t index = 0;
        std::int64_t tokens = 0;     // calls this replica may still admit in window `index`
        std::int64_t sharedRoom = 0; // what Redis had left after the last grant
        std::int64_t limit = 0;
        bool refillQueued = false;
        // After Redis denied `deniedCount` calls: when they could fit if nothing changed (the
        // client's Retry-After). Other replicas' new calls only push that later, but the calls
        // they hand back when their slot ends bring it forward, so denials are answered
        // locally only until `recheckAt`, the end of the slot of the denial.
        Millis deniedUntil = 0;
        Millis recheckAt = 0;
        std::int64_t deniedCount = 0;
        bool idle(Millis now) const;
    };
    // Unused calls of a lease whose slot has ended, to give back to that slot in Redis.
    struct HandBack {
        std::int64_t index = 0;
        std::int64_t calls = 0;
    };
    struct Remote {
        bool ok = false;
        bool admitted = false;
        std::int64_t granted = 0;
        std::vector<SlotCount> slots; // Redis's counts after the grant, oldest first
        std::int64_t room = 0;        // left in Redis after the grant
    };
    struct Release {
        std::string hash;
        std::int64_t index;
        std::int64_t amount;
    };
    struct Refill {
        std::string key;
        Window window;
        std::int64_t limit;
    };

    Remote reserve(std::string_view key, const Window& window, std::int64_t index,
                   std::int64_t limit, std::int64_t need, std::int64_t extra, bool counting,
                   HandBack back);
    // One Redis hash per counter; its fields are slot indices.
    std::string hashKey(std::string_view key) const;
    // Moves the lease to the slot of `now`; returns the calls it held in an earlier slot that
    // still counts there.
    static HandBack rollLease(Lease& lease, const Window& window, Millis now);
    // Adds `calls` that Redis granted for slot `index` to the lease (moved to the current slot
    // first) and says whether it did; calls for a slot the lease has left go back to that slot.
    bool absorbGrant(std::string_view key, Lease& lease, const Window& window, std::int64_t index,
                     std::int64_t calls, Millis asked);
    // Gives `back` to Redis on the background thread.
    void queueHandBack(std::string_view key, HandBack back);
    Decision unavailable(std::int64_t limit, std::int64_t count);
    void markDown(const std::string& why);
    void run();
    void syncOnce();

    RedisStoreOptions m_options;
    const Clock* m_clock;
    KeyedTable<Lease> m_leases;
    std::unique_ptr<RedisConnection> m_connection;
    std::mutex m_connectionMutex;
    std::atomic<bool> m_up{false};
    std::atomic<std::uint64_t> m_failures{0};
    std::atomic<std::uint64_t> m_syncTrips{0};

    std::mutex m_queueMutex;
    std::condition_variable m_wake;
    std::condition_variable m_flushed;
    std::vector<Refill> m_refills;
    std::vector<Release> m_releases;
    // (hash, slot) -> amount, ttl
    std::map<std::pair<std::string, std::int64_t>, std::pair<std::int64_t, Millis>> m_adds;
    std::uint64_t m_generation = 0; // sync passes completed
    std::string m_lastError;
    bool m_outageLogged = false;
    Millis m_backoff = 0;
    Millis m_nextAttempt = 0;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace portico::throttle
