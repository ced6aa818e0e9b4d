#pragma once

#include <string>
#include <string_view>

namespace portico::security {

// A new subscription key: 32 random bytes, base64url without padding (43 characters).
// It is shown once; only its hash is stored.
std::string generateSubscriptionKey();

// "sha256$<salt>$<hash>": salt = 16 random bytes, hash = SHA-256(salt || key), both base64url
// without padding.
std::string hashSubscriptionKey(std::string_view key);

// Constant-time comparison of the key's hash with a stored hash; false for malformed hashes.
bool verifySubscriptionKey(std::string_view key, std::string_view stored);

// Checks the shape of a stored hash. On failure `why` (if given) says what is wrong without
// echoing the value, which could be a key in clear.
bool isSubscriptionKeyHash(std::string_view stored, std::string* why = nullptr);

} // namespace portico::security
