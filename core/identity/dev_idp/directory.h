#pragma once

#include "core/model/identity.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::identity::dev_idp {

// What a token request asked for, once checked against the client's permissions.
struct GrantedScope {
    std::string resource;                 // the token's aud, e.g. api://orders
    std::vector<std::string> permissions; // scp (delegated) or roles (application)
    bool offlineAccess = false;           // a refresh token goes with the access token
};

struct ScopeResult {
    std::optional<GrantedScope> granted;
    std::string error; // invalid_scope's description; empty when granted
};

// The clients and users of the workspace's identity/ folder, with the checks the grants need.
// Secrets and passwords are compared against their salted hashes in constant time.
class Directory {
public:
    explicit Directory(model::IdentitySettings settings);

    const model::IdentitySettings& settings() const { return m_settings; }
    const model::IdentityClient* client(std::string_view id) const;
    bool allowsGrant(const model::IdentityClient& client, std::string_view grant) const;
    bool checkSecret(const model::IdentityClient& client, std::string_view secret) const;
    // The user whose password matches; nullptr otherwise (the same work either way).
    const model::IdentityUser* signIn(std::string_view username, std::string_view password) const;
    const model::IdentityUser* user(std::string_view username) const;

    // Delegated permissions: "api://x/A api://x/B offline_access openid", or "api://x/.default"
    // for all the client may request on that resource. One resource per request, as in Entra.
    ScopeResult delegated(const model::IdentityClient& client, std::string_view scope) const;
    // client_credentials: exactly "<resource>/.default"; the client's roles on that resource.
    ScopeResult application(const model::IdentityClient& client, std::string_view scope) const;

private:
    model::IdentitySettings m_settings;
};

} // namespace portico::identity::dev_idp
