#pragma once

#include "core/identity/http_get.h"
#include "core/security/jwt/key_set.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace portico::identity {

// What an OpenID Connect provider published: its issuer and its signing keys.
struct ProviderKeys {
    std::string issuer;
    std::shared_ptr<const security::jwt::KeySet> keys;
    std::vector<std::string> problems; // JWKS entries skipped, and why
};

// Fetches OpenID configurations and their JWKS on its own thread, never on a gateway event loop.
// Keys are cached and refreshed every hour; a token naming an unknown `kid` triggers a refetch at
// most once per 5 minutes per configuration, and so does a failed fetch; when the provider is
// down the last good keys stay in use. One instance serves every worker and outlives
// configuration reloads. Thread-safe.
class KeyProvider {
public:
    struct Options {
        std::chrono::milliseconds refreshInterval{std::chrono::hours(1)};
        std::chrono::milliseconds minRefetchInterval{std::chrono::minutes(5)};
        HttpGetOptions http;
        HttpFetcher fetcher; // empty: httpGet with `http`
    };

    KeyProvider();
    explicit KeyProvider(Options options);
    ~KeyProvider(); // stops the thread; pending callbacks still run
    KeyProvider(const KeyProvider&) = delete;
    KeyProvider& operator=(const KeyProvider&) = delete;

    // The last good keys for the configuration URL, or nullptr before the first success. Never
    // blocks on the network. Also registers the URL for periodic refresh.
    std::shared_ptr<const ProviderKeys> current(const std::string& configUrl);
    // A count that moves whenever new keys are published for any URL: what current() gave stays
    // current while it has not moved. Read without the lock.
    std::uint64_t publications() const { return m_publications.load(std::memory_order_acquire); }

    enum class Reason {
        Initial,    // no keys yet: fetch unless an attempt failed within the refetch interval
        UnknownKid, // keys exist but lack the token's kid: fetch at most once per interval
    };
    // Starts a fetch if the reason and the throttle allow it. `done` runs on the provider's
    // thread when that fetch ends, or right away there when no fetch is due; never on the
    // caller's thread. Afterwards current() holds whatever is best known.
    void refresh(const std::string& configUrl, Reason reason, std::function<void()> done);

    // Whether refresh() with this reason would fetch now (rather than answer at once): lets a
    // caller skip the round trip for tokens whose kid cannot be found for a while.
    bool fetchDue(const std::string& configUrl, Reason reason) const;

    // The last failure for the URL in words ("" after a success): for logs and traces.
    std::string lastError(const std::string& configUrl) const;
    // Fetch attempts made for the URL so far (tests, metrics).
    int attempts(const std::string& configUrl) const;

    // The process-wide provider the policies use; created on first use.
    static std::shared_ptr<KeyProvider> shared();
    // Replaces it (tests); policies compiled afterwards use the new one.
    static void setShared(std::shared_ptr<KeyProvider> provider);

private:
    using Clock = std::chrono::steady_clock;
    struct Source {
        std::shared_ptr<const ProviderKeys> keys;
        Clock::time_point lastAttempt{};
        Clock::time_point nextRefresh{};
        bool attempted = false;
        bool queued = false;
        int attempts = 0;
        std::string lastError;
        std::vector<std::function<void()>> waiters;
    };

    void loop();
    void fetch(const std::string& url); // on the thread, without the lock
    bool throttled(const Source& source, Clock::time_point now) const;

    Options m_options;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::map<std::string, Source> m_sources;
    std::atomic<std::uint64_t> m_publications{0};
    std::vector<std::string> m_queue;
    std::vector<std::function<void()>> m_callbacks; // run on the thread, no fetch needed
    bool m_stopping = false;
    std::thread m_thread;
};

// Parses an OpenID Provider Metadata document: `issuer` and `jwks_uri` (which must pass
// checkIdentityUrl). Empty error when fine.
struct OpenIdConfiguration {
    std::string issuer;
    std::string jwksUri;
    std::string error;
};
OpenIdConfiguration parseOpenIdConfiguration(std::string_view json);

} // namespace portico::identity
