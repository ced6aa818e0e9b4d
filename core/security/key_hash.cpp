#include "core/security/key_hash.h"

#include "core/security/jwt/base64url.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <optional>
#include <stdexcept>

namespace portico::security {

namespace {

constexpr std::string_view kPrefix = "sha256$";
constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
std::string base64Url(const unsigned char* data, std::size_t size) {
    return jwt::base64UrlEncode(std::string_view(reinterpret_cast<const char*>(data), size));
}

void randomBytes(unsigned char* out, std::size_t size) {
    if (RAND_bytes(out, static_cast<int>(size)) != 1)
        throw std::runtime_error("OpenSSL RAND_bytes failed: no secure random source");
}

std::array<unsigned char, kHashBytes> sha256(const unsigned char* salt, std::size_t saltSize,
                                             std::string_view key) {
    std::array<unsigned char, kHashBytes> digest{};
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    unsigned int length = 0;
    const bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
                    EVP_DigestUpdate(ctx, salt, saltSize) == 1 &&
                    EVP_DigestUpdate(ctx, key.data(), key.size()) == 1 &&
                    EVP_DigestFinal_ex(ctx, digest.data(), &length) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok || length != kHashBytes)
        throw std::runtime_error("OpenSSL SHA-256 failed");
    return digest;
}

struct ParsedHash {
    std::string salt;
    std::string hash;
};

std::optional<ParsedHash> parseStored(std::string_view stored, std::string* why) {
    auto fail = [&](const char* message) -> std::optional<ParsedHash> {
        if (why)
            *why = message;
        return std::nullopt;
    };
    if (stored.substr(0, kPrefix.size()) != kPrefix)
        return fail("expected a salted hash 'sha256$<salt>$<hash>'; the value does not start "
                    "with 'sha256$' (keys are never stored in clear: store only their hash)");
    const std::string_view rest = stored.substr(kPrefix.size());
    const auto dollar = rest.find('$');
    if (dollar == std::string_view::npos || rest.find('$', dollar + 1) != std::string_view::npos)
        return fail("expected 'sha256$<salt>$<hash>' with exactly three '$'-separated parts");
    auto salt = jwt::base64UrlDecode(rest.substr(0, dollar));
    if (!salt || salt->size() != kSaltBytes)
        return fail("expected the salt to be 16 bytes in base64url without padding "
                    "(22 characters)");
    auto hash = jwt::base64UrlDecode(rest.substr(dollar + 1));
    if (!hash || hash->size() != kHashBytes)
        return fail("expected the hash to be a SHA-256 digest in base64url without padding "
                    "(43 characters)");
    return ParsedHash{std::move(*salt), std::move(*hash)};
}

} // namespace

std::string generateSubscriptionKey() {
    std::array<unsigned char, kKeyBytes> bytes{};
    randomBytes(bytes.data(), bytes.size());
    std::string key = base64Url(bytes.data(), bytes.size());
    OPENSSL_cleanse(bytes.data(), bytes.size());
    return key;
}

std::string hashSubscriptionKey(std::string_view key) {
    std::array<unsigned char, kSaltBytes> salt{};
    randomBytes(salt.data(), salt.size());
    const auto digest = sha256(salt.data(), salt.size(), key);
    return std::string(kPrefix) + base64Url(salt.data(), salt.size()) + '$' +
           base64Url(digest.data(), digest.size());
}

bool verifySubscriptionKey(std::string_view key, std::string_view stored) {
    const auto parsed = parseStored(stored, nullptr);
    if (!parsed)
        return false;
    const auto digest = sha256(reinterpret_cast<const unsigned char*>(parsed->salt.data()),
                               parsed->salt.size(), key);
    return CRYPTO_memcmp(digest.data(), parsed->hash.data(), kHashBytes) == 0;
}

bool isSubscriptionKeyHash(std::string_view stored, std::string* why) {
    return parseStored(stored, why).has_value();
}

} // namespace portico::security
