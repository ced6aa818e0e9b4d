#include "core/identity/dev_idp/grant_store.h"

#include "core/security/jwt/base64url.h"
#include "core/security/key_hash.h"
#include "core/security/sha256.h"

namespace portico::identity::dev_idp {

std::string sha256Base64Url(std::string_view text) {
    const auto digest = security::sha256Of({text});
    return security::jwt::base64UrlEncode(
        std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

std::string GrantStore::addCode(AuthorizationCode code) {
    auto value = security::generateSubscriptionKey();
    m_codes.emplace(sha256Base64Url(value), std::move(code));
    return value;
}

std::optional<AuthorizationCode> GrantStore::redeemCode(std::string_view code,
                                                        Clock::time_point now) {
    const auto it = m_codes.find(sha256Base64Url(code));
    if (it == m_codes.end())
        return std::nullopt;
    auto found = std::move(it->second);
    m_codes.erase(it); // single use, even when the redemption fails later
    if (found.expires <= now)
        return std::nullopt;
    return found;
}

std::string GrantStore::addRefresh(RefreshGrant grant) {
    auto value = security::generateSubscriptionKey();
    m_refresh.emplace(sha256Base64Url(value), std::move(grant));
    return value;
}

std::optional<RefreshGrant> GrantStore::redeemRefresh(std::string_view token,
                                                      Clock::time_point now) {
    const auto it = m_refresh.find(sha256Base64Url(token));
    if (it == m_refresh.end())
        return std::nullopt;
    auto found = std::move(it->second);
    m_refresh.erase(it);
    if (found.expires <= now)
        return std::nullopt;
    return found;
}

std::string GrantStore::addDevice(DeviceGrant grant) {
    auto value = security::generateSubscriptionKey();
    m_devices.emplace(sha256Base64Url(value), std::move(grant));
    return value;
}

DeviceGrant* GrantStore::device(std::string_view deviceCode) {
    const auto it = m_devices.find(sha256Base64Url(deviceCode));
    return it == m_devices.end() ? nullptr : &it->second;
}

DeviceGrant* GrantStore::deviceByUserCode(std::string_view userCode, Clock::time_point now) {
    for (auto& [key, grant] : m_devices)
        if (grant.userCode == userCode && grant.expires > now &&
            grant.state == DeviceState::Pending)
            return &grant;
    return nullptr;
}

bool GrantStore::userCodeInUse(std::string_view userCode) const {
    for (const auto& [key, grant] : m_devices)
        if (grant.userCode == userCode)
            return true;
    return false;
}

void GrantStore::removeDevice(std::string_view deviceCode) {
    m_devices.erase(sha256Base64Url(deviceCode));
}

void GrantStore::purge(Clock::time_point now) {
    std::erase_if(m_codes, [&](const auto& e) { return e.second.expires <= now; });
    std::erase_if(m_refresh, [&](const auto& e) { return e.second.expires <= now; });
    // Expired device codes are kept a while so that a late poll hears expired_token.
    std::erase_if(m_devices, [&](const auto& e) {
        return e.second.expires + std::chrono::minutes(10) <= now;
    });
}

} // namespace portico::identity::dev_idp
