#include "jwt_test_support.h"

#include "core/security/jwt/base64url.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <map>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace portico::security::jwt::test {
namespace {

const SigningKey& cachedKey(KeyKind kind, int slot) {
    static std::mutex mutex;
    static std::map<std::pair<KeyKind, int>, SigningKey> keys;
    std::lock_guard lock(mutex);
    const auto found = keys.find({kind, slot});
    if (found != keys.end()) {
        return found->second;
    }
    auto key = SigningKey::generate(kind);
    if (!key) {
        throw std::runtime_error("key generation failed");
    }
    return keys.emplace(std::make_pair(kind, slot), std::move(*key)).first->second;
}

} // namespace

Clock fixedClock(std::int64_t seconds) {
    return
        [seconds] { return std::chrono::system_clock::time_point(std::chrono::seconds(seconds)); };
}

const SigningKey& signingKey(KeyKind kind) {
    return cachedKey(kind, 0);
}

const SigningKey& otherSigningKey(KeyKind kind) {
    return cachedKey(kind, 1);
}

std::string headerJson(Algorithm algorithm, std::string_view kid) {
    std::string header =
        "{\"alg\":\"" + std::string(algorithmName(algorithm)) + "\",\"typ\":\"JWT\"";
    if (!kid.empty()) {
        header += ",\"kid\":\"" + std::string(kid) + "\"";
    }
    return header + "}";
}

std::string claimsJson(std::int64_t now) {
    return "{\"iss\":\"https://issuer.test\",\"aud\":\"api://portico\",\"sub\":\"alice\",\"iat\":" +
           std::to_string(now) + ",\"nbf\":" + std::to_string(now) +
           ",\"exp\":" + std::to_string(now + 3600) + "}";
}

std::string mint(Algorithm algorithm, const SigningKey& key, std::string_view header,
                 std::string_view claims) {
    auto token = signCompact(algorithm, key, header, claims);
    if (!token) {
        throw std::runtime_error("signing failed");
    }
    return *token;
}

std::string mintDefault(Algorithm algorithm, std::string_view kid) {
    return mint(algorithm, signingKey(requiredKeyKind(algorithm)), headerJson(algorithm, kid),
                claimsJson());
}

VerificationKey verificationKeyFor(KeyKind kind, std::string_view id,
                                   std::optional<Algorithm> algorithm) {
    auto result = signingKey(kind).verificationKey(KeyBinding{std::string(id), algorithm});
    if (!result.key) {
        throw std::runtime_error("verification key: " + result.error);
    }
    return *result.key;
}

KeySet standardKeySet() {
    return KeySet(
        {verificationKeyFor(KeyKind::Rsa, "rsa"), verificationKeyFor(KeyKind::EcP256, "p256"),
         verificationKeyFor(KeyKind::EcP384, "p384"), verificationKeyFor(KeyKind::EcP521, "p521"),
         verificationKeyFor(KeyKind::Ed25519, "ed25519"),
         verificationKeyFor(KeyKind::Symmetric, "oct")});
}

ValidatorConfig standardConfig() {
    ValidatorConfig config;
    config.issuers = {"https://issuer.test"};
    config.audiences = {"api://portico"};
    config.clock = fixedClock();
    return config;
}

JwtValidator compileOrDie(ValidatorConfig config) {
    auto compiled = JwtValidator::compile(std::move(config));
    if (!compiled.validator) {
        throw std::runtime_error("validator configuration: " + compiled.errors.front());
    }
    return *compiled.validator;
}

std::string selfSignedCertificatePem(const SigningKey& key) {
    const std::string pem = key.privateKeyPem();
    BIO* keyBio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    EVP_PKEY* pkey = PEM_read_bio_PrivateKey(keyBio, nullptr, nullptr, nullptr);
    BIO_free(keyBio);
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    ASN1_TIME_set(X509_getm_notBefore(cert), kNow - 86400);
    ASN1_TIME_set(X509_getm_notAfter(cert), kNow + 86400);
    X509_set_pubkey(cert, pkey);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("issuer.test"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    const bool ed = EVP_PKEY_is_a(pkey, "ED25519");
    X509_sign(cert, pkey, ed ? nullptr : EVP_sha256());
    BIO* out = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(out, cert);
    char* data = nullptr;
    const long length = BIO_get_mem_data(out, &data);
    std::string text(data, static_cast<std::size_t>(length));
    BIO_free(out);
    X509_free(cert);
    EVP_PKEY_free(pkey);
    return text;
}

std::string replacePart(std::string_view token, int part, std::string_view replacement) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = token.find('.', start);
        parts.emplace_back(token.substr(start, dot - start));
        if (dot == std::string_view::npos) {
            break;
        }
        start = dot + 1;
    }
    parts.at(static_cast<std::size_t>(part)) = std::string(replacement);
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        out += (i ? "." : "") + parts[i];
    }
    return out;
}

} // namespace portico::security::jwt::test
