#pragma once

#include "core/security/jwt/algorithm.h"
#include "core/security/jwt/claims.h"
#include "core/security/jwt/jwt_error.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace portico::security::jwt {

// Larger tokens are refused before any decoding (bounds work per request; real tokens are < 4 KiB).
inline constexpr std::size_t kMaxTokenSize = 16 * 1024;

// A JWS in compact serialization, decoded but not yet verified.
struct DecodedToken {
    Algorithm algorithm = Algorithm::RS256;
    std::string kid;
    bool hasKid = false;
    std::string_view signingInput; // "header.payload", a view into the caller's token
    std::string signature;         // raw bytes
    Claims claims;
};

struct DecodeResult {
    JwtError error = JwtError::None;
    std::string detail; // for logs: what exactly is wrong (never the token itself)
    DecodedToken token;
    bool ok() const { return error == JwtError::None; }
};

// Strict decoding: three parts, strict base64url, header and claims JSON objects without
// duplicate members, `alg` a supported name (none in any case refused), `crit` refused (no
// extension is understood), `b64` other than true refused. `jku`, `x5u`, `x5c` and `jwk` are never
// read: keys come only from configuration. `kid` must be a string and is only ever compared.
DecodeResult decodeToken(std::string_view token);

} // namespace portico::security::jwt
