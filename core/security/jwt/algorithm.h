#pragma once

#include <optional>
#include <string_view>

namespace portico::security::jwt {

// The JWS algorithms Portico verifies (RFC 7518 §3, RFC 8037). "none" is deliberately absent.
enum class Algorithm {
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    ES512,
    EdDSA,
    HS256,
    HS384,
    HS512,
};

inline constexpr Algorithm kAllAlgorithms[] = {
    Algorithm::RS256, Algorithm::RS384, Algorithm::RS512, Algorithm::PS256, Algorithm::PS384,
    Algorithm::PS512, Algorithm::ES256, Algorithm::ES384, Algorithm::ES512, Algorithm::EdDSA,
    Algorithm::HS256, Algorithm::HS384, Algorithm::HS512,
};

// What a key is; each algorithm accepts exactly one kind, so a key published for one family can
// never be used by another (an RSA public key is never an HMAC secret).
enum class KeyKind { Rsa, EcP256, EcP384, EcP521, Ed25519, Symmetric };

// Exact, case-sensitive names as in the JOSE registry ("RS256"); "none" and variants give nullopt.
std::optional<Algorithm> algorithmFromName(std::string_view name);
std::string_view algorithmName(Algorithm algorithm);

KeyKind requiredKeyKind(Algorithm algorithm);
std::string_view keyKindName(KeyKind kind);

// True for "none" in any letter case: such tokens are refused before anything else.
bool isNoneAlgorithmName(std::string_view name);

} // namespace portico::security::jwt
