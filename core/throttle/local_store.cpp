#include "core/throttle/local_store.h"

#include <algorithm>

namespace portico::throttle {

void LocalCounterStore::Counter::roll(const Window& w, Millis now) {
    const auto at = windowIndex(w, now);
    if (w.kind != window.kind || w.period != window.period || w.anchor != window.anchor) {
        window = w;
        index = at;
        current = previous = 0;
        return;
    }
    if (at == index)
        return;
    previous = (w.kind == WindowKind::Sliding && at == index + 1) ? current : 0;
    current = 0;
    index = at;
}

bool LocalCounterStore::Counter::idle(Millis now) const {
    const auto at = windowIndex(window, now);
    return at >= index + (window.kind == WindowKind::Sliding ? 2 : 1);
}

LocalCounterStore::LocalCounterStore(LocalStoreOptions options)
    : m_clock(options.clock ? options.clock : &SystemClock::instance())
    , m_table(options.maxKeys, options.shards) {}

Decision LocalCounterStore::decide(std::string_view key, const Window& window, std::int64_t limit,
                                   std::int64_t count, bool counting, bool unchecked) {
    const Millis now = m_clock->now();
    auto make = [&] { return Counter{window, windowIndex(window, now), 0, 0}; };
    return m_table.with(key, now, make, [&](Counter& c) {
        c.roll(window, now);
        Decision d;
        d.limit = limit;
        const auto room = available(window, now, c.current, c.previous, limit);
        d.admitted = unchecked || room >= count;
        if (d.admitted && counting)
            c.current += count;
        const auto left = available(window, now, c.current, c.previous, limit);
        d.remaining = std::max<std::int64_t>(0, left);
        if (!d.admitted)
            d.wait = waitFor(window, now, c.current, c.previous, limit, count);
        else if (window.kind == WindowKind::Fixed)
            d.wait = windowStart(window, c.index + 1) - now;
        return d;
    });
}

Decision LocalCounterStore::tryAcquire(std::string_view key, const Window& window,
                                       std::int64_t limit, std::int64_t count) {
    return decide(key, window, limit, count, true);
}

Decision LocalCounterStore::check(std::string_view key, const Window& window, std::int64_t limit,
                                  std::int64_t count) {
    return decide(key, window, limit, count, false);
}

void LocalCounterStore::add(std::string_view key, const Window& window, std::int64_t amount) {
    decide(key, window, 0, amount, true, true);
}

} // namespace portico::throttle
