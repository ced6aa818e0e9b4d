#pragma once

#include "core/security/jwt/algorithm.h"
#include "core/security/jwt/claims.h"

#include <optional>
#include <string>
#include <string_view>

namespace portico::security::jwt {

// The registered claims every request checks (RFC 7519 4.1), read from the claims once when the
// signature checks out: a cached token is judged again on every request, and each lookup in the
// claims costs string compares.
struct RegisteredClaims {
    std::optional<double> exp;
    std::optional<double> nbf;
    std::optional<double> iat;
    const char* notNumericDate = nullptr; // the first of exp, nbf, iat present but no number
    Claims::StringViews audiences;        // views into the claims
    std::optional<std::string_view> issuer;
};

// A token whose signature checked out against a configured key.
struct VerifiedToken {
    Algorithm algorithm = Algorithm::RS256;
    std::string kid;
    Claims claims;
    RegisteredClaims registered; // of `claims`, whose data it points into
};

} // namespace portico::security::jwt
