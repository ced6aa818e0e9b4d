#include "core/identity/dev_idp/token_issuer.h"

#include "core/identity/dev_idp/grant_store.h"
#include "core/model/identity_loader.h"
#include "core/security/key_hash.h"
#include "core/text/json_text.h"

#include <nlohmann/json.hpp>

namespace portico::identity::dev_idp {

namespace {

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words)
        out += (out.empty() ? "" : " ") + w;
    return out;
}

nlohmann::json baseClaims(const std::string& issuer, const std::string& tenant,
                          const model::IdentityClient& client, const GrantedScope& scope,
                          Clock::time_point now, std::chrono::seconds lifetime) {
    const auto iat = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
    return {{"aud", scope.resource},
            {"iss", issuer},
            {"iat", iat.count()},
            {"nbf", iat.count()},
            {"exp", (iat + lifetime).count()},
            {"azp", client.id},
            {"azpacr", client.isPublic() ? "0" : "1"},
            {"tid", tenant},
            // A unique token id, as Entra's uti.
            {"uti", security::generateSubscriptionKey().substr(0, 22)},
            {"ver", "2.0"}};
}

} // namespace

TokenIssuer::TokenIssuer(std::string issuer, std::string tenant)
    : m_issuer(std::move(issuer))
    , m_tenant(std::move(tenant)) {}

std::string TokenIssuer::delegated(const SigningKeys& keys, const model::IdentityClient& client,
                                   const model::IdentityUser& user, const GrantedScope& scope,
                                   Clock::time_point now, std::chrono::seconds lifetime) const {
    auto claims = baseClaims(m_issuer, m_tenant, client, scope, now, lifetime);
    claims["oid"] = user.objectId;
    // Entra's sub is pairwise: the same user looks different to each application.
    claims["sub"] = sha256Base64Url(user.objectId + "|" + client.id).substr(0, 43);
    claims["name"] = user.displayName.empty() ? user.username : user.displayName;
    claims["preferred_username"] = user.username;
    claims["scp"] = join(scope.permissions);
    return keys.sign(text::jsonText(claims));
}

std::string TokenIssuer::application(const SigningKeys& keys, const model::IdentityClient& client,
                                     const GrantedScope& scope, Clock::time_point now,
                                     std::chrono::seconds lifetime) const {
    auto claims = baseClaims(m_issuer, m_tenant, client, scope, now, lifetime);
    // The client's service principal: one object id, the same as subject.
    const auto oid = model::derivedObjectId(m_tenant, "client:" + client.id);
    claims["oid"] = oid;
    claims["sub"] = oid;
    claims["idtyp"] = "app";
    if (!scope.permissions.empty())
        claims["roles"] = scope.permissions;
    return keys.sign(text::jsonText(claims));
}

} // namespace portico::identity::dev_idp
