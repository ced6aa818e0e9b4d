#pragma once

#include <string_view>

namespace portico::security::jwt {

// Why a token was refused. Each maps to one of APIM's `context.LastError.Reason` values and to
// the message APIM returns (see docs/jwt.md for the table).
enum class JwtError {
    None,
    NotPresent,                // empty token
    TooLarge,                  // over kMaxTokenSize
    Malformed,                 // not three base64url parts, bad JSON, bad claim types
    DuplicateJsonKey,          // the same member twice in the header or the claims
    Unsigned,                  // alg "none" in any letter case
    UnsupportedAlgorithm,      // alg not supported, or not allowed by the configuration
    UnsupportedCriticalHeader, // "crit" names an extension we do not implement
    KeyNotFound,               // no configured key fits the algorithm (and kid)
    SignatureInvalid,
    ExpirationRequired,
    Expired,
    NotYetValid,
    AudienceNotAllowed,
    IssuerNotAllowed,
    ClaimNotFound,
    ClaimValueNotAllowed,
};

// APIM's reason: "TokenNotPresent", "TokenExpired", "TokenSignatureInvalid", "JwtInvalid", ...
std::string_view errorReason(JwtError error);
// The fixed message for errors whose message does not name claims.
std::string_view errorMessage(JwtError error);
// Short identifier for logs and test output: "Expired".
std::string_view errorName(JwtError error);

} // namespace portico::security::jwt
