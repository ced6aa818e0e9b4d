#include "core/identity/dev_idp/signing_keys.h"

#include "core/security/jwt/base64url.h"
#include "core/security/sha256.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace portico::identity::dev_idp {

using security::jwt::Algorithm;

std::optional<SigningKeys::Key> SigningKeys::makeKey(int rsaBits) {
    auto key = security::jwt::SigningKey::generate(security::jwt::KeyKind::Rsa, rsaBits);
    if (!key)
        return std::nullopt;
    // The kid is a digest of the public key, so it names exactly one key.
    const std::string der = key->publicKeyDer();
    const auto digest = security::sha256Of({der});
    std::string kid = security::jwt::base64UrlEncode(
        std::string_view(reinterpret_cast<const char*>(digest.data()), 20));
    return Key{std::move(kid), std::move(*key)};
}

SigningKeys::SigningKeys(Key current, Key next, std::chrono::seconds keep, int bits)
    : m_current(std::move(current))
    , m_next(std::move(next))
    , m_keepRetiredFor(keep)
    , m_rsaBits(bits) {}

std::optional<SigningKeys> SigningKeys::generate(std::chrono::seconds keepRetiredFor, int rsaBits) {
    auto current = makeKey(rsaBits);
    auto next = makeKey(rsaBits);
    if (!current || !next)
        return std::nullopt;
    return SigningKeys(std::move(*current), std::move(*next), keepRetiredFor, rsaBits);
}

std::optional<std::string> SigningKeys::rotate(Clock::time_point now) {
    auto fresh = makeKey(m_rsaBits);
    if (!fresh)
        return std::nullopt;
    std::erase_if(m_retired, [&](const Key& k) { return k.publishedUntil <= now; });
    m_current.publishedUntil = now + m_keepRetiredFor;
    m_retired.push_back(std::move(m_current));
    m_current = std::move(m_next);
    m_next = std::move(*fresh);
    return m_current.kid;
}

std::string SigningKeys::sign(std::string_view payloadJson) const {
    const nlohmann::json header{{"typ", "JWT"}, {"alg", "RS256"}, {"kid", m_current.kid}};
    return security::jwt::signCompact(Algorithm::RS256, m_current.key, header.dump(), payloadJson)
        .value_or(std::string());
}

std::string SigningKeys::jwks(Clock::time_point now) const {
    nlohmann::json keys = nlohmann::json::array();
    auto add = [&](const Key& k) {
        auto jwk = nlohmann::json::parse(k.key.publicJwk(k.kid, Algorithm::RS256));
        keys.push_back(std::move(jwk));
    };
    add(m_current);
    add(m_next);
    for (const auto& k : m_retired)
        if (k.publishedUntil > now)
            add(k);
    return nlohmann::json{{"keys", keys}}.dump();
}

std::vector<std::string> SigningKeys::publishedKids(Clock::time_point now) const {
    std::vector<std::string> kids{m_current.kid, m_next.kid};
    for (const auto& k : m_retired)
        if (k.publishedUntil > now)
            kids.push_back(k.kid);
    return kids;
}

} // namespace portico::identity::dev_idp
