#include "core/security/jwt/signature.h"

#include "core/security/jwt/digests.h"
#include "core/security/jwt/key_material.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/hmac.h>
#include <openssl/obj_mac.h>
#include <openssl/rsa.h>

#include <memory>
#include <string>

namespace portico::security::jwt {
namespace {

struct MdCtxDeleter {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct BnDeleter {
    void operator()(BIGNUM* bn) const { BN_free(bn); }
};
struct EcdsaSigDeleter {
    void operator()(ECDSA_SIG* sig) const { ECDSA_SIG_free(sig); }
};

const unsigned char* bytes(std::string_view text) {
    return reinterpret_cast<const unsigned char*>(text.data());
}

// The group order n of each curve, computed once.
const BIGNUM* curveOrder(Algorithm algorithm) {
    auto make = [](int nid) -> const BIGNUM* {
        EC_GROUP* group = EC_GROUP_new_by_curve_name(nid);
        if (!group) {
            return nullptr;
        }
        BIGNUM* order = BN_dup(EC_GROUP_get0_order(group));
        EC_GROUP_free(group);
        return order;
    };
    static const BIGNUM* const p256 = make(NID_X9_62_prime256v1);
    static const BIGNUM* const p384 = make(NID_secp384r1);
    static const BIGNUM* const p521 = make(NID_secp521r1);
    switch (algorithm) {
    case Algorithm::ES256:
        return p256;
    case Algorithm::ES384:
        return p384;
    case Algorithm::ES512:
        return p521;
    default:
        return nullptr;
    }
}

// JOSE r||s to DER, refusing r or s outside [1, n-1] (r = s = 0 forgeries, CVE-2022-21449).
std::string ecdsaToDer(Algorithm algorithm, std::string_view signature) {
    const int size = ecCoordinateSize(algorithm);
    const BIGNUM* order = curveOrder(algorithm);
    if (!order || static_cast<int>(signature.size()) != 2 * size) {
        return {};
    }
    std::unique_ptr<BIGNUM, BnDeleter> r(BN_bin2bn(bytes(signature), size, nullptr));
    std::unique_ptr<BIGNUM, BnDeleter> s(BN_bin2bn(bytes(signature) + size, size, nullptr));
    if (!r || !s || BN_is_zero(r.get()) || BN_is_zero(s.get()) || BN_cmp(r.get(), order) >= 0 ||
        BN_cmp(s.get(), order) >= 0) {
        return {};
    }
    std::unique_ptr<ECDSA_SIG, EcdsaSigDeleter> sig(ECDSA_SIG_new());
    if (!sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) {
        return {};
    }
    (void)r.release(); // owned by sig now
    (void)s.release();
    unsigned char* der = nullptr;
    const int length = i2d_ECDSA_SIG(sig.get(), &der);
    if (length <= 0) {
        return {};
    }
    std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
    OPENSSL_free(der);
    return out;
}

bool verifyHmac(Algorithm algorithm, const KeyMaterial& key, std::string_view input,
                std::string_view signature) {
    const EVP_MD* md = digestFor(algorithm);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!md || !HMAC(md, key.secret.data(), static_cast<int>(key.secret.size()), bytes(input),
                     input.size(), mac, &length)) {
        return false;
    }
    return signature.size() == length && CRYPTO_memcmp(mac, signature.data(), length) == 0;
}

bool verifyAsymmetric(Algorithm algorithm, EVP_PKEY* pkey, std::string_view input,
                      std::string_view signature) {
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    const EVP_MD* md = digestFor(algorithm);
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, pkey) != 1) {
        return false;
    }
    const bool pss = algorithm == Algorithm::PS256 || algorithm == Algorithm::PS384 ||
                     algorithm == Algorithm::PS512;
    if (pss) {
        // RFC 7518 §3.5: MGF1 with the same hash, salt as long as the hash.
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
            EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) != 1 ||
            EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1) {
            return false;
        }
    }
    return EVP_DigestVerify(ctx.get(), bytes(signature), signature.size(), bytes(input),
                            input.size()) == 1;
}

} // namespace

bool verifySignature(Algorithm algorithm, const VerificationKey& key, std::string_view signingInput,
                     std::string_view signature) {
    if (!key.permits(algorithm)) {
        return false;
    }
    const KeyMaterial& material = key.material();
    switch (requiredKeyKind(algorithm)) {
    case KeyKind::Symmetric:
        return verifyHmac(algorithm, material, signingInput, signature);
    case KeyKind::Rsa:
        if (!material.pkey ||
            static_cast<int>(signature.size()) != EVP_PKEY_get_size(material.pkey.get())) {
            return false;
        }
        return verifyAsymmetric(algorithm, material.pkey.get(), signingInput, signature);
    case KeyKind::EcP256:
    case KeyKind::EcP384:
    case KeyKind::EcP521: {
        const std::string der = ecdsaToDer(algorithm, signature);
        if (der.empty() || !material.pkey) {
            return false;
        }
        return verifyAsymmetric(algorithm, material.pkey.get(), signingInput, der);
    }
    case KeyKind::Ed25519:
        if (!material.pkey || signature.size() != 64) {
            return false;
        }
        return verifyAsymmetric(algorithm, material.pkey.get(), signingInput, signature);
    }
    return false;
}

} // namespace portico::security::jwt
