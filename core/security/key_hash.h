#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portico::security {

// A new subscription key: 32 random bytes, base64url without padding (43 characters).
// It is shown once; only its hash is stored.
std::string generateSubscriptionKey();

// "sha256$<salt>$<hash>$<tag>": salt = 16 random bytes, hash = SHA-256(salt || key), tag = the
// key's lookup tag (below); all base64url without padding. Hashes written before the tag existed
// ("sha256$<salt>$<hash>") stay readable.
std::string hashSubscriptionKey(std::string_view key);

// The first 8 bytes of SHA-256("portico-subscription-key-tag/v1" || key). A gateway finds the
// stored hash to check by this tag instead of trying every salted hash. It is unsalted on
// purpose, and that is safe because keys are 256-bit CSPRNG output: 64 bits of a one-way digest
// leave 2^192 candidate keys per tag, and no table can be precomputed over a 2^256 space. Salts
// defend low-entropy secrets, which generated keys are not. A tag only narrows the search; the
// salted hash still decides.
std::uint64_t subscriptionKeyTag(std::string_view key);

struct StoredKeyHash {
    std::array<unsigned char, 16> salt{};
    std::array<unsigned char, 32> hash{};
    std::optional<std::uint64_t> tag; // absent in hashes written before tags
};

// Parses a stored hash of either format. On failure `why` (if given) says what is wrong without
// echoing the value, which could be a key in clear.
std::optional<StoredKeyHash> parseSubscriptionKeyHash(std::string_view stored,
                                                      std::string* why = nullptr);

// Constant-time comparison of the key's salted hash with a stored one.
bool verifySubscriptionKey(std::string_view key, const StoredKeyHash& stored);
// The same on the stored text; false for malformed hashes.
bool verifySubscriptionKey(std::string_view key, std::string_view stored);

// Checks the shape of a stored hash (either format).
bool isSubscriptionKeyHash(std::string_view stored, std::string* why = nullptr);

} // namespace portico::security
