#pragma once

#include "core/security/jwt/algorithm.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace portico::security::jwt {

struct KeyMaterial; // OpenSSL handle or secret bytes; defined in key_material.h

// Where a key came from fixes what it may verify: its kind (RSA, EC curve, Ed25519, oct) and, when
// the publisher said so, one algorithm. A key's id is only ever compared with a token's `kid`.
struct KeyBinding {
    std::string id;                     // "" = no id
    std::optional<Algorithm> algorithm; // the JWK `alg` or configured algorithm, if any
};

struct KeyResult;

class VerificationKey {
public:
    // SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----"): RSA (>= 2048 bits), EC
    // P-256/384/521, Ed25519. Private keys are refused.
    static KeyResult fromPublicKeyPem(std::string_view pem, KeyBinding binding = {});
    // An X.509 certificate, PEM or base64 DER (as in x5c), whose public key signs tokens. The
    // certificate is a configured trust anchor: its chain and dates are not checked here.
    static KeyResult fromCertificate(std::string_view pemOrBase64Der, KeyBinding binding = {});
    // APIM's `<key>Base64 encoded signing key</key>`: an HMAC secret, standard base64.
    static KeyResult fromSymmetricBase64(std::string_view base64, KeyBinding binding = {});
    static KeyResult fromSymmetricBytes(std::string_view secret, KeyBinding binding = {});
    // APIM's `<key n="..." e="..."/>`: base64url modulus and exponent.
    static KeyResult fromRsaModulusExponent(std::string_view n, std::string_view e,
                                            KeyBinding binding = {});
    // Internal: used by the JWKS parser and the signer.
    static KeyResult fromMaterial(std::shared_ptr<const KeyMaterial> material, KeyBinding binding);

    KeyKind kind() const { return m_kind; }
    const std::string& id() const { return m_binding.id; }
    const std::optional<Algorithm>& algorithm() const { return m_binding.algorithm; }
    // Bits of the RSA modulus or curve, bytes * 8 of a secret.
    int bits() const { return m_bits; }

    // The only gate between a token's `alg` and this key: the kind must be the one the algorithm
    // needs, the bound algorithm (if any) must be this one, and secrets must be long enough.
    bool permits(Algorithm algorithm) const;

    const KeyMaterial& material() const { return *m_material; }

private:
    VerificationKey() = default;
    std::shared_ptr<const KeyMaterial> m_material;
    KeyKind m_kind = KeyKind::Symmetric;
    KeyBinding m_binding;
    int m_bits = 0;
};

struct KeyResult {
    std::optional<VerificationKey> key;
    std::string error; // what is wrong, when key is empty
};

} // namespace portico::security::jwt
