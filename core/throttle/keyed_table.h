#pragma once

#include "core/throttle/clock.h"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace portico::throttle {

// Per-key state in shards, one mutex each (a request holds it for a few arithmetic operations),
// with a least-recently-used order per shard. `Value::idle(now)` says when a value holds nothing
// worth keeping: idle values are dropped first, and past `maxKeys` the least recently used key
// goes even if it is not idle, so that a flood of distinct keys cannot grow memory.
template <typename Value> class KeyedTable {
public:
    KeyedTable(std::size_t maxKeys, std::size_t shards)
        : m_perShard(
              std::max<std::size_t>(1, (maxKeys + shards - 1) / std::max<std::size_t>(shards, 1))) {
        for (std::size_t i = 0; i < std::max<std::size_t>(shards, 1); ++i)
            m_shards.push_back(std::make_unique<Shard>());
    }

    // Runs `f(value)` on the key's value (made with `make()` when absent) under its shard's lock.
    template <typename Make, typename F>
    auto with(std::string_view key, Millis now, Make&& make, F&& f) {
        Shard& shard = shardFor(key);
        std::lock_guard lock(shard.mutex);
        auto found = shard.index.find(key);
        if (found == shard.index.end()) {
            dropIdleTail(shard, now, 2);
            while (shard.index.size() >= m_perShard) {
                shard.index.erase(std::string_view(shard.order.back().key));
                shard.order.pop_back();
                m_evictions.fetch_add(1, std::memory_order_relaxed);
            }
            shard.order.push_front(Node{std::string(key), make()});
            found =
                shard.index.emplace(std::string_view(shard.order.front().key), shard.order.begin())
                    .first;
        } else if (found->second != shard.order.begin()) {
            shard.order.splice(shard.order.begin(), shard.order, found->second);
        }
        return f(found->second->value);
    }

    // Runs `f(value)` when the key exists; returns whether it did.
    template <typename F> bool ifPresent(std::string_view key, F&& f) {
        Shard& shard = shardFor(key);
        std::lock_guard lock(shard.mutex);
        const auto found = shard.index.find(key);
        if (found == shard.index.end())
            return false;
        f(found->second->value);
        return true;
    }

    // Visits every entry (shard by shard), dropping those for which `f` returns true.
    template <typename F> void sweep(F&& dropIf) {
        for (auto& shard : m_shards) {
            std::lock_guard lock(shard->mutex);
            for (auto it = shard->order.begin(); it != shard->order.end();) {
                if (dropIf(std::string_view(it->key), it->value)) {
                    shard->index.erase(std::string_view(it->key));
                    it = shard->order.erase(it);
                } else {
                    ++it;
                }
            }
        }
    }

    // Drops idle keys everywhere.
    void dropIdle(Millis now) {
        sweep([now](std::string_view, const Value& v) { return v.idle(now); });
    }

    std::size_t size() const {
        std::size_t total = 0;
        for (const auto& shard : m_shards) {
            std::lock_guard lock(shard->mutex);
            total += shard->index.size();
        }
        return total;
    }
    std::size_t capacity() const { return m_perShard * m_shards.size(); }
    std::uint64_t evictions() const { return m_evictions.load(std::memory_order_relaxed); }

private:
    struct Node {
        std::string key;
        Value value;
    };
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    struct Shard {
        std::mutex mutex;
        std::list<Node> order; // most recently used first
        std::unordered_map<std::string_view, typename std::list<Node>::iterator, Hash,
                           std::equal_to<>>
            index;
    };

    Shard& shardFor(std::string_view key) {
        // The high bits pick the shard; the map inside uses the whole hash.
        const std::size_t h = std::hash<std::string_view>{}(key);
        return *m_shards[(h >> 7 ^ h >> 29) % m_shards.size()];
    }

    void dropIdleTail(Shard& shard, Millis now, int atMost) {
        while (atMost-- > 0 && !shard.order.empty() && shard.order.back().value.idle(now)) {
            shard.index.erase(std::string_view(shard.order.back().key));
            shard.order.pop_back();
        }
    }

    std::size_t m_perShard;
    std::vector<std::unique_ptr<Shard>> m_shards;
    std::atomic<std::uint64_t> m_evictions{0};
};

} // namespace portico::throttle
