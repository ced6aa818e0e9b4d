#include "core/throttle/redis_store.h"

#include "core/gateway/log.h"
#include "core/throttle/redis_connection.h"

#include <algorithm>
#include <chrono>

namespace portico::throttle {

namespace {

// KEYS: the counter's hash (field = slot index, value = calls). ARGV: limit, need, extra, slot
// index now, slots per window, ttl, divisor, counting (0|1), hand-back slot, hand-back calls.
// First hands back the replica's unused calls of an earlier slot (never below zero), so that
// they are room for this very request; then drops slots that fell out of the window; grants
// `need` plus up to `extra` spare calls (at most 1/divisor of the room left) when `need` fits,
// and counts the grant in the current slot. Returns {granted, admitted, index, calls, index,
// calls, ...} with the calls before the grant.
constexpr const char* kReserveScript = R"lua(
local limit = tonumber(ARGV[1])
local need = tonumber(ARGV[2])
local extra = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
local span = tonumber(ARGV[5])
local ttl = tonumber(ARGV[6])
local divisor = tonumber(ARGV[7])
local back = tonumber(ARGV[10])
if back > 0 then
  local held = tonumber(redis.call('HGET', KEYS[1], ARGV[9]) or '0')
  if back > held then back = held end
  if back > 0 then redis.call('HINCRBY', KEYS[1], ARGV[9], -back) end
end
local all = redis.call('HGETALL', KEYS[1])
local used = 0
local out = {0, 0}
for i = 1, #all, 2 do
  local at = tonumber(all[i])
  local n = tonumber(all[i + 1])
  if at <= now - span then
    redis.call('HDEL', KEYS[1], all[i])
  else
    used = used + n
    out[#out + 1] = at
    out[#out + 1] = n
  end
end
local room = limit - used
if room < need then return out end
out[2] = 1
if ARGV[8] ~= '1' then return out end
local spare = math.floor((room - need) / divisor)
if spare > extra then spare = extra end
if spare < 0 then spare = 0 end
local grant = need + spare
if grant > 0 then
  redis.call('HINCRBY', KEYS[1], ARGV[4], grant)
  redis.call('PEXPIRE', KEYS[1], ttl)
end
out[1] = grant
return out
)lua";

// Hands back calls reserved in a slot that are no longer needed (never below zero, never
// recreating an expired counter). KEYS: hash. ARGV: slot index, calls.
constexpr const char* kReleaseScript = R"lua(
local cur = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if cur <= 0 then return 0 end
local back = tonumber(ARGV[2])
if back > cur then back = cur end
return redis.call('HINCRBY', KEYS[1], ARGV[1], -back)
)lua";

// Adds without a check (bandwidth). KEYS: hash. ARGV: slot index, amount, ttl.
constexpr const char* kAddScript = R"lua(
local v = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return v
)lua";

enum Script : std::size_t { kReserve, kRelease, kAdd };

Millis steadyNow() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Until the slot counted now falls out of the window, and a second more.
Millis bucketTtl(const Window& window, std::int64_t index, Millis now) {
    return std::max<Millis>(1, windowStart(window, index + slotsPerWindow(window)) - now + 1'000);
}

bool sameWindow(const Window& a, const Window& b) {
    return a.kind == b.kind && a.period == b.period && a.anchor == b.anchor;
}

} // namespace

bool RedisCounterStore::Lease::idle(Millis now) const {
    return !inWindow(window, now, index);
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

std::string RedisCounterStore::hashKey(std::string_view key) const {
    std::string out = m_options.keyPrefix;
    out.append(key);
    return out;
}

RedisCounterStore::Remote RedisCounterStore::reserve(std::string_view key, const Window& window,
                                                     std::int64_t index, std::int64_t limit,
                                                     std::int64_t need, std::int64_t extra,
                                                     bool counting, HandBack back) {
    const Millis now = m_clock->now();
    RedisConnection::Reply reply;
    {
        std::lock_guard lock(m_connectionMutex);
        if (!m_connection->connected())
            return {};
        reply = m_connection->eval(
            kReserve, {hashKey(key)},
            {std::to_string(limit), std::to_string(need), std::to_string(extra),
             std::to_string(index), std::to_string(slotsPerWindow(window)),
             std::to_string(bucketTtl(window, index, now)), std::to_string(m_options.leaseDivisor),
             counting ? "1" : "0", std::to_string(back.index), std::to_string(back.calls)});
    }
    if (!reply.ok || reply.integers.size() < 2 || reply.integers.size() % 2 != 0) {
        markDown(reply.error.empty() ? "unexpected reply to the reserve script" : reply.error);
        return {};
    }
    Remote r;
    r.ok = true;
    r.granted = reply.integers[0];
    r.admitted = reply.integers[1] == 1;
    bool current = false;
    for (std::size_t i = 2; i + 1 < reply.integers.size(); i += 2) {
        r.slots.push_back({reply.integers[i], reply.integers[i + 1]});
        if (reply.integers[i] == index) {
            r.slots.back().count += r.granted;
            current = true;
        }
    }
    if (!current && r.granted > 0)
        r.slots.push_back({index, r.granted});
    std::sort(r.slots.begin(), r.slots.end(),
              [](const SlotCount& a, const SlotCount& b) { return a.index < b.index; });
    r.room = limit - used(window, now, r.slots);
    return r;
}

RedisCounterStore::HandBack RedisCounterStore::rollLease(Lease& lease, const Window& window,
                                                         Millis now) {
    const auto at = windowIndex(window, now);
    const bool same = sameWindow(window, lease.window);
    if (same && at == lease.index)
        return {};
    HandBack back;
    // Unused calls still count in their slot until it falls out: they go back to it.
    if (same && lease.tokens > 0 && inWindow(window, now, lease.index))
        back = {lease.index, lease.tokens};
    lease.tokens = 0;
    lease.window = window;
    lease.index = at;
    if (!same)
        lease.sharedRoom = lease.limit;
    return back;
}

bool RedisCounterStore::absorbGrant(std::string_view key, Lease& lease, const Window& window,
                                    std::int64_t index, std::int64_t calls, Millis asked) {
    // Another request may have moved the lease to a later slot during the round trip; it is
    // never moved back.
    const Millis now = std::max(asked, m_clock->now());
    queueHandBack(key, rollLease(lease, window, now));
    if (lease.index == index) {
        lease.tokens += calls;
        return true;
    }
    if (inWindow(window, now, index))
        queueHandBack(key, {index, calls});
    return false;
}

void RedisCounterStore::queueHandBack(std::string_view key, HandBack back) {
    if (back.calls <= 0)
        return;
    std::lock_guard lock(m_queueMutex);
    m_releases.push_back({hashKey(key), back.index, back.calls});
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
    auto make = [&] { return Lease{window, index, 0, limit, limit, false, 0, 0, 0}; };
    Decision d;
    d.limit = limit;
    bool refill = false;
    HandBack back;
    const bool local = m_leases.with(key, now, make, [&](Lease& l) {
        back = rollLease(l, window, now);
        l.limit = limit;
        if (l.tokens < count) {
            if (now >= l.recheckAt || count < l.deniedCount)
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
    if (local || !m_up.load()) {
        queueHandBack(key, back);
        if (local)
            return d;
        return unavailable(limit, count);
    }

    // The hand-back rides on this round trip, so this replica's own unused calls are room for
    // this request instead of being denied before the background thread returns them.
    m_syncTrips.fetch_add(1, std::memory_order_relaxed);
    const Remote r = reserve(key, window, index, limit, count, lease, true, back);
    if (!r.ok) {
        queueHandBack(key, back);
        return unavailable(limit, count);
    }
    std::int64_t tokens = 0;
    m_leases.with(key, now, make, [&](Lease& l) {
        absorbGrant(key, l, window, index, r.granted - (r.admitted ? count : 0), now);
        l.sharedRoom = std::max<std::int64_t>(0, r.room);
        tokens = l.tokens;
        if (!r.admitted) {
            l.deniedUntil = now + waitFor(window, now, r.slots, limit, count);
            l.recheckAt = std::min(l.deniedUntil, windowStart(window, index + 1));
            l.deniedCount = count;
        }
    });
    d.admitted = r.admitted;
    d.remaining = std::max<std::int64_t>(0, r.room + tokens);
    if (!r.admitted)
        d.wait = waitFor(window, now, r.slots, limit, count);
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
        HandBack back;
        m_leases.ifPresent(key, [&](Lease& l) {
            back = rollLease(l, window, now);
            if (l.tokens >= count) {
                local = true;
                d.admitted = true;
                d.remaining = std::max<std::int64_t>(0, l.sharedRoom + l.tokens);
            }
        });
        queueHandBack(key, back);
        if (local)
            return d;
    }
    if (!m_up.load())
        return unavailable(limit, count);
    m_syncTrips.fetch_add(1, std::memory_order_relaxed);
    const Remote r = reserve(key, window, index, limit, count, 0, false, {});
    if (!r.ok)
        return unavailable(limit, count);
    d.admitted = r.admitted;
    d.remaining = std::max<std::int64_t>(0, r.room);
    if (!r.admitted)
        d.wait = waitFor(window, now, r.slots, limit, count);
    else if (window.kind == WindowKind::Fixed)
        d.wait = windowStart(window, index + 1) - now;
    return d;
}

void RedisCounterStore::add(std::string_view key, const Window& window, std::int64_t amount) {
    const Millis now = m_clock->now();
    const auto index = windowIndex(window, now);
    std::lock_guard lock(m_queueMutex);
    auto& pending = m_adds[{hashKey(key), index}];
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
    std::vector<Release> releases;
    std::map<std::pair<std::string, std::int64_t>, std::pair<std::int64_t, Millis>> adds;
    {
        std::lock_guard lock(m_queueMutex);
        refills.swap(m_refills);
        releases.swap(m_releases);
        adds.swap(m_adds);
    }
    for (const auto& [bucket, amount] : adds) {
        std::lock_guard lock(m_connectionMutex);
        const auto r =
            m_connection->eval(kAdd, {bucket.first},
                               {std::to_string(bucket.second), std::to_string(amount.first),
                                std::to_string(amount.second)});
        if (!r.ok) {
            markDown(r.error);
            return;
        }
    }
    for (const auto& release : releases) {
        std::lock_guard lock(m_connectionMutex);
        const auto r =
            m_connection->eval(kRelease, {release.hash},
                               {std::to_string(release.index), std::to_string(release.amount)});
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
            lease > 0 ? reserve(refill.key, refill.window, index, refill.limit, 0, lease, true, {})
                      : Remote{};
        bool handled = false;
        m_leases.ifPresent(refill.key, [&](Lease& l) {
            l.refillQueued = false;
            if (!r.ok || !sameWindow(l.window, refill.window))
                return;
            handled = true;
            if (absorbGrant(refill.key, l, refill.window, index, r.granted, now))
                l.sharedRoom = std::max<std::int64_t>(0, r.room);
        });
        // The lease is gone or serves another window now: the grant goes back to its slot.
        if (!handled && r.ok && inWindow(refill.window, m_clock->now(), index))
            queueHandBack(refill.key, {index, r.granted});
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
