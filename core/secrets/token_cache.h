#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace portico::secrets {

// Access tokens by the resource and identity they were issued for, kept in memory until shortly
// before they expire (as APIM keeps managed identity tokens). Shared by every worker thread.
class TokenCache {
public:
    using Clock = std::chrono::system_clock;
    static constexpr std::size_t kMaxEntries = 1024; // resources may come from expressions

    std::optional<std::string> find(const std::string& resource, const std::string& clientId,
                                    Clock::time_point now = Clock::now()) const;
    // Keeps `token` until 5 minutes before `expiresAt` (half its life when that is shorter).
    // Also ends the fetch claimed for it.
    void keep(const std::string& resource, const std::string& clientId, std::string token,
              Clock::time_point expiresAt, Clock::time_point now = Clock::now());

    // One fetch per token at a time, so that a burst of calls on a cold cache asks the metadata
    // service once (IMDS throttles a VM at a few requests a second). Mine: the caller is to
    // fetch the token, then keep() it or abandonFetch(). Theirs: another caller is fetching it,
    // and `wake` runs, on whichever thread ends that fetch, once it ends either way.
    enum class Fetch { Mine, Theirs };
    Fetch claimFetch(const std::string& resource, const std::string& clientId,
                     std::function<void()> wake);
    void abandonFetch(const std::string& resource, const std::string& clientId);

private:
    struct Entry {
        std::string token;
        Clock::time_point renewAt;
    };
    static std::string keyOf(const std::string& resource, const std::string& clientId);
    void endFetch(const std::string& key, std::unique_lock<std::mutex>& lock);

    mutable std::mutex m_mutex;
    std::map<std::string, Entry> m_entries;
    std::map<std::string, std::vector<std::function<void()>>> m_fetching; // waiters by key
};

} // namespace portico::secrets
