#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

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
    void keep(const std::string& resource, const std::string& clientId, std::string token,
              Clock::time_point expiresAt, Clock::time_point now = Clock::now());

private:
    struct Entry {
        std::string token;
        Clock::time_point renewAt;
    };
    static std::string keyOf(const std::string& resource, const std::string& clientId);

    mutable std::mutex m_mutex;
    std::map<std::string, Entry> m_entries;
};

} // namespace portico::secrets
