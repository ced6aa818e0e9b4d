#pragma once

#include "core/security/jwt/claims.h"

#include <span>
#include <string>

namespace portico::identity {

struct ScopeCheck {
    bool granted = true;
    std::string missingScope; // the first required scope the token lacks
    std::string message;      // for the 403 body
};

// Every required scope must be granted, by the `scp` claim (delegated permissions: one string of
// space-separated scopes, or an array of them) or by the `roles` claim (application permissions:
// an array of strings, or one string). Comparison is exact and case-sensitive, as OAuth 2.0
// scope tokens are (RFC 6749 §3.3). The operation's scopes are the union over its OpenAPI
// security requirements, so requiring all of them is the least-privilege reading.
ScopeCheck checkScopes(const security::jwt::Claims& claims,
                       std::span<const std::string> requiredScopes);

} // namespace portico::identity
