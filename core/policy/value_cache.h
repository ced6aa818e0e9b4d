#pragma once

#include "core/policy/expr/value.h"

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace portico::policy {

// The gateway's internal cache for cache-store-value / cache-lookup-value / cache-remove-value:
// shared by every request (thread-safe), bounded by entries and bytes (least recently used
// entries go first) and by each entry's time to live. Values are kept as deep copies, so a
// request changing a JObject it looked up never changes the cached one.
class ValueCache {
public:
    using Clock = std::chrono::steady_clock;

    ValueCache(std::size_t maxEntries, std::size_t maxBytes)
        : m_maxEntries(maxEntries)
        , m_maxBytes(maxBytes) {}

    // The process-wide cache the policies use: 100 000 entries, 64 MiB.
    static ValueCache& shared();

    // False, keeping nothing, when the value cannot be detached from its request.
    bool store(std::string key, const expr::Value& value, std::chrono::seconds ttl,
               Clock::time_point now = Clock::now());
    std::optional<expr::Value> lookup(std::string_view key, Clock::time_point now = Clock::now());
    void remove(std::string_view key);
    void clear();

    std::size_t size() const;
    std::size_t bytes() const;

private:
    struct Entry {
        std::string key;
        expr::Value value;
        Clock::time_point expires;
        std::size_t bytes = 0;
    };
    using Entries = std::list<Entry>; // most recently used first

    void eraseLocked(Entries::iterator it);

    const std::size_t m_maxEntries;
    const std::size_t m_maxBytes;
    mutable std::mutex m_mutex;
    Entries m_entries;
    std::unordered_map<std::string_view, Entries::iterator> m_index; // views into Entry::key
    std::size_t m_bytes = 0;
};

// A copy of `value` that shares nothing mutable with it (JSON and lists are copied); nullopt
// when it holds something bound to its request or its evaluation (context objects, header
// dictionaries, a Random or a hash object), which another request must not reach.
std::optional<expr::Value> detachedCopy(const expr::Value& value);

} // namespace portico::policy
