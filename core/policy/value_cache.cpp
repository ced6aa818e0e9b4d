#include "core/policy/value_cache.h"

#include "core/policy/expr/json_box.h"

namespace portico::policy {

namespace {

// What an entry costs: its key and its value's text, plus a fixed overhead.
std::size_t costOf(std::string_view key, const expr::Value& value) {
    constexpr std::size_t kOverhead = 96;
    std::size_t size = key.size() + kOverhead;
    switch (value.type()) {
    case expr::Ty::String:
    case expr::Ty::Guid:
    case expr::Ty::Bytes:
        size += value.asString().size();
        break;
    case expr::Ty::Json:
        size += value.asJson()->json.dump().size() * 2;
        break;
    default:
        break;
    }
    return size;
}

} // namespace

expr::Value detachedCopy(const expr::Value& value) {
    if (value.type() != expr::Ty::Json)
        return value;
    auto box = std::make_shared<expr::JsonBox>(*value.asJson());
    return expr::Value::json(std::move(box));
}

ValueCache& ValueCache::shared() {
    static ValueCache cache(100'000, 64u << 20);
    return cache;
}

void ValueCache::eraseLocked(Entries::iterator it) {
    m_bytes -= it->bytes;
    m_index.erase(std::string_view(it->key));
    m_entries.erase(it);
}

void ValueCache::store(std::string key, const expr::Value& value, std::chrono::seconds ttl,
                       Clock::time_point now) {
    const std::size_t cost = costOf(key, value);
    expr::Value copy = detachedCopy(value);
    std::lock_guard lock(m_mutex);
    if (const auto it = m_index.find(key); it != m_index.end())
        eraseLocked(it->second);
    if (cost > m_maxBytes || ttl.count() <= 0 || m_maxEntries == 0)
        return;
    while (!m_entries.empty() && (m_entries.size() >= m_maxEntries || m_bytes + cost > m_maxBytes))
        eraseLocked(std::prev(m_entries.end()));
    m_entries.push_front({std::move(key), std::move(copy), now + ttl, cost});
    m_index.emplace(std::string_view(m_entries.front().key), m_entries.begin());
    m_bytes += cost;
}

std::optional<expr::Value> ValueCache::lookup(std::string_view key, Clock::time_point now) {
    std::lock_guard lock(m_mutex);
    const auto it = m_index.find(key);
    if (it == m_index.end())
        return std::nullopt;
    if (it->second->expires <= now) {
        eraseLocked(it->second);
        return std::nullopt;
    }
    m_entries.splice(m_entries.begin(), m_entries, it->second);
    return detachedCopy(m_entries.front().value);
}

void ValueCache::remove(std::string_view key) {
    std::lock_guard lock(m_mutex);
    if (const auto it = m_index.find(key); it != m_index.end())
        eraseLocked(it->second);
}

void ValueCache::clear() {
    std::lock_guard lock(m_mutex);
    m_index.clear();
    m_entries.clear();
    m_bytes = 0;
}

std::size_t ValueCache::size() const {
    std::lock_guard lock(m_mutex);
    return m_entries.size();
}

std::size_t ValueCache::bytes() const {
    std::lock_guard lock(m_mutex);
    return m_bytes;
}

} // namespace portico::policy
