#include "core/policy/response_cache.h"

#include <charconv>

namespace portico::policy {

namespace {

// Fields are written as "<length>:<bytes>", so any byte (a binary body) survives.
void put(std::string& out, std::string_view field) {
    out += std::to_string(field.size());
    out += ':';
    out += field;
}

class Reader {
public:
    explicit Reader(std::string_view text)
        : m_rest(text) {}

    std::optional<std::string_view> field() {
        const auto colon = m_rest.find(':');
        std::size_t size = 0;
        if (colon == std::string_view::npos ||
            std::from_chars(m_rest.data(), m_rest.data() + colon, size).ec != std::errc() ||
            m_rest.size() - colon - 1 < size)
            return std::nullopt;
        const auto value = m_rest.substr(colon + 1, size);
        m_rest.remove_prefix(colon + 1 + size);
        return value;
    }
    std::optional<std::int64_t> number() {
        const auto text = field();
        std::int64_t value = 0;
        if (!text ||
            std::from_chars(text->data(), text->data() + text->size(), value).ec != std::errc())
            return std::nullopt;
        return value;
    }

private:
    std::string_view m_rest;
};

} // namespace

std::string downstreamCacheControl(DownstreamCaching type, bool mustRevalidate,
                                   std::chrono::seconds maxAge) {
    if (type == DownstreamCaching::None)
        return "no-store";
    std::string value = type == DownstreamCaching::Private ? "private" : "public";
    value += ", max-age=" + std::to_string(std::max<std::int64_t>(maxAge.count(), 0));
    if (mustRevalidate)
        value += ", must-revalidate";
    return value;
}

ResponseCache& ResponseCache::shared() {
    static ResponseCache cache(10'000, 128u << 20);
    return cache;
}

void ResponseCache::store(std::string key, const CachedResponse& response, std::chrono::seconds ttl,
                          Clock::time_point now) {
    const auto expires =
        std::chrono::duration_cast<std::chrono::seconds>((now + ttl).time_since_epoch());
    std::string entry;
    entry.reserve(response.body.size() + 256);
    put(entry, std::to_string(expires.count()));
    put(entry, std::to_string(response.status));
    put(entry, response.reason);
    put(entry, std::to_string(response.headers.size()));
    for (const auto& [name, value] : response.headers) {
        put(entry, name);
        put(entry, value);
    }
    put(entry, response.body);
    m_entries.store(std::move(key), expr::Value::string(std::move(entry)), ttl, now);
}

std::optional<CachedResponse> ResponseCache::lookup(std::string_view key, Clock::time_point now) {
    const auto value = m_entries.lookup(key, now);
    if (!value)
        return std::nullopt;
    Reader reader(value->asString());
    CachedResponse response;
    const auto expires = reader.number();
    const auto status = reader.number();
    const auto reason = reader.field();
    const auto count = reader.number();
    if (!expires || !status || !reason || !count)
        return std::nullopt;
    response.status = static_cast<int>(*status);
    response.reason = std::string(*reason);
    for (std::int64_t i = 0; i < *count; ++i) {
        const auto name = reader.field();
        const auto headerValue = reader.field();
        if (!name || !headerValue)
            return std::nullopt;
        response.headers.emplace_back(std::string(*name), std::string(*headerValue));
    }
    const auto body = reader.field();
    if (!body)
        return std::nullopt;
    response.body = std::string(*body);
    response.remaining = std::chrono::seconds(*expires) -
                         std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
    return response;
}

} // namespace portico::policy
