#include "core/identity/key_provider.h"

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>

#include <cstdlib>

namespace portico::identity {

OpenIdConfiguration parseOpenIdConfiguration(std::string_view text) {
    OpenIdConfiguration result;
    const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) {
        result.error = "the OpenID configuration is not a JSON object";
        return result;
    }
    const auto issuer = json.find("issuer");
    const auto jwks = json.find("jwks_uri");
    if (issuer == json.end() || !issuer->is_string() || issuer->get<std::string>().empty()) {
        result.error = "the OpenID configuration has no \"issuer\" string";
        return result;
    }
    if (jwks == json.end() || !jwks->is_string()) {
        result.error = "the OpenID configuration has no \"jwks_uri\" string";
        return result;
    }
    result.issuer = issuer->get<std::string>();
    result.jwksUri = jwks->get<std::string>();
    if (auto why = checkIdentityUrl(result.jwksUri); !why.empty())
        result.error = "jwks_uri \"" + result.jwksUri + "\": " + why;
    return result;
}

KeyProvider::KeyProvider()
    : KeyProvider(Options{}) {}

KeyProvider::KeyProvider(Options options)
    : m_options(std::move(options)) {
    if (!m_options.fetcher) {
        m_options.fetcher = [http = m_options.http](const std::string& url) {
            return httpGet(url, http);
        };
    }
    m_thread = std::thread([this] { loop(); });
}

KeyProvider::~KeyProvider() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

std::shared_ptr<const ProviderKeys> KeyProvider::current(const std::string& configUrl) {
    std::lock_guard lock(m_mutex);
    return m_sources[configUrl].keys;
}

bool KeyProvider::throttled(const Source& source, Clock::time_point now) const {
    return source.attempted && now - source.lastAttempt < m_options.minRefetchInterval;
}

void KeyProvider::refresh(const std::string& configUrl, Reason reason, std::function<void()> done) {
    {
        std::lock_guard lock(m_mutex);
        Source& source = m_sources[configUrl];
        if (source.queued) {
            source.waiters.push_back(std::move(done)); // join the fetch under way
        } else if ((reason == Reason::Initial && source.keys) || throttled(source, Clock::now())) {
            m_callbacks.push_back(std::move(done));
        } else {
            source.queued = true;
            source.waiters.push_back(std::move(done));
            m_queue.push_back(configUrl);
        }
    }
    m_wake.notify_all();
}

bool KeyProvider::fetchDue(const std::string& configUrl, Reason reason) const {
    std::lock_guard lock(m_mutex);
    const auto it = m_sources.find(configUrl);
    if (it == m_sources.end())
        return true;
    const Source& source = it->second;
    if (source.queued)
        return true; // joining the fetch under way costs nothing extra
    if (reason == Reason::Initial && source.keys)
        return false;
    return !throttled(source, Clock::now());
}

std::string KeyProvider::lastError(const std::string& configUrl) const {
    std::lock_guard lock(m_mutex);
    const auto it = m_sources.find(configUrl);
    return it == m_sources.end() ? std::string() : it->second.lastError;
}

int KeyProvider::attempts(const std::string& configUrl) const {
    std::lock_guard lock(m_mutex);
    const auto it = m_sources.find(configUrl);
    return it == m_sources.end() ? 0 : it->second.attempts;
}

void KeyProvider::loop() {
    std::unique_lock lock(m_mutex);
    while (true) {
        if (!m_callbacks.empty()) {
            auto callbacks = std::move(m_callbacks);
            m_callbacks.clear();
            lock.unlock();
            for (auto& callback : callbacks)
                callback();
            lock.lock();
            continue;
        }
        if (!m_queue.empty()) {
            const std::string url = m_queue.front();
            m_queue.erase(m_queue.begin());
            if (m_stopping) {
                // Shutting down: nobody fetches, but every waiter hears back.
                auto waiters = std::move(m_sources[url].waiters);
                m_sources[url].queued = false;
                lock.unlock();
                for (auto& waiter : waiters)
                    waiter();
                lock.lock();
                continue;
            }
            lock.unlock();
            fetch(url);
            lock.lock();
            continue;
        }
        if (m_stopping)
            return;
        // Periodic refresh: the source due soonest.
        const auto now = Clock::now();
        auto wakeAt = Clock::time_point::max();
        for (auto& [url, source] : m_sources) {
            if (!source.attempted || source.queued)
                continue;
            if (source.nextRefresh <= now) {
                source.queued = true;
                m_queue.push_back(url);
            } else {
                wakeAt = std::min(wakeAt, source.nextRefresh);
            }
        }
        if (!m_queue.empty())
            continue;
        if (wakeAt == Clock::time_point::max())
            m_wake.wait(lock);
        else
            m_wake.wait_until(lock, wakeAt);
    }
}

void KeyProvider::fetch(const std::string& url) {
    auto keys = std::make_shared<ProviderKeys>();
    std::string error;
    const HttpResponse configResponse = m_options.fetcher(url);
    if (!configResponse.ok()) {
        error =
            url + ": " +
            (configResponse.error.empty() ? "HTTP status " + std::to_string(configResponse.status)
                                          : configResponse.error);
    } else if (const auto config = parseOpenIdConfiguration(configResponse.body);
               !config.error.empty()) {
        error = url + ": " + config.error;
    } else {
        keys->issuer = config.issuer;
        const HttpResponse jwksResponse = m_options.fetcher(config.jwksUri);
        if (!jwksResponse.ok()) {
            error =
                config.jwksUri + ": " +
                (jwksResponse.error.empty() ? "HTTP status " + std::to_string(jwksResponse.status)
                                            : jwksResponse.error);
        } else {
            auto jwks = security::jwt::parseJwks(jwksResponse.body);
            if (!jwks.ok()) {
                error = config.jwksUri + ": " + jwks.error;
            } else if (jwks.keys.empty()) {
                error = config.jwksUri + ": no usable signing key";
                for (const auto& problem : jwks.problems)
                    error += "; " + problem;
            } else {
                keys->keys = std::make_shared<const security::jwt::KeySet>(std::move(jwks.keys));
                keys->problems = std::move(jwks.problems);
            }
        }
    }

    std::vector<std::function<void()>> waiters;
    {
        std::lock_guard lock(m_mutex);
        Source& source = m_sources[url];
        const auto now = Clock::now();
        source.attempted = true;
        source.lastAttempt = now;
        ++source.attempts;
        source.queued = false;
        if (error.empty()) {
            source.keys = std::move(keys);
            m_publications.fetch_add(1, std::memory_order_release);
            source.lastError.clear();
            source.nextRefresh = now + m_options.refreshInterval;
        } else {
            // The last good keys stay; try again after the refetch interval.
            source.lastError = std::move(error);
            source.nextRefresh = now + m_options.minRefetchInterval;
        }
        waiters = std::move(source.waiters);
        source.waiters.clear();
    }
    for (auto& waiter : waiters)
        waiter();
}

namespace {
std::mutex g_sharedMutex;
std::shared_ptr<KeyProvider> g_shared;

// The provider's thread keeps OpenSSL state of its own (error queue, random generator), which
// OpenSSL frees when the thread ends, but only while OpenSSL is still up. So the process lets go
// of the provider at exit before OpenSSL's own cleanup: exit handlers run in reverse order, and
// ours is registered after OPENSSL_init_crypto has registered OpenSSL's (which it skips when
// asked for no option at all, hence one).
void releaseSharedBeforeOpenSslCleanup() {
    static const bool registered = [] {
        OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CRYPTO_STRINGS, nullptr);
        return std::atexit([] { KeyProvider::setShared(nullptr); }) == 0;
    }();
    (void)registered;
}

} // namespace

std::shared_ptr<KeyProvider> KeyProvider::shared() {
    releaseSharedBeforeOpenSslCleanup();
    std::lock_guard lock(g_sharedMutex);
    if (!g_shared)
        g_shared = std::make_shared<KeyProvider>();
    return g_shared;
}

void KeyProvider::setShared(std::shared_ptr<KeyProvider> provider) {
    std::lock_guard lock(g_sharedMutex);
    g_shared.swap(provider);
} // a replaced provider that had no other owner stops here, after the lock is released

} // namespace portico::identity
