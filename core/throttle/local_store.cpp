#include "core/throttle/local_store.h"

#include <algorithm>

namespace portico::throttle {

void LocalCounterStore::Counter::roll(const Window& w, Millis now) {
    if (w.kind != window.kind || w.period != window.period || w.anchor != window.anchor) {
        window = w;
        slots.clear();
        return;
    }
    const auto stale = std::find_if(slots.begin(), slots.end(), [&](const SlotCount& slot) {
        return inWindow(window, now, slot.index);
    });
    slots.erase(slots.begin(), stale);
}

void LocalCounterStore::Counter::add(Millis now, std::int64_t amount) {
    const auto at = windowIndex(window, now);
    if (!slots.empty() && slots.back().index == at)
        slots.back().count += amount;
    else
        slots.push_back({at, amount});
}

bool LocalCounterStore::Counter::idle(Millis now) const {
    return slots.empty() || !inWindow(window, now, slots.back().index);
}

LocalCounterStore::LocalCounterStore(LocalStoreOptions options)
    : m_clock(options.clock ? options.clock : &SystemClock::instance())
    , m_table(options.maxKeys, options.shards) {}

Decision LocalCounterStore::decide(std::string_view key, const Window& window, std::int64_t limit,
                                   std::int64_t count, bool counting, bool unchecked) {
    const Millis now = m_clock->now();
    auto make = [&] { return Counter{window, {}}; };
    return m_table.with(key, now, make, [&](Counter& c) {
        c.roll(window, now);
        Decision d;
        d.limit = limit;
        const auto inUse = used(window, now, c.slots);
        d.admitted = unchecked || inUse + count <= limit;
        if (d.admitted && counting && count > 0)
            c.add(now, count);
        d.remaining = std::max<std::int64_t>(0, limit - used(window, now, c.slots));
        if (!d.admitted)
            d.wait = waitFor(window, now, c.slots, limit, count);
        else if (window.kind == WindowKind::Fixed)
            d.wait = windowStart(window, windowIndex(window, now) + 1) - now;
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
