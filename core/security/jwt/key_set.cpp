#include "core/security/jwt/key_set.h"

#include "core/security/jwt/base64url.h"
#include "core/security/jwt/key_material.h"
#include "core/security/jwt/strict_json.h"

#include <openssl/core_names.h>
#include <openssl/param_build.h>

#include <algorithm>
#include <atomic>

namespace portico::security::jwt {
namespace {

std::uint64_t nextGeneration() {
    static std::atomic<std::uint64_t> counter{0};
    return ++counter;
}

using Json = nlohmann::json;

struct PkeyCtxDeleter {
    void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct ParamBldDeleter {
    void operator()(OSSL_PARAM_BLD* bld) const { OSSL_PARAM_BLD_free(bld); }
};
struct ParamDeleter {
    void operator()(OSSL_PARAM* params) const { OSSL_PARAM_free(params); }
};

// Reads an optional string member; false if present with another type.
bool optionalString(const Json& object, const char* name, std::string& out, std::string& error) {
    const auto it = object.find(name);
    if (it == object.end()) {
        return true;
    }
    if (!it->is_string()) {
        error = std::string("\"") + name + "\" is not a string";
        return false;
    }
    out = it->get<std::string>();
    return true;
}

bool requiredBytes(const Json& object, const char* name, std::string& out, std::string& error) {
    std::string text;
    if (!optionalString(object, name, text, error)) {
        return false;
    }
    if (object.find(name) == object.end()) {
        error = std::string("\"") + name + "\" is missing";
        return false;
    }
    auto bytes = base64UrlDecode(text);
    if (!bytes) {
        error = std::string("\"") + name + "\" is not valid base64url";
        return false;
    }
    out = std::move(*bytes);
    return true;
}

KeyResult ecKey(const Json& jwk, KeyBinding binding) {
    KeyResult result;
    std::string crv;
    if (!optionalString(jwk, "crv", crv, result.error)) {
        return result;
    }
    const char* group = nullptr;
    std::size_t size = 0;
    if (crv == "P-256") {
        group = "prime256v1";
        size = 32;
    } else if (crv == "P-384") {
        group = "secp384r1";
        size = 48;
    } else if (crv == "P-521") {
        group = "secp521r1";
        size = 66;
    } else {
        result.error = "EC curve \"" + crv + "\" is not one of P-256, P-384, P-521";
        return result;
    }
    std::string x;
    std::string y;
    if (!requiredBytes(jwk, "x", x, result.error) || !requiredBytes(jwk, "y", y, result.error)) {
        return result;
    }
    // RFC 7518 §6.2.1.2: coordinates are the full size of the curve, never shortened.
    if (x.size() != size || y.size() != size) {
        result.error = "EC x/y are " + std::to_string(x.size()) + "/" + std::to_string(y.size()) +
                       " bytes, expected " + std::to_string(size) + " for " + crv;
        return result;
    }
    std::string point = "\x04" + x + y;
    std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> builder(OSSL_PARAM_BLD_new());
    if (!builder ||
        !OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
        !OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                          point.size())) {
        result.error = "out of memory";
        return result;
    }
    std::unique_ptr<OSSL_PARAM, ParamDeleter> params(OSSL_PARAM_BLD_to_param(builder.get()));
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
        result.error = "EC point (x, y) is not on " + crv;
        return result;
    }
    auto material = adoptPublicKey(PkeyPtr(raw), result.error);
    if (!material) {
        result.error = "EC point (x, y) is not a valid " + crv + " public key";
        return result;
    }
    return VerificationKey::fromMaterial(std::move(material), std::move(binding));
}

KeyResult okpKey(const Json& jwk, KeyBinding binding) {
    KeyResult result;
    std::string crv;
    if (!optionalString(jwk, "crv", crv, result.error)) {
        return result;
    }
    if (crv != "Ed25519") {
        result.error = "OKP curve \"" + crv + "\" is not Ed25519";
        return result;
    }
    std::string x;
    if (!requiredBytes(jwk, "x", x, result.error)) {
        return result;
    }
    if (x.size() != 32) {
        result.error = "Ed25519 x is " + std::to_string(x.size()) + " bytes, expected 32";
        return result;
    }
    PkeyPtr key(EVP_PKEY_new_raw_public_key_ex(
        nullptr, "ED25519", nullptr, reinterpret_cast<const unsigned char*>(x.data()), x.size()));
    auto material = adoptPublicKey(std::move(key), result.error);
    if (!material) {
        return result;
    }
    return VerificationKey::fromMaterial(std::move(material), std::move(binding));
}

KeyResult parseJwk(const Json& jwk) {
    KeyResult result;
    if (!jwk.is_object()) {
        result.error = "is not an object";
        return result;
    }
    std::string kty;
    std::string use;
    std::string algName;
    KeyBinding binding;
    if (!optionalString(jwk, "kty", kty, result.error) ||
        !optionalString(jwk, "kid", binding.id, result.error) ||
        !optionalString(jwk, "use", use, result.error) ||
        !optionalString(jwk, "alg", algName, result.error)) {
        return result;
    }
    if (kty.empty()) {
        result.error = "\"kty\" is missing";
        return result;
    }
    if (jwk.contains("use") && use != "sig") {
        result.error = "\"use\" is \"" + use + "\", not \"sig\"";
        return result;
    }
    if (const auto ops = jwk.find("key_ops"); ops != jwk.end()) {
        const bool verify = ops->is_array() && std::any_of(ops->begin(), ops->end(), [](auto& op) {
                                return op.is_string() && op.template get<std::string>() == "verify";
                            });
        if (!verify) {
            result.error = "\"key_ops\" does not allow \"verify\"";
            return result;
        }
    }
    if (jwk.contains("alg")) {
        binding.algorithm = algorithmFromName(algName);
        if (!binding.algorithm) {
            result.error = "\"alg\" \"" + algName + "\" is not a supported signature algorithm";
            return result;
        }
    }
    // A published verification key never carries private parts; refusing them keeps a leaked
    // private JWK from being accepted as configuration.
    for (const char* part : {"d", "p", "q", "dp", "dq", "qi"}) {
        if (kty != "oct" && jwk.contains(part)) {
            result.error = std::string("carries private key member \"") + part + "\"";
            return result;
        }
    }
    if (kty == "RSA") {
        std::string n;
        std::string e;
        if (!optionalString(jwk, "n", n, result.error) ||
            !optionalString(jwk, "e", e, result.error)) {
            return result;
        }
        return VerificationKey::fromRsaModulusExponent(n, e, std::move(binding));
    }
    if (kty == "EC") {
        return ecKey(jwk, std::move(binding));
    }
    if (kty == "OKP") {
        return okpKey(jwk, std::move(binding));
    }
    if (kty == "oct") {
        std::string k;
        if (!requiredBytes(jwk, "k", k, result.error)) {
            return result;
        }
        return VerificationKey::fromSymmetricBytes(k, std::move(binding));
    }
    result.error = "\"kty\" \"" + kty + "\" is not supported";
    return result;
}

} // namespace

KeySet::KeySet()
    : m_generation(nextGeneration()) {}

KeySet::KeySet(std::vector<VerificationKey> keys)
    : m_keys(std::move(keys))
    , m_generation(nextGeneration()) {}

bool KeySet::containsId(std::string_view id) const {
    return std::any_of(m_keys.begin(), m_keys.end(), [&](auto& key) { return key.id() == id; });
}

JwksResult parseJwks(std::string_view json) {
    JwksResult result;
    if (json.size() > kMaxJwksSize) {
        result.error = "JWKS is larger than " + std::to_string(kMaxJwksSize) + " bytes";
        return result;
    }
    const auto parsed = parseStrictJson(json, /*withDetail=*/true);
    if (parsed.problem != JsonProblem::None) {
        result.error = "JWKS: " + parsed.detail;
        return result;
    }
    const Json& document = parsed.value;
    if (!document.is_object()) {
        result.error = "JWKS is not a JSON object";
        return result;
    }
    const auto keys = document.find("keys");
    if (keys == document.end() || !keys->is_array()) {
        result.error = "JWKS has no \"keys\" array";
        return result;
    }
    if (keys->size() > kMaxJwksKeys) {
        result.error = "JWKS has " + std::to_string(keys->size()) + " keys, more than " +
                       std::to_string(kMaxJwksKeys);
        return result;
    }
    for (std::size_t i = 0; i < keys->size(); ++i) {
        const Json& jwk = (*keys)[i];
        auto key = parseJwk(jwk);
        if (key.key) {
            result.keys.push_back(std::move(*key.key));
            continue;
        }
        std::string where = "keys[" + std::to_string(i) + "]";
        if (jwk.is_object()) {
            if (const auto kid = jwk.find("kid"); kid != jwk.end() && kid->is_string()) {
                where += " (kid " + kid->dump() + ")";
            }
        }
        result.problems.push_back(where + ": " + key.error);
    }
    return result;
}

} // namespace portico::security::jwt
