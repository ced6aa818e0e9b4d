#include "core/security/jwt/verification_key.h"

#include "core/security/jwt/base64url.h"
#include "core/security/jwt/key_material.h"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cctype>
#include <cstring>

namespace portico::security::jwt {
namespace {

constexpr int kMinRsaBits = 2048;
constexpr std::size_t kMinSecretBytes = 32; // RFC 7518 §3.2: at least the HS256 hash size

struct BioDeleter {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Deleter {
    void operator()(X509* cert) const { X509_free(cert); }
};
struct PkeyCtxDeleter {
    void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct BnDeleter {
    void operator()(BIGNUM* bn) const { BN_free(bn); }
};
struct ParamBldDeleter {
    void operator()(OSSL_PARAM_BLD* bld) const { OSSL_PARAM_BLD_free(bld); }
};
struct ParamDeleter {
    void operator()(OSSL_PARAM* params) const { OSSL_PARAM_free(params); }
};

std::optional<KeyKind> classify(EVP_PKEY* key, std::string& error) {
    if (EVP_PKEY_is_a(key, "RSA")) {
        return KeyKind::Rsa;
    }
    if (EVP_PKEY_is_a(key, "ED25519")) {
        return KeyKind::Ed25519;
    }
    if (EVP_PKEY_is_a(key, "EC")) {
        char group[64] = {};
        size_t length = 0;
        if (EVP_PKEY_get_group_name(key, group, sizeof group, &length) != 1) {
            error = "EC key without a named curve";
            return std::nullopt;
        }
        const std::string_view name(group, length);
        if (name == "prime256v1" || name == "P-256") {
            return KeyKind::EcP256;
        }
        if (name == "secp384r1" || name == "P-384") {
            return KeyKind::EcP384;
        }
        if (name == "secp521r1" || name == "P-521") {
            return KeyKind::EcP521;
        }
        error = "EC curve " + std::string(name) + " is not one of P-256, P-384, P-521";
        return std::nullopt;
    }
    error = std::string("unsupported key type ") + EVP_PKEY_get0_type_name(key);
    return std::nullopt;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.remove_suffix(1);
    }
    return text;
}

} // namespace

KeyMaterial::~KeyMaterial() {
    if (!secret.empty()) {
        OPENSSL_cleanse(secret.data(), secret.size());
    }
}

std::shared_ptr<const KeyMaterial> adoptPublicKey(PkeyPtr key, std::string& error) {
    if (!key) {
        error = "no key";
        return nullptr;
    }
    const auto kind = classify(key.get(), error);
    if (!kind) {
        return nullptr;
    }
    if (*kind == KeyKind::Rsa && EVP_PKEY_get_bits(key.get()) < kMinRsaBits) {
        error = "RSA key of " + std::to_string(EVP_PKEY_get_bits(key.get())) +
                " bits is shorter than " + std::to_string(kMinRsaBits);
        return nullptr;
    }
    // Points off the curve or of small order, RSA moduli that are even, and the like.
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> check(
        EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1) {
        error = "public key fails validation (" + std::string(keyKindName(*kind)) + ")";
        return nullptr;
    }
    auto material = std::make_shared<KeyMaterial>();
    material->pkey = std::move(key);
    return material;
}

KeyResult VerificationKey::fromMaterial(std::shared_ptr<const KeyMaterial> material,
                                        KeyBinding binding) {
    KeyResult result;
    if (!material) {
        result.error = "no key";
        return result;
    }
    VerificationKey key;
    if (material->pkey) {
        const auto kind = classify(material->pkey.get(), result.error);
        if (!kind) {
            return result;
        }
        key.m_kind = *kind;
        key.m_bits = EVP_PKEY_get_bits(material->pkey.get());
    } else {
        if (material->secret.size() < kMinSecretBytes) {
            result.error = "symmetric key of " + std::to_string(material->secret.size()) +
                           " bytes is shorter than " + std::to_string(kMinSecretBytes);
            return result;
        }
        key.m_kind = KeyKind::Symmetric;
        key.m_bits = static_cast<int>(material->secret.size() * 8);
    }
    if (binding.algorithm && requiredKeyKind(*binding.algorithm) != key.m_kind) {
        result.error = "algorithm " + std::string(algorithmName(*binding.algorithm)) +
                       " does not fit a " + std::string(keyKindName(key.m_kind)) + " key";
        return result;
    }
    key.m_material = std::move(material);
    key.m_binding = std::move(binding);
    result.key = std::move(key);
    return result;
}

bool VerificationKey::permits(Algorithm algorithm) const {
    if (requiredKeyKind(algorithm) != m_kind) {
        return false;
    }
    if (m_binding.algorithm && *m_binding.algorithm != algorithm) {
        return false;
    }
    if (m_kind == KeyKind::Symmetric) {
        // RFC 7518 §3.2: the secret is at least as long as the hash.
        const int needed = algorithm == Algorithm::HS512   ? 512
                           : algorithm == Algorithm::HS384 ? 384
                                                           : 256;
        return m_bits >= needed;
    }
    return true;
}

KeyResult VerificationKey::fromPublicKeyPem(std::string_view pem, KeyBinding binding) {
    KeyResult result;
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    PkeyPtr key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!key) {
        result.error = "not a PEM public key (expected -----BEGIN PUBLIC KEY-----)";
        return result;
    }
    auto material = adoptPublicKey(std::move(key), result.error);
    if (!material) {
        return result;
    }
    return fromMaterial(std::move(material), std::move(binding));
}

KeyResult VerificationKey::fromCertificate(std::string_view pemOrBase64Der, KeyBinding binding) {
    KeyResult result;
    const std::string_view text = trim(pemOrBase64Der);
    std::unique_ptr<X509, X509Deleter> cert;
    if (text.substr(0, 5) == "-----") {
        std::unique_ptr<BIO, BioDeleter> bio(
            BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
        cert.reset(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    } else if (const auto der = base64Decode(text)) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(der->data());
        cert.reset(d2i_X509(nullptr, &bytes, static_cast<long>(der->size())));
        if (cert && bytes != reinterpret_cast<const unsigned char*>(der->data()) + der->size()) {
            cert.reset(); // trailing bytes after the certificate
        }
    }
    if (!cert) {
        result.error = "not an X.509 certificate (PEM or base64 DER)";
        return result;
    }
    PkeyPtr key(X509_get_pubkey(cert.get()));
    auto material = adoptPublicKey(std::move(key), result.error);
    if (!material) {
        result.error = "certificate: " + result.error;
        return result;
    }
    return fromMaterial(std::move(material), std::move(binding));
}

KeyResult VerificationKey::fromSymmetricBase64(std::string_view base64, KeyBinding binding) {
    const auto secret = base64Decode(trim(base64));
    if (!secret) {
        KeyResult result;
        result.error = "symmetric key is not valid base64";
        return result;
    }
    return fromSymmetricBytes(*secret, std::move(binding));
}

KeyResult VerificationKey::fromSymmetricBytes(std::string_view secret, KeyBinding binding) {
    auto material = std::make_shared<KeyMaterial>();
    material->secret.assign(secret);
    return fromMaterial(std::move(material), std::move(binding));
}

KeyResult VerificationKey::fromRsaModulusExponent(std::string_view n, std::string_view e,
                                                  KeyBinding binding) {
    KeyResult result;
    const auto modulus = base64UrlDecode(n);
    const auto exponent = base64UrlDecode(e);
    if (!modulus || modulus->empty()) {
        result.error = "RSA modulus n is not valid base64url";
        return result;
    }
    if (!exponent || exponent->empty()) {
        result.error = "RSA exponent e is not valid base64url";
        return result;
    }
    if (exponent->size() > 8) {
        result.error = "RSA exponent e is longer than 8 bytes";
        return result;
    }
    std::unique_ptr<BIGNUM, BnDeleter> bnN(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(modulus->data()),
                  static_cast<int>(modulus->size()), nullptr));
    std::unique_ptr<BIGNUM, BnDeleter> bnE(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(exponent->data()),
                  static_cast<int>(exponent->size()), nullptr));
    std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> builder(OSSL_PARAM_BLD_new());
    if (!bnN || !bnE || !builder ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, bnN.get()) ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, bnE.get())) {
        result.error = "out of memory";
        return result;
    }
    if (BN_is_zero(bnE.get()) || !BN_is_odd(bnE.get()) || BN_is_one(bnE.get())) {
        result.error = "RSA exponent e must be odd and greater than 1";
        return result;
    }
    std::unique_ptr<OSSL_PARAM, ParamDeleter> params(OSSL_PARAM_BLD_to_param(builder.get()));
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
        result.error = "RSA n/e do not form a public key";
        return result;
    }
    auto material = adoptPublicKey(PkeyPtr(raw), result.error);
    if (!material) {
        return result;
    }
    return fromMaterial(std::move(material), std::move(binding));
}

} // namespace portico::security::jwt
