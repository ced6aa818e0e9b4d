#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::gateway {

// Request traces (APIM's Ocp-Apim-Trace) and the debug credentials that unlock them. Traces are
// kept in memory only, the newest `capacity` of them, under unguessable ids; credentials are
// stored as salted hashes and expire. Shared by the workers and the admin listener.
class TraceStore {
public:
    explicit TraceStore(std::size_t capacity = 200)
        : m_capacity(capacity) {}

    // A new credential for `Apim-Debug-Authorization`, shown once.
    std::string issueCredential(std::chrono::seconds validFor);
    bool acceptsCredential(std::string_view presented);

    // Stores a trace and returns its id.
    std::string put(std::string json);
    std::optional<std::string> get(std::string_view id) const;

private:
    struct Credential {
        std::string hash;
        std::chrono::steady_clock::time_point expires;
    };

    std::size_t m_capacity;
    mutable std::mutex m_mutex;
    std::deque<std::pair<std::string, std::string>> m_traces; // id, JSON; oldest first
    std::vector<Credential> m_credentials;
};

} // namespace portico::gateway
