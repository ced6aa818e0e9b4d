#include "core/security/key_hash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <optional>
#include <stdexcept>
#include <vector>

namespace portico::security {

namespace {

constexpr std::string_view kPrefix = "sha256$";
constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64Url(const unsigned char* data, std::size_t size) {
    std::string out;
    out.reserve((size * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 2 < size; i += 3) {
        const unsigned v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (size - i == 1) {
        const unsigned v = data[i] << 16;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
    } else if (size - i == 2) {
        const unsigned v = (data[i] << 16) | (data[i + 1] << 8);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
    }
    return out;
}

int base64UrlValue(char c) {
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

// Strict: no padding, no stray bits, so that every stored hash has exactly one spelling.
std::optional<std::vector<unsigned char>> decodeBase64Url(std::string_view text) {
    if (text.size() % 4 == 1)
        return std::nullopt;
    std::vector<unsigned char> out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        const int v = base64UrlValue(c);
        if (v < 0)
            return std::nullopt;
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<unsigned char>((buffer >> bits) & 0xFF));
        }
    }
    if ((buffer & ((1u << bits) - 1)) != 0)
        return std::nullopt;
    return out;
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
    std::vector<unsigned char> salt;
    std::vector<unsigned char> hash;
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
    auto salt = decodeBase64Url(rest.substr(0, dollar));
    if (!salt || salt->size() != kSaltBytes)
        return fail("expected the salt to be 16 bytes in base64url without padding "
                    "(22 characters)");
    auto hash = decodeBase64Url(rest.substr(dollar + 1));
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
    const auto digest = sha256(parsed->salt.data(), parsed->salt.size(), key);
    return CRYPTO_memcmp(digest.data(), parsed->hash.data(), kHashBytes) == 0;
}

bool isSubscriptionKeyHash(std::string_view stored, std::string* why) {
    return parseStored(stored, why).has_value();
}

} // namespace portico::security
