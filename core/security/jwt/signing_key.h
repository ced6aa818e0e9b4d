#pragma once

#include "core/security/jwt/algorithm.h"
#include "core/security/jwt/verification_key.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace portico::security::jwt {

// A private key (or HMAC secret) that signs JWS tokens: for the local identity provider, the
// tests and the benchmarks. Keys come from the OS CSPRNG through OpenSSL.
class SigningKey {
public:
    // RSA (bits >= 2048), EC on the kind's curve, Ed25519, or a 64-byte random secret.
    static std::optional<SigningKey> generate(KeyKind kind, int rsaBits = 2048);
    // PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----").
    static std::optional<SigningKey> fromPrivateKeyPem(std::string_view pem);
    static SigningKey fromSecret(std::string_view secret);

    KeyKind kind() const { return m_kind; }

    std::string privateKeyPem() const; // PKCS#8; empty for secrets
    std::string publicKeyPem() const;  // SubjectPublicKeyInfo; empty for secrets
    std::string publicKeyDer() const;  // SubjectPublicKeyInfo DER bytes; empty for secrets
    const std::string& secret() const; // empty for asymmetric keys
    // The public JWK as JSON text, with "kid" and "alg" when given and "use": "sig".
    std::string publicJwk(std::string_view kid = {},
                          std::optional<Algorithm> algorithm = std::nullopt) const;
    KeyResult verificationKey(KeyBinding binding = {}) const;

    // The JOSE-form signature of `signingInput`, or nullopt if the key cannot sign with it.
    std::optional<std::string> sign(Algorithm algorithm, std::string_view signingInput) const;

private:
    SigningKey() = default;
    std::shared_ptr<const KeyMaterial> m_material;
    KeyKind m_kind = KeyKind::Symmetric;
};

// "base64url(header).base64url(payload).base64url(signature)" for the given JSON texts.
std::optional<std::string> signCompact(Algorithm algorithm, const SigningKey& key,
                                       std::string_view headerJson, std::string_view payloadJson);

} // namespace portico::security::jwt
