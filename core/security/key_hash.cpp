#include "core/security/key_hash.h"

#include "core/security/jwt/base64url.h"
#include "core/security/sha256.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace portico::security {

namespace {

constexpr std::string_view kPrefix = "sha256$";
constexpr std::string_view kTagDomain = "portico-subscription-key-tag/v1";
constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
constexpr std::size_t kTagBytes = 8;

std::string base64Url(const unsigned char* data, std::size_t size) {
    return jwt::base64UrlEncode(std::string_view(reinterpret_cast<const char*>(data), size));
}

void randomBytes(unsigned char* out, std::size_t size) {
    if (RAND_bytes(out, static_cast<int>(size)) != 1)
        throw std::runtime_error("OpenSSL RAND_bytes failed: no secure random source");
}

std::string_view bytesView(const unsigned char* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

std::uint64_t tagFromBytes(const unsigned char* bytes) {
    std::uint64_t tag = 0;
    for (std::size_t i = 0; i < kTagBytes; ++i)
        tag = (tag << 8) | bytes[i];
    return tag;
}

template <std::size_t N> bool decodeInto(std::string_view text, std::array<unsigned char, N>& out) {
    const auto bytes = jwt::base64UrlDecode(text);
    if (!bytes || bytes->size() != N)
        return false;
    std::copy(bytes->begin(), bytes->end(), out.begin());
    return true;
}

} // namespace

std::string generateSubscriptionKey() {
    std::array<unsigned char, kKeyBytes> bytes{};
    randomBytes(bytes.data(), bytes.size());
    std::string key = base64Url(bytes.data(), bytes.size());
    OPENSSL_cleanse(bytes.data(), bytes.size());
    return key;
}

std::uint64_t subscriptionKeyTag(std::string_view key) {
    return tagFromBytes(sha256Of({kTagDomain, key}).data());
}

std::string hashSubscriptionKey(std::string_view key) {
    std::array<unsigned char, kSaltBytes> salt{};
    randomBytes(salt.data(), salt.size());
    const auto digest = sha256Of({bytesView(salt.data(), salt.size()), key});
    const auto tag = sha256Of({kTagDomain, key});
    return std::string(kPrefix) + base64Url(salt.data(), salt.size()) + '$' +
           base64Url(digest.data(), digest.size()) + '$' + base64Url(tag.data(), kTagBytes);
}

std::optional<StoredKeyHash> parseSubscriptionKeyHash(std::string_view stored, std::string* why) {
    auto fail = [&](const char* message) -> std::optional<StoredKeyHash> {
        if (why)
            *why = message;
        return std::nullopt;
    };
    if (stored.substr(0, kPrefix.size()) != kPrefix)
        return fail("expected a salted hash 'sha256$<salt>$<hash>$<tag>'; the value does not "
                    "start with 'sha256$' (keys are never stored in clear: store only their hash)");
    std::string_view parts[4];
    std::size_t count = 0;
    std::string_view rest = stored.substr(kPrefix.size());
    while (true) {
        const auto dollar = rest.find('$');
        if (count == 3)
            return fail("expected 'sha256$<salt>$<hash>$<tag>' (or 'sha256$<salt>$<hash>' from "
                        "before lookup tags): too many '$'-separated parts");
        parts[count++] = rest.substr(0, dollar);
        if (dollar == std::string_view::npos)
            break;
        rest = rest.substr(dollar + 1);
    }
    if (count < 2)
        return fail("expected 'sha256$<salt>$<hash>$<tag>': too few '$'-separated parts");
    StoredKeyHash parsed;
    if (!decodeInto(parts[0], parsed.salt))
        return fail("expected the salt to be 16 bytes in base64url without padding "
                    "(22 characters)");
    if (!decodeInto(parts[1], parsed.hash))
        return fail("expected the hash to be a SHA-256 digest in base64url without padding "
                    "(43 characters)");
    if (count == 3) {
        std::array<unsigned char, kTagBytes> tag{};
        if (!decodeInto(parts[2], tag))
            return fail("expected the lookup tag to be 8 bytes in base64url without padding "
                        "(11 characters)");
        parsed.tag = tagFromBytes(tag.data());
    }
    return parsed;
}

bool verifySubscriptionKey(std::string_view key, const StoredKeyHash& stored) {
    const auto digest = sha256Of({bytesView(stored.salt.data(), stored.salt.size()), key});
    return CRYPTO_memcmp(digest.data(), stored.hash.data(), kHashBytes) == 0;
}

bool verifySubscriptionKey(std::string_view key, std::string_view stored) {
    const auto parsed = parseSubscriptionKeyHash(stored, nullptr);
    return parsed && verifySubscriptionKey(key, *parsed);
}

bool isSubscriptionKeyHash(std::string_view stored, std::string* why) {
    return parseSubscriptionKeyHash(stored, why).has_value();
}

} // namespace portico::security
