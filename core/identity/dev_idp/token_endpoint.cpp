#include "core/identity/dev_idp/form_encoding.h"
#include "core/identity/dev_idp/oauth_error.h"
#include "core/identity/dev_idp/provider_state.h"
#include "core/security/jwt/base64url.h"
#include "core/text/json_text.h"

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>

namespace portico::identity::dev_idp {

namespace {

constexpr char kDeviceGrant[] = "urn:ietf:params:oauth:grant-type:device_code";

Response missing(const char* parameter) {
    return oauthError(400, "invalid_request", 900144,
                      std::string("The request body must contain the following parameter: '") +
                          parameter + "'.");
}

Response invalidGrant(const std::string& description, int code = 0) {
    return oauthError(400, "invalid_grant", code, description);
}

std::string joinScope(const GrantedScope& scope) {
    std::string out;
    for (const auto& p : scope.permissions)
        out += (out.empty() ? "" : " ") + scope.resource + "/" + p;
    if (scope.offlineAccess)
        out += (out.empty() ? "" : " ") + std::string("offline_access");
    return out;
}

Response tokens(ProviderState& state, const model::IdentityClient& client,
                const model::IdentityUser* user, const GrantedScope& scope) {
    const auto lifetime = state.accessLifetime();
    nlohmann::json body{{"token_type", "Bearer"},
                        {"expires_in", lifetime.count()},
                        {"ext_expires_in", lifetime.count()}};
    if (user) {
        body["access_token"] =
            state.issuer.delegated(state.keys, client, *user, scope, state.now, lifetime);
        body["scope"] = joinScope(scope);
        if (scope.offlineAccess) {
            body["refresh_token"] = state.grants.addRefresh(
                {{client.id, user->username, scope}, state.now + kRefreshLifetime});
        }
    } else {
        body["access_token"] =
            state.issuer.application(state.keys, client, scope, state.now, lifetime);
    }
    Response response;
    response.body = text::jsonText(body);
    response.headers.emplace_back("Cache-Control", "no-store");
    response.headers.emplace_back("Pragma", "no-cache");
    return response;
}

// client_secret_basic: base64(urlencode(id) ":" urlencode(secret)) (RFC 6749 §2.3.1).
bool basicCredentials(const std::string& header, std::string& id, std::string& secret) {
    if (header.size() < 6 ||
        !(header.compare(0, 6, "Basic ") == 0 || header.compare(0, 6, "basic ") == 0))
        return false;
    auto decoded = security::jwt::base64Decode(std::string_view(header).substr(6));
    if (!decoded)
        return false;
    const auto colon = decoded->find(':');
    if (colon == std::string::npos)
        return false;
    auto parsed = parseForm("i=" + decoded->substr(0, colon) + "&s=" + decoded->substr(colon + 1));
    if (!parsed.error.empty())
        return false;
    id = parsed.fields["i"];
    secret = parsed.fields["s"];
    return true;
}

bool sameText(const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool isVerifier(const std::string& v) {
    if (v.size() < 43 || v.size() > 128)
        return false;
    for (unsigned char c : v)
        if (!(std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~'))
            return false;
    return true;
}

Response clientCredentials(ProviderState& state, const model::IdentityClient& client,
                           const Form& form) {
    const auto scope = field(form, "scope");
    if (!scope)
        return missing("scope");
    auto result = state.directory.application(client, *scope);
    if (!result.granted)
        return oauthError(400, "invalid_scope", 1002012, result.error);
    return tokens(state, client, nullptr, *result.granted);
}

Response authorizationCode(ProviderState& state, const model::IdentityClient& client,
                           const Form& form) {
    const auto code = field(form, "code");
    if (!code)
        return missing("code");
    const auto redirect = field(form, "redirect_uri");
    if (!redirect)
        return missing("redirect_uri");
    const auto verifier = field(form, "code_verifier");
    if (!verifier)
        return missing("code_verifier");
    auto stored = state.grants.redeemCode(*code, state.now);
    if (!stored)
        return invalidGrant("The authorization code is unknown, expired or already redeemed.",
                            70008);
    if (stored->grant.clientId != client.id)
        return invalidGrant("The authorization code was issued to another client.");
    if (stored->redirectUri != *redirect)
        return invalidGrant("The redirect_uri does not match the one of the authorization "
                            "request.",
                            50011);
    if (!isVerifier(*verifier) || !sameText(sha256Base64Url(*verifier), stored->codeChallenge))
        return invalidGrant("The code_verifier does not match the code_challenge supplied in "
                            "the authorization request.",
                            501481);
    const auto* user = state.directory.user(stored->grant.username);
    if (!user)
        return invalidGrant("The user of this grant no longer exists.");
    return tokens(state, client, user, stored->grant.scope);
}

Response refreshToken(ProviderState& state, const model::IdentityClient& client, const Form& form) {
    const auto token = field(form, "refresh_token");
    if (!token)
        return missing("refresh_token");
    // Redeeming removes the old token: a refresh token is good for one use (rotation).
    auto stored = state.grants.redeemRefresh(*token, state.now);
    if (!stored)
        return invalidGrant("The refresh token is unknown, expired or already used.", 70008);
    if (stored->grant.clientId != client.id)
        return invalidGrant("The refresh token was issued to another client.");
    const auto* user = state.directory.user(stored->grant.username);
    if (!user)
        return invalidGrant("The user of this grant no longer exists.");
    GrantedScope scope = stored->grant.scope;
    if (const auto asked = field(form, "scope")) {
        // Narrowing only: the new token may not carry more than the original grant.
        auto narrowed = state.directory.delegated(client, *asked);
        if (!narrowed.granted)
            return oauthError(400, "invalid_scope", 70011, narrowed.error);
        for (const auto& p : narrowed.granted->permissions)
            if (narrowed.granted->resource != scope.resource ||
                std::find(scope.permissions.begin(), scope.permissions.end(), p) ==
                    scope.permissions.end())
                return oauthError(400, "invalid_scope", 70011,
                                  "The scope '" + narrowed.granted->resource + "/" + p +
                                      "' was not part of the original grant.");
        scope.permissions = narrowed.granted->permissions;
    }
    scope.offlineAccess = true;
    return tokens(state, client, user, scope);
}

Response deviceCode(ProviderState& state, const model::IdentityClient& client, const Form& form) {
    const auto code = field(form, "device_code");
    if (!code)
        return missing("device_code");
    auto* device = state.grants.device(*code);
    if (!device || device->clientId != client.id)
        return invalidGrant("The device code is unknown.");
    if (device->expires <= state.now) {
        state.grants.removeDevice(*code);
        return oauthError(400, "expired_token", 70020,
                          "The provided value for the input parameter 'device_code' is not "
                          "valid. This device code has expired.");
    }
    if (device->state == DeviceState::Denied) {
        state.grants.removeDevice(*code);
        return oauthError(400, "access_denied", 0,
                          "The end user denied the authorization request.");
    }
    if (device->state == DeviceState::Approved) {
        const auto* user = state.directory.user(device->username);
        const GrantedScope scope = device->scope;
        state.grants.removeDevice(*code);
        if (!user)
            return invalidGrant("The user of this grant no longer exists.");
        return tokens(state, client, user, scope);
    }
    const bool tooSoon = device->lastPoll && state.now - *device->lastPoll < device->interval;
    device->lastPoll = state.now;
    if (tooSoon) {
        device->interval += std::chrono::seconds(5); // RFC 8628 §3.5
        return oauthError(400, "slow_down", 0,
                          "The client is polling too fast; wait " +
                              std::to_string(device->interval.count()) +
                              " seconds between requests.");
    }
    return oauthError(400, "authorization_pending", 70016,
                      "OAuth 2.0 device flow error. Authorization is pending. Continue polling.");
}

} // namespace

Response tokenEndpoint(ProviderState& state, const Request& request, const Form& form) {
    std::string id;
    std::string secret;
    const bool basic = !request.authorization.empty();
    if (basic && !basicCredentials(request.authorization, id, secret))
        return oauthError(401, "invalid_client", 0,
                          "The Authorization header is not valid client_secret_basic.");
    const auto bodyId = field(form, "client_id");
    const auto bodySecret = field(form, "client_secret");
    if (basic && bodySecret)
        return oauthError(400, "invalid_request", 0,
                          "The client sent its secret both in the Authorization header and in "
                          "the body; use one.");
    if (basic && bodyId && *bodyId != id)
        return oauthError(400, "invalid_request", 0,
                          "client_id in the body differs from the Authorization header.");
    if (!basic) {
        id = bodyId.value_or("");
        secret = bodySecret.value_or("");
    }
    const auto grantType = field(form, "grant_type");
    if (!grantType)
        return missing("grant_type");
    if (id.empty())
        return missing("client_id");
    const auto* client = state.directory.client(id);
    if (!client)
        return oauthError(400, "unauthorized_client", 700016,
                          "Application with identifier '" + id +
                              "' was not found in the directory '" +
                              state.directory.settings().tenant + "'.");
    if (client->isPublic()) {
        if (basic || bodySecret)
            return oauthError(401, "invalid_client", 700025,
                              "Client is public so neither 'client_assertion' nor "
                              "'client_secret' should be presented.");
    } else if (secret.empty()) {
        return oauthError(401, "invalid_client", 7000218,
                          "The request body must contain the following parameter: "
                          "'client_assertion' or 'client_secret'.");
    } else if (!state.directory.checkSecret(*client, secret)) {
        return oauthError(401, "invalid_client", 7000215,
                          "Invalid client secret provided. Ensure the secret being sent in the "
                          "request is the client secret value, not the client secret ID, for a "
                          "secret added to app '" +
                              client->id + "'.");
    }

    const std::string grant = *grantType == kDeviceGrant ? "device_code" : *grantType;
    const bool known = grant == "client_credentials" || grant == "authorization_code" ||
                       grant == "refresh_token" || grant == "device_code";
    if (!known)
        return oauthError(400, "unsupported_grant_type", 70003,
                          "The app requested an unsupported grant type '" + *grantType + "'.");
    if (!state.directory.allowsGrant(*client, grant))
        return oauthError(400, "unauthorized_client", 0,
                          "The client '" + client->id + "' may not use the grant type '" + grant +
                              "'; see its grantTypes in identity/clients.yaml.");
    if (grant == "client_credentials")
        return clientCredentials(state, *client, form);
    if (grant == "authorization_code")
        return authorizationCode(state, *client, form);
    if (grant == "refresh_token")
        return refreshToken(state, *client, form);
    return deviceCode(state, *client, form);
}

} // namespace portico::identity::dev_idp
