#pragma once

#include "core/model/entities.h"

#include <string>
#include <vector>

namespace portico::model {

// A client application registered with the local identity provider (identity/clients.yaml).
// Permissions are written "<resource>/<permission>", e.g. "api://orders/Orders.Read".
struct IdentityClient {
    std::string id; // the client_id; tokens carry it as azp / appid
    std::string displayName;
    std::string secretHash; // core/security/key_hash.h; empty for a public client
    std::vector<std::string> redirectUris;
    // client_credentials, authorization_code, refresh_token, device_code
    std::vector<std::string> grantTypes;
    std::vector<std::string> scopes; // delegated permissions the client may request (scp)
    std::vector<std::string> roles;  // application permissions for client_credentials (roles)
    Origin origin;

    bool isPublic() const { return secretHash.empty(); }
};

// A user who can sign in at the local identity provider (identity/users.yaml).
struct IdentityUser {
    std::string username;    // sign-in name; preferred_username
    std::string displayName; // name
    std::string objectId;    // oid; derived from tenant and username when not written
    std::string passwordHash;
    Origin origin;
};

// The identity/ folder: who the local identity provider knows.
struct IdentitySettings {
    std::string tenant = "00000000-0000-0000-0000-0000000000de";
    int accessTokenLifetimeSeconds = 3600;
    std::vector<IdentityClient> clients;
    std::vector<IdentityUser> users;
    Origin origin; // identity/clients.yaml

    const IdentityClient* findClient(std::string_view id) const;
    const IdentityUser* findUser(std::string_view username) const; // case-insensitive
    IdentityClient* findClient(std::string_view id);
    IdentityUser* findUser(std::string_view username);
};

inline constexpr const char* kIdentityGrantTypes[] = {"client_credentials", "authorization_code",
                                                      "refresh_token", "device_code"};

} // namespace portico::model
