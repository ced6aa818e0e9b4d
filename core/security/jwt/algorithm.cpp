#include "core/security/jwt/algorithm.h"

#include <cctype>

namespace portico::security::jwt {

std::optional<Algorithm> algorithmFromName(std::string_view name) {
    for (Algorithm algorithm : kAllAlgorithms) {
        if (algorithmName(algorithm) == name) {
            return algorithm;
        }
    }
    return std::nullopt;
}

std::string_view algorithmName(Algorithm algorithm) {
    switch (algorithm) {
    case Algorithm::RS256:
        return "RS256";
    case Algorithm::RS384:
        return "RS384";
    case Algorithm::RS512:
        return "RS512";
    case Algorithm::PS256:
        return "PS256";
    case Algorithm::PS384:
        return "PS384";
    case Algorithm::PS512:
        return "PS512";
    case Algorithm::ES256:
        return "ES256";
    case Algorithm::ES384:
        return "ES384";
    case Algorithm::ES512:
        return "ES512";
    case Algorithm::EdDSA:
        return "EdDSA";
    case Algorithm::HS256:
        return "HS256";
    case Algorithm::HS384:
        return "HS384";
    case Algorithm::HS512:
        return "HS512";
    }
    return "";
}

KeyKind requiredKeyKind(Algorithm algorithm) {
    switch (algorithm) {
    case Algorithm::RS256:
    case Algorithm::RS384:
    case Algorithm::RS512:
    case Algorithm::PS256:
    case Algorithm::PS384:
    case Algorithm::PS512:
        return KeyKind::Rsa;
    case Algorithm::ES256:
        return KeyKind::EcP256;
    case Algorithm::ES384:
        return KeyKind::EcP384;
    case Algorithm::ES512:
        return KeyKind::EcP521;
    case Algorithm::EdDSA:
        return KeyKind::Ed25519;
    case Algorithm::HS256:
    case Algorithm::HS384:
    case Algorithm::HS512:
        return KeyKind::Symmetric;
    }
    return KeyKind::Symmetric;
}

std::string_view keyKindName(KeyKind kind) {
    switch (kind) {
    case KeyKind::Rsa:
        return "RSA";
    case KeyKind::EcP256:
        return "EC P-256";
    case KeyKind::EcP384:
        return "EC P-384";
    case KeyKind::EcP521:
        return "EC P-521";
    case KeyKind::Ed25519:
        return "OKP Ed25519";
    case KeyKind::Symmetric:
        return "oct";
    }
    return "";
}

bool isNoneAlgorithmName(std::string_view name) {
    if (name.size() != 4) {
        return false;
    }
    constexpr std::string_view none = "none";
    for (std::size_t i = 0; i < 4; ++i) {
        if (std::tolower(static_cast<unsigned char>(name[i])) != none[i]) {
            return false;
        }
    }
    return true;
}

} // namespace portico::security::jwt
