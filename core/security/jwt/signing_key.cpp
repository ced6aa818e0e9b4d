#include "core/security/jwt/signing_key.h"

#include "core/security/jwt/base64url.h"
#include "core/security/jwt/digests.h"
#include "core/security/jwt/key_material.h"

#include <nlohmann/json.hpp>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

namespace portico::security::jwt {
namespace {

struct BioDeleter {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
struct MdCtxDeleter {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct BnDeleter {
    void operator()(BIGNUM* bn) const { BN_free(bn); }
};
struct EcdsaSigDeleter {
    void operator()(ECDSA_SIG* sig) const { ECDSA_SIG_free(sig); }
};

std::string bioText(BIO* bio) {
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    return length > 0 ? std::string(data, static_cast<std::size_t>(length)) : std::string();
}

std::string bnBytes(const BIGNUM* bn, int padTo = 0) {
    const int size = padTo > 0 ? padTo : BN_num_bytes(bn);
    std::string out(static_cast<std::size_t>(size), '\0');
    if (BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), size) != size) {
        return {};
    }
    return out;
}

std::string bnParam(EVP_PKEY* key, const char* name, int padTo = 0) {
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) {
        return {};
    }
    std::unique_ptr<BIGNUM, BnDeleter> bn(raw);
    return bnBytes(bn.get(), padTo);
}

int coordinateSize(KeyKind kind) {
    return kind == KeyKind::EcP256 ? 32 : kind == KeyKind::EcP384 ? 48 : 66;
}

} // namespace

std::optional<SigningKey> SigningKey::generate(KeyKind kind, int rsaBits) {
    EVP_PKEY* raw = nullptr;
    switch (kind) {
    case KeyKind::Rsa:
        if (rsaBits < 2048) {
            return std::nullopt;
        }
        raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(rsaBits));
        break;
    case KeyKind::EcP256:
        raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        break;
    case KeyKind::EcP384:
        raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
        break;
    case KeyKind::EcP521:
        raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-521");
        break;
    case KeyKind::Ed25519:
        raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
        break;
    case KeyKind::Symmetric: {
        std::string secret(64, '\0');
        if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()),
                       static_cast<int>(secret.size())) != 1) {
            return std::nullopt;
        }
        return fromSecret(secret);
    }
    }
    if (!raw) {
        return std::nullopt;
    }
    auto material = std::make_shared<KeyMaterial>();
    material->pkey.reset(raw);
    SigningKey key;
    key.m_material = std::move(material);
    key.m_kind = kind;
    return key;
}

std::optional<SigningKey> SigningKey::fromPrivateKeyPem(std::string_view pem) {
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    PkeyPtr pkey(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!pkey) {
        return std::nullopt;
    }
    auto material = std::make_shared<KeyMaterial>();
    material->pkey = std::move(pkey);
    auto probe = VerificationKey::fromMaterial(material, {});
    if (!probe.key) {
        return std::nullopt;
    }
    SigningKey key;
    key.m_kind = probe.key->kind();
    key.m_material = std::move(material);
    return key;
}

SigningKey SigningKey::fromSecret(std::string_view secret) {
    auto material = std::make_shared<KeyMaterial>();
    material->secret.assign(secret);
    SigningKey key;
    key.m_material = std::move(material);
    key.m_kind = KeyKind::Symmetric;
    return key;
}

std::string SigningKey::privateKeyPem() const {
    if (!m_material->pkey) {
        return {};
    }
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), m_material->pkey.get(), nullptr, nullptr, 0,
                                         nullptr, nullptr) != 1) {
        return {};
    }
    return bioText(bio.get());
}

std::string SigningKey::publicKeyPem() const {
    if (!m_material->pkey) {
        return {};
    }
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), m_material->pkey.get()) != 1) {
        return {};
    }
    return bioText(bio.get());
}

std::string SigningKey::publicKeyDer() const {
    if (!m_material->pkey) {
        return {};
    }
    unsigned char* der = nullptr;
    const int length = i2d_PUBKEY(m_material->pkey.get(), &der);
    if (length <= 0) {
        return {};
    }
    std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
    OPENSSL_free(der);
    return out;
}

const std::string& SigningKey::secret() const {
    return m_material->secret;
}

std::string SigningKey::publicJwk(std::string_view kid, std::optional<Algorithm> algorithm) const {
    nlohmann::ordered_json jwk;
    EVP_PKEY* pkey = m_material->pkey.get();
    switch (m_kind) {
    case KeyKind::Rsa:
        jwk["kty"] = "RSA";
        jwk["n"] = base64UrlEncode(bnParam(pkey, OSSL_PKEY_PARAM_RSA_N));
        jwk["e"] = base64UrlEncode(bnParam(pkey, OSSL_PKEY_PARAM_RSA_E));
        break;
    case KeyKind::EcP256:
    case KeyKind::EcP384:
    case KeyKind::EcP521:
        jwk["kty"] = "EC";
        jwk["crv"] = m_kind == KeyKind::EcP256   ? "P-256"
                     : m_kind == KeyKind::EcP384 ? "P-384"
                                                 : "P-521";
        jwk["x"] = base64UrlEncode(bnParam(pkey, OSSL_PKEY_PARAM_EC_PUB_X, coordinateSize(m_kind)));
        jwk["y"] = base64UrlEncode(bnParam(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, coordinateSize(m_kind)));
        break;
    case KeyKind::Ed25519: {
        unsigned char raw[32];
        size_t length = sizeof raw;
        jwk["kty"] = "OKP";
        jwk["crv"] = "Ed25519";
        if (EVP_PKEY_get_raw_public_key(pkey, raw, &length) == 1) {
            jwk["x"] = base64UrlEncode(std::string_view(reinterpret_cast<char*>(raw), length));
        }
        break;
    }
    case KeyKind::Symmetric:
        jwk["kty"] = "oct";
        jwk["k"] = base64UrlEncode(m_material->secret);
        break;
    }
    if (!kid.empty()) {
        jwk["kid"] = std::string(kid);
    }
    if (algorithm) {
        jwk["alg"] = std::string(algorithmName(*algorithm));
    }
    jwk["use"] = "sig";
    return jwk.dump();
}

KeyResult SigningKey::verificationKey(KeyBinding binding) const {
    if (m_kind == KeyKind::Symmetric) {
        return VerificationKey::fromSymmetricBytes(m_material->secret, std::move(binding));
    }
    // Through the public PEM so the verifier never holds the private half.
    return VerificationKey::fromPublicKeyPem(publicKeyPem(), std::move(binding));
}

std::optional<std::string> SigningKey::sign(Algorithm algorithm,
                                            std::string_view signingInput) const {
    if (requiredKeyKind(algorithm) != m_kind) {
        return std::nullopt;
    }
    const auto* input = reinterpret_cast<const unsigned char*>(signingInput.data());
    const EVP_MD* md = digestFor(algorithm);
    if (m_kind == KeyKind::Symmetric) {
        unsigned char mac[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        if (!HMAC(md, m_material->secret.data(), static_cast<int>(m_material->secret.size()), input,
                  signingInput.size(), mac, &length)) {
            return std::nullopt;
        }
        return std::string(reinterpret_cast<char*>(mac), length);
    }
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, md, nullptr, m_material->pkey.get()) != 1) {
        return std::nullopt;
    }
    if (algorithm == Algorithm::PS256 || algorithm == Algorithm::PS384 ||
        algorithm == Algorithm::PS512) {
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
            EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) != 1 ||
            EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1) {
            return std::nullopt;
        }
    }
    size_t length = 0;
    if (EVP_DigestSign(ctx.get(), nullptr, &length, input, signingInput.size()) != 1) {
        return std::nullopt;
    }
    std::string signature(length, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                       input, signingInput.size()) != 1) {
        return std::nullopt;
    }
    signature.resize(length);
    const int size = ecCoordinateSize(algorithm);
    if (size == 0) {
        return signature;
    }
    // ECDSA: DER from OpenSSL to JOSE's fixed-length r||s.
    const auto* der = reinterpret_cast<const unsigned char*>(signature.data());
    std::unique_ptr<ECDSA_SIG, EcdsaSigDeleter> sig(
        d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(signature.size())));
    if (!sig) {
        return std::nullopt;
    }
    const std::string r = bnBytes(ECDSA_SIG_get0_r(sig.get()), size);
    const std::string s = bnBytes(ECDSA_SIG_get0_s(sig.get()), size);
    if (r.empty() || s.empty()) {
        return std::nullopt;
    }
    return r + s;
}

std::optional<std::string> signCompact(Algorithm algorithm, const SigningKey& key,
                                       std::string_view headerJson, std::string_view payloadJson) {
    std::string token = base64UrlEncode(headerJson) + "." + base64UrlEncode(payloadJson);
    const auto signature = key.sign(algorithm, token);
    if (!signature) {
        return std::nullopt;
    }
    return token + "." + base64UrlEncode(*signature);
}

} // namespace portico::security::jwt
