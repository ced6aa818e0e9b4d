#pragma once

#include "core/policy/value_cache.h"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::policy {

// What cache-lookup may tell clients' own caches (downstream-caching-type).
enum class DownstreamCaching { None, Private, Public };

// The Cache-Control value sent with a cached (or just stored) response.
std::string downstreamCacheControl(DownstreamCaching type, bool mustRevalidate,
                                   std::chrono::seconds maxAge);

struct CachedResponse {
    int status = 200;
    std::string reason;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::chrono::seconds remaining{0}; // lookup(): how long the entry still lives
};

// What cache-lookup decided for one request, for the cache-store that follows it.
struct CacheLookupState {
    std::string key;
    DownstreamCaching downstream = DownstreamCaching::None;
    bool mustRevalidate = true;
};

// The response cache behind cache-lookup and cache-store: bounded by entries and bytes (least
// recently used first out) and by each entry's time to live, shared by every request. A cache
// of its own, so cache-remove-value can never reach a cached response.
class ResponseCache {
public:
    using Clock = ValueCache::Clock;

    ResponseCache(std::size_t maxEntries, std::size_t maxBytes)
        : m_entries(maxEntries, maxBytes) {}

    // The process-wide cache: 10 000 responses, 128 MiB.
    static ResponseCache& shared();

    void store(std::string key, const CachedResponse& response, std::chrono::seconds ttl,
               Clock::time_point now = Clock::now());
    std::optional<CachedResponse> lookup(std::string_view key,
                                         Clock::time_point now = Clock::now());
    void clear() { m_entries.clear(); }
    std::size_t size() const { return m_entries.size(); }
    std::size_t bytes() const { return m_entries.bytes(); }

private:
    ValueCache m_entries; // each response serialised into one string
};

} // namespace portico::policy
