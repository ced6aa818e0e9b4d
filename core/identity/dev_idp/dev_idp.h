#pragma once

#include "core/identity/dev_idp/http_types.h"
#include "core/model/identity.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace portico::identity::dev_idp {

struct ProviderState;

// A local identity provider for offline work and tests, shaped like Microsoft Entra ID's v2
// endpoints under /{tenant}/: OpenID configuration, JWKS, token (client_credentials,
// authorization_code with PKCE S256, refresh_token, device_code), authorize and devicecode.
// Clients and users come from the workspace's identity/ folder. Its RS256 keys are generated at
// start and live only in memory. Not thread-safe: one thread (the gateway's control thread)
// calls it.
class DevIdentityProvider {
public:
    using Clock = std::chrono::system_clock;
    struct Options {
        std::string baseUrl;                    // http://127.0.0.1:PORT, no trailing slash
        std::function<Clock::time_point()> now; // empty: the system clock
        int rsaBits = 2048;
    };

    // Nothing (and `error`) when no keys could be generated.
    static std::unique_ptr<DevIdentityProvider>
    create(Options options, model::IdentitySettings identity, std::string& error);
    ~DevIdentityProvider();

    Response handle(const Request& request);

    // Clients and users after a workspace reload; issued grants stay valid while their client
    // and user still exist.
    void setIdentity(model::IdentitySettings identity);

    // Starts signing with the pre-published next key; the old one stays in the JWKS until the
    // tokens it signed have expired. Returns the new signing kid, or nothing on failure.
    std::optional<std::string> rotateKeys();

    // The provider's own address once its listener is bound (http://127.0.0.1:PORT).
    void setBaseUrl(std::string baseUrl);

    std::string issuer() const;
    std::string currentKid() const;
    std::vector<std::string> publishedKids() const;

private:
    DevIdentityProvider(Options options, std::unique_ptr<ProviderState> state);
    Clock::time_point now() const;
    Options m_options;
    std::unique_ptr<ProviderState> m_state;
};

} // namespace portico::identity::dev_idp
