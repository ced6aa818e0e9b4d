#pragma once

#include "core/security/jwt/algorithm.h"
#include "core/security/jwt/claims.h"

#include <string>

namespace portico::security::jwt {

// A token whose signature checked out against a configured key.
struct VerifiedToken {
    Algorithm algorithm = Algorithm::RS256;
    std::string kid;
    Claims claims;
};

} // namespace portico::security::jwt
