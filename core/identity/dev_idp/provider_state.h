#pragma once

// Internal to core/identity/dev_idp: what the endpoint handlers share.
#include "core/identity/dev_idp/directory.h"
#include "core/identity/dev_idp/grant_store.h"
#include "core/identity/dev_idp/http_types.h"
#include "core/identity/dev_idp/signing_keys.h"
#include "core/identity/dev_idp/token_issuer.h"

#include <chrono>
#include <map>
#include <string>

namespace portico::identity::dev_idp {

inline constexpr auto kCodeLifetime = std::chrono::minutes(2);
inline constexpr auto kRefreshLifetime = std::chrono::hours(24);
inline constexpr auto kDeviceCodeLifetime = std::chrono::minutes(15);
inline constexpr auto kDevicePollInterval = std::chrono::seconds(5);

struct ProviderState {
    std::string baseUrl; // http://127.0.0.1:PORT
    Directory directory;
    SigningKeys keys;
    GrantStore grants;
    TokenIssuer issuer;
    Clock::time_point now; // of the request being handled

    std::string tenantUrl() const { return baseUrl + "/" + directory.settings().tenant; }
    std::chrono::seconds accessLifetime() const {
        return std::chrono::seconds(directory.settings().accessTokenLifetimeSeconds);
    }
};

using Form = std::map<std::string, std::string>;

// /{tenant}/oauth2/v2.0/token
Response tokenEndpoint(ProviderState& state, const Request& request, const Form& form);
// /{tenant}/oauth2/v2.0/devicecode
Response deviceCodeEndpoint(ProviderState& state, const Form& form);
// /{tenant}/oauth2/v2.0/authorize: GET shows the sign-in form, POST signs in and redirects.
Response authorizeEndpoint(ProviderState& state, const Request& request, const Form& form);
// /{tenant}/oauth2/v2.0/deviceauth: the page where a user approves a device code.
Response deviceVerificationEndpoint(ProviderState& state, const Request& request, const Form& form);

// A page with the headers every HTML answer carries (no framing, no caching, no scripts).
Response htmlResponse(int status, std::string body);

} // namespace portico::identity::dev_idp
