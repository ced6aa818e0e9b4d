#include "core/gateway/trace_store.h"

#include "core/security/key_hash.h"

#include <algorithm>

namespace portico::gateway {

std::string TraceStore::issueCredential(std::chrono::seconds validFor) {
    std::string credential = security::generateSubscriptionKey();
    std::lock_guard lock(m_mutex);
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(m_credentials, [&](const Credential& c) { return c.expires <= now; });
    m_credentials.push_back({security::hashSubscriptionKey(credential), now + validFor});
    return credential;
}

bool TraceStore::acceptsCredential(std::string_view presented) {
    if (presented.empty())
        return false;
    std::lock_guard lock(m_mutex);
    const auto now = std::chrono::steady_clock::now();
    return std::any_of(m_credentials.begin(), m_credentials.end(), [&](const Credential& c) {
        return c.expires > now && security::verifySubscriptionKey(presented, c.hash);
    });
}

std::string TraceStore::put(std::string json) {
    std::string id = security::generateSubscriptionKey(); // unguessable: traces show internals
    std::lock_guard lock(m_mutex);
    m_traces.emplace_back(id, std::move(json));
    while (m_traces.size() > m_capacity)
        m_traces.pop_front();
    return id;
}

std::optional<std::string> TraceStore::get(std::string_view id) const {
    std::lock_guard lock(m_mutex);
    for (const auto& [key, json] : m_traces) {
        if (key == id)
            return json;
    }
    return std::nullopt;
}

} // namespace portico::gateway
