#pragma once

#include "core/security/jwt/algorithm.h"
#include "core/security/jwt/verification_key.h"

#include <string_view>

namespace portico::security::jwt {

// Verifies a JWS signature over `signingInput` (ASCII "header.payload"). The signature is in JOSE
// form: RSA of the modulus size, ECDSA raw r||s of exactly twice the curve size with 0 < r, s < n,
// Ed25519 64 bytes, HMAC of the hash size compared in constant time. False if the key does not
// permit the algorithm (kind, bound algorithm, secret length) - never "try it anyway".
bool verifySignature(Algorithm algorithm, const VerificationKey& key, std::string_view signingInput,
                     std::string_view signature);

} // namespace portico::security::jwt
