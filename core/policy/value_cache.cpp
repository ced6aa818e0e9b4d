#include "core/policy/value_cache.h"

#include "core/policy/expr/json_box.h"
#include "core/text/json_text.h"

namespace portico::policy {

namespace {

// What an entry costs: its key and its value's text, plus a fixed overhead.
std::size_t costOf(std::string_view key, const expr::Value& value) {
    constexpr std::size_t kOverhead = 96;
    std::size_t size = key.size() + kOverhead;
    switch (value.type()) {
    case expr::Ty::String:
    case expr::Ty::Guid:
    case expr::Ty::DayOfWeek:
    case expr::Ty::Bytes:
        size += value.asString().size();
        break;
    case expr::Ty::Json:
        size += text::jsonText(value.asJson()->value()).size() * 2;
        break;
    case expr::Ty::List:
        for (const expr::Value& item : *value.asList())
            size += costOf({}, item);
        break;
    default:
        break;
    }
    return size;
}

} // namespace

std::optional<expr::Value> detachedCopy(const expr::Value& value) {
    switch (value.type()) {
    case expr::Ty::Null:
    case expr::Ty::Bool:
    case expr::Ty::Int:
    case expr::Ty::Double:
    case expr::Ty::Char:
    case expr::Ty::String:
    case expr::Ty::DateTime:
    case expr::Ty::DateTimeOffset:
    case expr::Ty::TimeSpan:
    case expr::Ty::Guid:
    case expr::Ty::Bytes:
    case expr::Ty::Url: // an immutable copy of its URL
        return value;
    case expr::Ty::Json:
        return expr::Value::json(expr::detachedJson(*value.asJson()));
    case expr::Ty::List: {
        auto items = std::make_shared<expr::ValueList>();
        for (const expr::Value& item : *value.asList()) {
            auto copy = detachedCopy(item);
            if (!copy)
                return std::nullopt;
            items->push_back(std::move(*copy));
        }
        return expr::Value::list(std::move(items));
    }
    default:
        return std::nullopt;
    }
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

bool ValueCache::store(std::string key, const expr::Value& value, std::chrono::seconds ttl,
                       Clock::time_point now) {
    std::optional<expr::Value> copy = detachedCopy(value);
    if (!copy)
        return false;
    const std::size_t cost = costOf(key, value);
    std::lock_guard lock(m_mutex);
    if (const auto it = m_index.find(key); it != m_index.end())
        eraseLocked(it->second);
    if (cost > m_maxBytes || ttl.count() <= 0 || m_maxEntries == 0)
        return true;
    while (!m_entries.empty() && (m_entries.size() >= m_maxEntries || m_bytes + cost > m_maxBytes))
        eraseLocked(std::prev(m_entries.end()));
    m_entries.push_front({std::move(key), std::move(*copy), now + ttl, cost});
    m_index.emplace(std::string_view(m_entries.front().key), m_entries.begin());
    m_bytes += cost;
    return true;
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
    return detachedCopy(m_entries.front().value); // stored values always detach
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
