#pragma once

#include "core/identity/dev_idp/directory.h"

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace portico::identity::dev_idp {

using Clock = std::chrono::system_clock;

// What a user granted a client: carried from a code or device approval to tokens.
struct UserGrant {
    std::string clientId;
    std::string username;
    GrantedScope scope;
};

struct AuthorizationCode {
    UserGrant grant;
    std::string redirectUri;
    std::string codeChallenge; // S256 of the verifier, base64url
    Clock::time_point expires;
};

struct RefreshGrant {
    UserGrant grant;
    Clock::time_point expires;
};

enum class DeviceState { Pending, Approved, Denied };

struct DeviceGrant {
    std::string clientId;
    std::string userCode;
    GrantedScope scope;
    std::string username; // once approved
    DeviceState state = DeviceState::Pending;
    Clock::time_point expires;
    std::chrono::seconds interval{5};
    std::optional<Clock::time_point> lastPoll;
};

// Authorization codes, refresh tokens and device codes, in memory. Each is a 256-bit random
// value shown once; the store keys entries by its SHA-256, never by the value itself. Codes and
// refresh tokens are single use: redeeming removes them.
class GrantStore {
public:
    std::string addCode(AuthorizationCode code);
    std::optional<AuthorizationCode> redeemCode(std::string_view code, Clock::time_point now);

    std::string addRefresh(RefreshGrant grant);
    std::optional<RefreshGrant> redeemRefresh(std::string_view token, Clock::time_point now);

    // Returns the device code; the user code is in the stored grant (see deviceByUserCode).
    std::string addDevice(DeviceGrant grant);
    DeviceGrant* device(std::string_view deviceCode);
    DeviceGrant* deviceByUserCode(std::string_view userCode, Clock::time_point now);
    void removeDevice(std::string_view deviceCode);
    bool userCodeInUse(std::string_view userCode) const;

    // Drops everything expired; called on each request so the store stays small.
    void purge(Clock::time_point now);

private:
    std::map<std::string, AuthorizationCode> m_codes;
    std::map<std::string, RefreshGrant> m_refresh;
    std::map<std::string, DeviceGrant> m_devices;
};

// base64url(SHA-256(text)): PKCE's S256 transform, also the store's key for secrets.
std::string sha256Base64Url(std::string_view text);

} // namespace portico::identity::dev_idp
