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
    auto key = keyOf(resource, clientId);
    std::unique_lock lock(m_mutex);
    if (m_entries.size() >= kMaxEntries)
        std::erase_if(m_entries, [&](const auto& entry) { return entry.second.renewAt <= now; });
    // When full of live tokens, this one is asked for again next time.
    if (m_entries.size() < kMaxEntries || m_entries.count(key))
        m_entries[key] = Entry{std::move(token), expiresAt - margin};
    endFetch(key, lock);
}

TokenCache::Fetch TokenCache::claimFetch(const std::string& resource, const std::string& clientId,
                                         std::function<void()> wake) {
    auto key = keyOf(resource, clientId);
    std::lock_guard lock(m_mutex);
    const auto [fetch, mine] = m_fetching.try_emplace(std::move(key));
    if (mine)
        return Fetch::Mine;
    fetch->second.push_back(std::move(wake));
    return Fetch::Theirs;
}

void TokenCache::abandonFetch(const std::string& resource, const std::string& clientId) {
    const auto key = keyOf(resource, clientId);
    std::unique_lock lock(m_mutex);
    endFetch(key, lock);
}

void TokenCache::endFetch(const std::string& key, std::unique_lock<std::mutex>& lock) {
    const auto fetch = m_fetching.find(key);
    if (fetch == m_fetching.end())
        return;
    const auto waiters = std::move(fetch->second);
    m_fetching.erase(fetch);
    lock.unlock(); // a waiter may look again at once
    for (const auto& wake : waiters)
        wake();
}

} // namespace portico::secrets
