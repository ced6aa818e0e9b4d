#pragma once

// Internal to core/security/jwt.

#include "core/security/jwt/algorithm.h"

#include <openssl/evp.h>

namespace portico::security::jwt {

// Message digests fetched once; EVP_sha256() and friends would fetch on every use in OpenSSL 3.
const EVP_MD* sha256();
const EVP_MD* sha384();
const EVP_MD* sha512();
// The digest an algorithm signs with; nullptr for EdDSA.
const EVP_MD* digestFor(Algorithm algorithm);
// Bytes of one ECDSA coordinate for ES256/384/512, 0 otherwise.
int ecCoordinateSize(Algorithm algorithm);

} // namespace portico::security::jwt
