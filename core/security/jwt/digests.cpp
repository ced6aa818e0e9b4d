#include "core/security/jwt/digests.h"

namespace portico::security::jwt {
namespace {

const EVP_MD* fetch(const char* name) {
    // Fetched once per process and kept: a deliberate, bounded "leak".
    return EVP_MD_fetch(nullptr, name, nullptr);
}

} // namespace

const EVP_MD* sha256() {
    static const EVP_MD* const md = fetch("SHA256");
    return md;
}

const EVP_MD* sha384() {
    static const EVP_MD* const md = fetch("SHA384");
    return md;
}

const EVP_MD* sha512() {
    static const EVP_MD* const md = fetch("SHA512");
    return md;
}

const EVP_MD* digestFor(Algorithm algorithm) {
    switch (algorithm) {
    case Algorithm::RS256:
    case Algorithm::PS256:
    case Algorithm::ES256:
    case Algorithm::HS256:
        return sha256();
    case Algorithm::RS384:
    case Algorithm::PS384:
    case Algorithm::ES384:
    case Algorithm::HS384:
        return sha384();
    case Algorithm::RS512:
    case Algorithm::PS512:
    case Algorithm::ES512:
    case Algorithm::HS512:
        return sha512();
    case Algorithm::EdDSA:
        return nullptr;
    }
    return nullptr;
}

int ecCoordinateSize(Algorithm algorithm) {
    switch (algorithm) {
    case Algorithm::ES256:
        return 32;
    case Algorithm::ES384:
        return 48;
    case Algorithm::ES512:
        return 66;
    default:
        return 0;
    }
}

} // namespace portico::security::jwt
