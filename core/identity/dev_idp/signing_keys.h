#pragma once

#include "core/security/jwt/signing_key.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace portico::identity::dev_idp {

// The provider's RS256 keys, in memory only: the key that signs, the next key (published ahead
// so that gateways know it before it signs anything, as Entra publishes its upcoming keys), and
// retired keys, published until every token they signed has expired.
class SigningKeys {
public:
    using Clock = std::chrono::system_clock;

    // Generates the current and the next key; nullopt when the OS has no random source.
    static std::optional<SigningKeys> generate(std::chrono::seconds keepRetiredFor,
                                               int rsaBits = 2048);

    // The next key starts signing; the current one retires; a new next key is made. Returns
    // the kid that signs from now on, or nothing when a key could not be generated.
    std::optional<std::string> rotate(Clock::time_point now);

    // base64url(header).base64url(payload).signature, signed by the current key with its kid.
    std::string sign(std::string_view payloadJson) const;

    // {"keys": [...]} with every key still published at `now`.
    std::string jwks(Clock::time_point now) const;

    const std::string& currentKid() const { return m_current.kid; }
    const std::string& nextKid() const { return m_next.kid; }
    // Kids published at `now`, signing key first.
    std::vector<std::string> publishedKids(Clock::time_point now) const;

private:
    struct Key {
        std::string kid;
        security::jwt::SigningKey key;
        Clock::time_point publishedUntil = Clock::time_point::max();
    };
    static std::optional<Key> makeKey(int rsaBits);
    SigningKeys(Key current, Key next, std::chrono::seconds keep, int bits);

    Key m_current;
    Key m_next;
    std::vector<Key> m_retired;
    std::chrono::seconds m_keepRetiredFor;
    int m_rsaBits;
};

} // namespace portico::identity::dev_idp
