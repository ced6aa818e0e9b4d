#include "core/secrets/token_cache.h"

#include <algorithm>

namespace portico::secrets {

std::string TokenCache::keyOf(const std::string& resource, const std::string& clientId) {
    return clientId + '\n' + resource; // neither holds a line end
}

std::optional<std::string> TokenCache::find(const std::string& resource,
                                            const std::string& clientId,
                                            Clock::time_point now) const {
    std::lock_guard lock(m_mutex);
    const auto it = m_entries.find(keyOf(resource, clientId));
    if (it == m_entries.end() || it->second.renewAt <= now)
        return std::nullopt;
    return it->second.token;
}

void TokenCache::keep(const std::string& resource, const std::string& clientId, std::string token,
                      Clock::time_point expiresAt, Clock::time_point now) {
    const auto margin = std::min<Clock::duration>(std::chrono::minutes(5), (expiresAt - now) / 2);
    std::lock_guard lock(m_mutex);
    if (m_entries.size() >= kMaxEntries)
        std::erase_if(m_entries, [&](const auto& entry) { return entry.second.renewAt <= now; });
    auto key = keyOf(resource, clientId);
    if (m_entries.size() >= kMaxEntries && !m_entries.count(key))
        return; // full of live tokens: this one is asked for again next time
    m_entries[std::move(key)] = Entry{std::move(token), expiresAt - margin};
}

} // namespace portico::secrets
