#pragma once

#include "core/identity/dev_idp/directory.h"
#include "core/identity/dev_idp/signing_keys.h"

#include <chrono>
#include <string>

namespace portico::identity::dev_idp {

using Clock = std::chrono::system_clock;

// Access tokens shaped like Entra v2 access tokens: iss "<base>/<tenant>/v2.0", aud, tid, oid,
// sub, azp, azpacr, scp (delegated) or roles (application), iat/nbf/exp, ver "2.0", uti, and an
// RS256 signature whose header names the kid.
class TokenIssuer {
public:
    TokenIssuer(std::string issuer, std::string tenant);

    // A token for the user, for the client.
    std::string delegated(const SigningKeys& keys, const model::IdentityClient& client,
                          const model::IdentityUser& user, const GrantedScope& scope,
                          Clock::time_point now, std::chrono::seconds lifetime) const;
    // A token for the client itself (client_credentials).
    std::string application(const SigningKeys& keys, const model::IdentityClient& client,
                            const GrantedScope& scope, Clock::time_point now,
                            std::chrono::seconds lifetime) const;

    const std::string& issuer() const { return m_issuer; }

private:
    std::string m_issuer;
    std::string m_tenant;
};

} // namespace portico::identity::dev_idp
