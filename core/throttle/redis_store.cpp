#include "core/throttle/redis_store.h"

#include "core/gateway/log.h"
#include "core/throttle/redis_connection.h"

#include <algorithm>
#include <chrono>

namespace portico::throttle {

namespace {

// KEYS: current bucket, previous bucket. ARGV: limit, need, extra, period, elapsed, ttl,
// divisor, sliding (0|1), counting (0|1). Grants `need` plus up to `extra` spare calls (at most
// 1/divisor of the room left) when `need` fits; counts the grant. Returns
// {granted, admitted, current after the grant, previous}.
constexpr const char* kReserveScript = R"lua(
local limit = tonumber(ARGV[1])
local need = tonumber(ARGV[2])
local extra = tonumber(ARGV[3])
local period = tonumber(ARGV[4])
local elapsed = tonumber(ARGV[5])
local ttl = tonumber(ARGV[6])
local divisor = tonumber(ARGV[7])
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
local prev = 0
if ARGV[8] == '1' then prev = tonumber(redis.call('GET', KEYS[2]) or '0') end
local room = limit - cur
if prev > 0 then
  room = math.floor((limit * period - prev * (period - elapsed)) / period) - cur
end
if room < need then return {0, 0, cur, prev} end
if ARGV[9] ~= '1' then return {0, 1, cur, prev} end
local spare = math.floor((room - need) / divisor)
if spare > extra then spare = extra end
if spare < 0 then spare = 0 end
local grant = need + spare
if grant > 0 then
  cur = redis.call('INCRBY', KEYS[1], grant)
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return {grant, 1, cur, prev}
)lua";

// Hands back calls reserved for a bucket that are no longer needed (never below zero, never
// recreating an expired bucket).
constexpr const char* kReleaseScript = R"lua(
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if cur <= 0 then return 0 end
local back = tonumber(ARGV[1])
if back > cur then back = cur end
return redis.call('DECRBY', KEYS[1], back)
)lua";

// Adds without a check (bandwidth). ARGV: amount, ttl.
constexpr const char* kAddScript = R"lua(
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return v
)lua";

enum Script : std::size_t { kReserve, kRelease, kAdd };

Millis steadyNow() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

Millis bucketTtl(const Window& window, std::int64_t index, Millis now) {
    const Millis end = windowStart(window, index + 1);
    const Millis keep = window.kind == WindowKind::Sliding ? window.period : 0;
    return std::max<Millis>(1, end - now + keep + 1'000);
}

} // namespace

bool RedisCounterStore::Lease::idle(Millis now) const {
    return windowIndex(window, now) >= index + (window.kind == WindowKind::Sliding ? 2 : 1);
}

RedisCounterStore::RedisCounterStore(RedisStoreOptions options)
    : m_options(std::move(options))
    , m_clock(m_options.clock ? m_options.clock : &SystemClock::instance())
    , m_leases(m_options.maxKeys, 64)
    , m_connection(std::make_unique<RedisConnection>(m_options.endpoint, m_options.connectTimeout,
                                                     m_options.commandTimeout)) {
    if (!m_options.log)
        m_options.log = [](std::string_view line) {
            gateway::logMessage(gateway::LogLevel::Warning, line);
        };
    m_options.leaseDivisor = std::max<std::int64_t>(1, m_options.leaseDivisor);
    m_options.maxLease = std::max<std::int64_t>(0, m_options.maxLease);
    {
        std::lock_guard lock(m_connectionMutex);
        const auto error = m_connection->connect({kReserveScript, kReleaseScript, kAddScript});
        if (error.empty()) {
            m_up = true;
        } else {
            m_lastError = error;
            m_backoff = m_options.backoffInitial;
            m_nextAttempt = steadyNow() + m_backoff;
        }
    }
    if (!m_up) {
        m_outageLogged = true;
        m_options.log("rate-limit store: cannot reach Redis at " + m_options.endpoint.host + ":" +
                      std::to_string(m_options.endpoint.port) + " (" + m_lastError + "); failing " +
                      (m_options.failure == FailureMode::Open ? "open" : "closed") +
                      " until it answers");
    }
    m_thread = std::thread([this] { run(); });
}

RedisCounterStore::~RedisCounterStore() {
    {
        std::lock_guard lock(m_queueMutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

std::string RedisCounterStore::bucketKey(std::string_view key, std::int64_t index) const {
    std::string out = m_options.keyPrefix;
    out.append(key).push_back('|');
    out += std::to_string(index);
    return out;
}

RedisCounterStore::Remote RedisCounterStore::reserve(std::string_view key, const Window& window,
                                                     std::int64_t index, std::int64_t limit,
                                                     std::int64_t need, std::int64_t extra,
                                                     bool counting) {
    const Millis now = m_clock->now();
    const Millis elapsed = now - windowStart(window, index);
    const bool sliding = window.kind == WindowKind::Sliding;
    RedisConnection::Reply reply;
    {
        std::lock_guard lock(m_connectionMutex);
        if (!m_connection->connected())
            return {};
        reply = m_connection->eval(
            kReserve, {bucketKey(key, index), bucketKey(key, index - 1)},
            {std::to_string(limit), std::to_string(need), std::to_string(extra),
             std::to_string(window.period), std::to_string(elapsed),
             std::to_string(bucketTtl(window, index, now)), std::to_string(m_options.leaseDivisor),
             sliding ? "1" : "0", counting ? "1" : "0"});
    }
    if (!reply.ok || reply.integers.size() != 4) {
        markDown(reply.error.empty() ? "unexpected reply to the reserve script" : reply.error);
        return {};
    }
    Remote r;
    r.ok = true;
    r.granted = reply.integers[0];
    r.admitted = reply.integers[1] == 1;
    r.current = reply.integers[2];
    r.previous = sliding ? reply.integers[3] : 0;
    r.room = available(window, now, r.current, r.previous, limit);
    return r;
}

void RedisCounterStore::rollLease(std::string_view key, Lease& lease, const Window& window,
                                  Millis now) {
    const auto at = windowIndex(window, now);
    const bool sameWindow = window.kind == lease.window.kind &&
                            window.period == lease.window.period &&
                            window.anchor == lease.window.anchor;
    if (sameWindow && at == lease.index)
        return;
    if (sameWindow && lease.tokens > 0 && window.kind == WindowKind::Sliding &&
        at == lease.index + 1) {
        // Unused calls still weigh on the sliding window through the previous bucket.
        std::lock_guard lock(m_queueMutex);
        m_releases.emplace_back(bucketKey(key, lease.index), lease.tokens);
    }
    lease.previous = sameWindow && at == lease.index + 1 && window.kind == WindowKind::Sliding
                         ? lease.current
                         : 0;
    lease.current = 0;
    lease.tokens = 0;
    lease.window = window;
    lease.index = at;
    lease.sharedRoom = available(window, now, 0, lease.previous, lease.limit);
}

Decision RedisCounterStore::unavailable(std::int64_t limit, std::int64_t count) {
    m_failures.fetch_add(1, std::memory_order_relaxed);
    if (m_options.failureMetric)
        m_options.failureMetric->fetch_add(1, std::memory_order_relaxed);
    Decision d;
    d.limit = limit;
    d.storeUnavailable = true;
    if (m_options.failure == FailureMode::Open) {
        d.admitted = true;
        d.remaining = std::max<std::int64_t>(0, limit - count);
    } else {
        d.wait = std::max<Millis>(1'000, m_options.backoffMax);
    }
    return d;
}

void RedisCounterStore::markDown(const std::string& why) {
    {
        std::lock_guard lock(m_queueMutex);
        if (!m_up.exchange(false)) {
            return;
        }
        m_lastError = why;
        m_backoff = m_options.backoffInitial;
        m_nextAttempt = steadyNow() + m_backoff;
    }
    m_wake.notify_all();
}

Decision RedisCounterStore::tryAcquire(std::string_view key, const Window& window,
                                       std::int64_t limit, std::int64_t count) {
    const Millis now = m_clock->now();
    const auto index = windowIndex(window, now);
    const auto lease = std::min(m_options.maxLease, limit / m_options.leaseDivisor);
    auto make = [&] { return Lease{window, index, 0, limit, 0, 0, limit, false, 0, 0}; };
    Decision d;
    d.limit = limit;
    bool refill = false;
    const bool local = m_leases.with(key, now, make, [&](Lease& l) {
        rollLease(key, l, window, now);
        l.limit = limit;
        if (l.tokens < count) {
            if (now >= l.deniedUntil || count < l.deniedCount)
                return false;
            d.wait = l.deniedUntil - now;
            return true;
        }
        l.tokens -= count;
        d.admitted = true;
        d.remaining = std::max<std::int64_t>(0, l.sharedRoom + l.tokens);
        if (window.kind == WindowKind::Fixed)
            d.wait = windowStart(window, index + 1) - now;
        if (l.tokens <= lease / 2 && !l.refillQueued && m_up.load()) {
            l.refillQueued = true;
            refill = true;
        }
        return true;
    });
    if (refill) {
        {
            std::lock_guard lock(m_queueMutex);
            m_refills.push_back({std::string(key), window, limit});
        }
        m_wake.notify_one();
    }
    if (local)
        return d;
    if (!m_up.load())
        return unavailable(limit, count);

    m_syncTrips.fetch_add(1, std::memory_order_relaxed);
    const Remote r = reserve(key, window, index, limit, count, lease, true);
    if (!r.ok)
        return unavailable(limit, count);
    std::int64_t tokens = 0;
    m_leases.with(key, now, make, [&](Lease& l) {
        rollLease(key, l, window, now);
        l.tokens += r.granted - (r.admitted ? count : 0);
        l.current = r.current;
        l.previous = r.previous;
        l.sharedRoom = std::max<std::int64_t>(0, r.room);
        tokens = l.tokens;
        if (!r.admitted) {
            l.deniedUntil = now + waitFor(window, now, r.current, r.previous, limit, count);
            l.deniedCount = count;
        }
    });
    d.admitted = r.admitted;
    d.remaining = std::max<std::int64_t>(0, r.room + tokens);
    if (!r.admitted)
        d.wait = waitFor(window, now, r.current, r.previous, limit, count);
    else if (window.kind == WindowKind::Fixed)
        d.wait = windowStart(window, index + 1) - now;
    return d;
}

Decision RedisCounterStore::check(std::string_view key, const Window& window, std::int64_t limit,
                                  std::int64_t count) {
    const Millis now = m_clock->now();
    const auto index = windowIndex(window, now);
    Decision d;
    d.limit = limit;
    if (count > 0) {
        bool local = false;
        m_leases.ifPresent(key, [&](Lease& l) {
            rollLease(key, l, window, now);
            if (l.tokens >= count) {
                local = true;
                d.admitted = true;
                d.remaining = std::max<std::int64_t>(0, l.sharedRoom + l.tokens);
            }
        });
        if (local)
            return d;
    }
    if (!m_up.load())
        return unavailable(limit, count);
    m_syncTrips.fetch_add(1, std::memory_order_relaxed);
    const Remote r = reserve(key, window, index, limit, count, 0, false);
    if (!r.ok)
        return unavailable(limit, count);
    d.admitted = r.admitted;
    d.remaining = std::max<std::int64_t>(0, r.room);
    if (!r.admitted)
        d.wait = waitFor(window, now, r.current, r.previous, limit, count);
    else if (window.kind == WindowKind::Fixed)
        d.wait = windowStart(window, index + 1) - now;
    return d;
}

void RedisCounterStore::add(std::string_view key, const Window& window, std::int64_t amount) {
    const Millis now = m_clock->now();
    const auto index = windowIndex(window, now);
    std::lock_guard lock(m_queueMutex);
    auto& pending = m_adds[bucketKey(key, index)];
    pending.first += amount;
    pending.second = bucketTtl(window, index, now);
}

void RedisCounterStore::flush() {
    std::unique_lock lock(m_queueMutex);
    const auto target = m_generation + 2;
    m_wake.notify_all();
    m_flushed.wait(lock, [&] { return m_generation >= target || m_stopping; });
}

void RedisCounterStore::syncOnce() {
    std::vector<Refill> refills;
    std::vector<std::pair<std::string, std::int64_t>> releases;
    std::map<std::string, std::pair<std::int64_t, Millis>> adds;
    {
        std::lock_guard lock(m_queueMutex);
        refills.swap(m_refills);
        releases.swap(m_releases);
        adds.swap(m_adds);
    }
    for (const auto& [bucket, amount] : adds) {
        std::lock_guard lock(m_connectionMutex);
        const auto r = m_connection->eval(
            kAdd, {bucket}, {std::to_string(amount.first), std::to_string(amount.second)});
        if (!r.ok) {
            markDown(r.error);
            return;
        }
    }
    for (const auto& [bucket, amount] : releases) {
        std::lock_guard lock(m_connectionMutex);
        const auto r = m_connection->eval(kRelease, {bucket}, {std::to_string(amount)});
        if (!r.ok) {
            markDown(r.error);
            return;
        }
    }
    for (const auto& refill : refills) {
        const Millis now = m_clock->now();
        const auto index = windowIndex(refill.window, now);
        const auto lease = std::min(m_options.maxLease, refill.limit / m_options.leaseDivisor);
        const Remote r =
            lease > 0 ? reserve(refill.key, refill.window, index, refill.limit, 0, lease, true)
                      : Remote{};
        const bool kept = m_leases.ifPresent(refill.key, [&](Lease& l) {
            l.refillQueued = false;
            if (!r.ok)
                return;
            rollLease(refill.key, l, refill.window, now);
            l.tokens += r.granted;
            l.current = r.current;
            l.previous = r.previous;
            l.sharedRoom = std::max<std::int64_t>(0, r.room);
        });
        if (!kept && r.ok && r.granted > 0 && refill.window.kind == WindowKind::Sliding) {
            std::lock_guard lock(m_queueMutex);
            m_releases.emplace_back(bucketKey(refill.key, index), r.granted);
        }
    }
}

void RedisCounterStore::run() {
    std::unique_lock lock(m_queueMutex);
    while (!m_stopping) {
        m_wake.wait_for(lock, std::chrono::milliseconds(m_options.syncInterval));
        if (m_stopping)
            break;
        if (!m_up.load()) {
            const Millis now = steadyNow();
            if (!m_outageLogged) {
                m_outageLogged = true;
                const std::string line =
                    "rate-limit store: lost Redis at " + m_options.endpoint.host + ":" +
                    std::to_string(m_options.endpoint.port) + " (" + m_lastError + "); failing " +
                    (m_options.failure == FailureMode::Open ? "open" : "closed") +
                    " until it answers";
                lock.unlock();
                m_options.log(line);
                lock.lock();
            }
            if (now >= m_nextAttempt) {
                lock.unlock();
                std::string error;
                {
                    std::lock_guard connection(m_connectionMutex);
                    error = m_connection->connect({kReserveScript, kReleaseScript, kAddScript});
                }
                if (error.empty()) {
                    m_options.log("rate-limit store: Redis at " + m_options.endpoint.host + ":" +
                                  std::to_string(m_options.endpoint.port) + " answers again");
                }
                lock.lock();
                if (error.empty()) {
                    m_up = true;
                    m_outageLogged = false;
                    m_backoff = 0;
                } else {
                    m_lastError = error;
                    m_backoff = std::min(std::max<Millis>(m_backoff * 2, m_options.backoffInitial),
                                         m_options.backoffMax);
                    m_nextAttempt = steadyNow() + m_backoff;
                }
            }
        }
        if (m_up.load()) {
            lock.unlock();
            syncOnce();
            lock.lock();
        }
        ++m_generation;
        m_flushed.notify_all();
    }
    m_flushed.notify_all();
}

} // namespace portico::throttle
