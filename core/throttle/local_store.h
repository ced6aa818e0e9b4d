#pragma once

#include "core/throttle/counter_store.h"
#include "core/throttle/keyed_table.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace portico::throttle {

struct LocalStoreOptions {
    // Distinct keys kept at most; about 150 bytes each plus the key and 16 bytes per slot with
    // calls (at most kMaxSlots), so 100,000 keys stay near 25 MB when each sees a call now and
    // then and near 115 MB when every one is busy every second. Past it the least recently used
    // key is forgotten (its caller starts afresh).
    std::size_t maxKeys = 100'000;
    std::size_t shards = 64;
    const Clock* clock = nullptr; // the system clock when null
};

// Counters of one gateway process, exact under concurrency: check-and-count happens under the
// key's shard lock.
class LocalCounterStore final : public CounterStore {
public:
    explicit LocalCounterStore(LocalStoreOptions options = {});

    Decision check(std::string_view key, const Window& window, std::int64_t limit,
                   std::int64_t count) override;
    void add(std::string_view key, const Window& window, std::int64_t amount) override;
    const Clock& clock() const override { return *m_clock; }

    // Forgets keys whose windows have passed; the gateway calls this now and then.
    void dropIdle() { m_table.dropIdle(m_clock->now()); }
    std::size_t size() const { return m_table.size(); }
    std::size_t capacity() const { return m_table.capacity(); }
    std::uint64_t evictions() const { return m_table.evictions(); }

protected:
    Decision tryAcquire(std::string_view key, const Window& window, std::int64_t limit,
                        std::int64_t count) override;

private:
    struct Counter {
        Window window;
        std::vector<SlotCount> slots; // oldest first; only slots still in the window

        void roll(const Window& w, Millis now);
        void add(Millis now, std::int64_t amount);
        bool idle(Millis now) const;
    };
    Decision decide(std::string_view key, const Window& window, std::int64_t limit,
                    std::int64_t count, bool counting, bool unchecked = false);

    const Clock* m_clock;
    KeyedTable<Counter> m_table;
};

} // namespace portico::throttle
