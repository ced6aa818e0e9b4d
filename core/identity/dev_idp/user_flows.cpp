#include "core/identity/dev_idp/form_encoding.h"
#include "core/identity/dev_idp/html_pages.h"
#include "core/identity/dev_idp/oauth_error.h"
#include "core/identity/dev_idp/provider_state.h"
#include "core/text/json_text.h"

#include <nlohmann/json.hpp>
#include <openssl/rand.h>

#include <algorithm>

namespace portico::identity::dev_idp {

namespace {

bool isChallenge(const std::string& c) {
    // base64url(SHA-256(verifier)): 43 characters.
    return c.size() == 43 && std::all_of(c.begin(), c.end(), [](unsigned char ch) {
               return std::isalnum(ch) || ch == '-' || ch == '_';
           });
}

Response redirect(const std::string& uri,
                  const std::vector<std::pair<std::string, std::string>>& q) {
    std::string location = uri;
    char separator = uri.find('?') == std::string::npos ? '?' : '&';
    for (const auto& [name, value] : q) {
        location += separator + urlEncode(name) + "=" + urlEncode(value);
        separator = '&';
    }
    Response response;
    response.status = 302;
    response.contentType = "text/plain; charset=utf-8";
    response.headers.emplace_back("Location", location);
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

// A user code people can type: 8 letters without vowels (no words) and without look-alikes.
std::string makeUserCode() {
    static constexpr char kAlphabet[] = "BCDFGHJKLMNPQRSTVWXZ";
    unsigned char bytes[8];
    RAND_bytes(bytes, sizeof bytes);
    std::string code;
    for (unsigned char b : bytes)
        code += kAlphabet[b % 20]; // 256 % 20 leaves a slight bias; fine for a 15-minute code
    return code;
}

std::string normalizeUserCode(std::string code) {
    std::erase_if(code, [](char c) { return c == '-' || c == ' '; });
    for (auto& c : code)
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    return code;
}

} // namespace

Response authorizeEndpoint(ProviderState& state, const Request& request, const Form& form) {
    const auto clientId = field(form, "client_id").value_or("");
    const auto* client = state.directory.client(clientId);
    // Until client and redirect URI are known good, errors are shown here, never redirected.
    if (!client)
        return htmlResponse(
            400, messagePage("Sign-in failed", "Application with identifier '" + clientId +
                                                   "' was not found in the directory."));
    const auto redirectUri = field(form, "redirect_uri").value_or("");
    if (std::find(client->redirectUris.begin(), client->redirectUris.end(), redirectUri) ==
        client->redirectUris.end())
        return htmlResponse(
            400, messagePage("Sign-in failed", "The redirect URI '" + redirectUri +
                                                   "' is not registered for the application '" +
                                                   client->id + "'."));
    const auto state_ = field(form, "state");
    auto fail = [&](const std::string& error, const std::string& description) {
        std::vector<std::pair<std::string, std::string>> q{{"error", error},
                                                           {"error_description", description}};
        if (state_)
            q.emplace_back("state", *state_);
        return redirect(redirectUri, q);
    };
    if (field(form, "response_type").value_or("") != "code")
        return fail("unsupported_response_type", "response_type must be 'code'.");
    if (!state.directory.allowsGrant(*client, "authorization_code"))
        return fail("unauthorized_client", "The client may not use the authorization_code grant.");
    const auto challenge = field(form, "code_challenge").value_or("");
    const auto method = field(form, "code_challenge_method").value_or("");
    if (challenge.empty())
        return fail("invalid_request", "PKCE is required: send code_challenge and "
                                       "code_challenge_method=S256.");
    if (method != "S256")
        return fail("invalid_request",
                    "code_challenge_method must be S256; 'plain' and others are refused.");
    if (!isChallenge(challenge))
        return fail("invalid_request", "code_challenge must be base64url(SHA-256(verifier)).");
    auto scope = state.directory.delegated(*client, field(form, "scope").value_or(""));
    if (!scope.granted)
        return fail("invalid_scope", scope.error);

    const std::string action = state.tenantUrl() + "/oauth2/v2.0/authorize";
    const std::string clientName = client->displayName.empty() ? client->id : client->displayName;
    if (request.method != "POST")
        return htmlResponse(200, signInPage(action, form, clientName, {}));
    const auto* user = state.directory.signIn(field(form, "username").value_or(""),
                                              field(form, "password").value_or(""));
    if (!user)
        return htmlResponse(
            401, signInPage(action, form, clientName, "Your username or password is incorrect."));
    const auto code = state.grants.addCode({{client->id, user->username, *scope.granted},
                                            redirectUri,
                                            challenge,
                                            state.now + kCodeLifetime});
    std::vector<std::pair<std::string, std::string>> q{{"code", code}};
    if (state_)
        q.emplace_back("state", *state_);
    return redirect(redirectUri, q);
}

Response deviceCodeEndpoint(ProviderState& state, const Form& form) {
    const auto clientId = field(form, "client_id");
    if (!clientId)
        return oauthError(400, "invalid_request", 900144,
                          "The request body must contain the following parameter: 'client_id'.");
    const auto* client = state.directory.client(*clientId);
    if (!client)
        return oauthError(400, "unauthorized_client", 700016,
                          "Application with identifier '" + *clientId +
                              "' was not found in the directory '" +
                              state.directory.settings().tenant + "'.");
    if (!state.directory.allowsGrant(*client, "device_code"))
        return oauthError(400, "unauthorized_client", 0,
                          "The client '" + client->id +
                              "' may not use the device_code grant; see its grantTypes in "
                              "identity/clients.yaml.");
    const auto scopeText = field(form, "scope");
    if (!scopeText)
        return oauthError(400, "invalid_request", 900144,
                          "The request body must contain the following parameter: 'scope'.");
    auto scope = state.directory.delegated(*client, *scopeText);
    if (!scope.granted)
        return oauthError(400, "invalid_scope", 70011, scope.error);

    std::string userCode;
    do {
        userCode = makeUserCode();
    } while (state.grants.userCodeInUse(userCode));
    DeviceGrant grant;
    grant.clientId = client->id;
    grant.userCode = userCode;
    grant.scope = *scope.granted;
    grant.expires = state.now + kDeviceCodeLifetime;
    grant.interval = kDevicePollInterval;
    const auto deviceCode = state.grants.addDevice(std::move(grant));
    const std::string verification = state.tenantUrl() + "/oauth2/v2.0/deviceauth";
    const auto lifetime = std::chrono::duration_cast<std::chrono::seconds>(kDeviceCodeLifetime);
    nlohmann::json body{{"device_code", deviceCode},
                        {"user_code", userCode},
                        {"verification_uri", verification},
                        {"verification_uri_complete", verification + "?user_code=" + userCode},
                        {"expires_in", lifetime.count()},
                        {"interval", kDevicePollInterval.count()},
                        {"message", "To sign in, use a web browser to open the page " +
                                        verification + " and enter the code " + userCode +
                                        " to authenticate."}};
    Response response;
    response.body = text::jsonText(body);
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

Response deviceVerificationEndpoint(ProviderState& state, const Request& request,
                                    const Form& form) {
    const std::string action = state.tenantUrl() + "/oauth2/v2.0/deviceauth";
    const std::string userCode = normalizeUserCode(field(form, "user_code").value_or(""));
    if (request.method != "POST")
        return htmlResponse(200, devicePage(action, userCode, {}));
    auto* device = state.grants.deviceByUserCode(userCode, state.now);
    if (!device)
        return htmlResponse(
            400, devicePage(action, userCode, "That code is unknown, expired or already used."));
    const auto* user = state.directory.signIn(field(form, "username").value_or(""),
                                              field(form, "password").value_or(""));
    if (!user)
        return htmlResponse(
            401, devicePage(action, userCode, "Your username or password is incorrect."));
    const auto decision = field(form, "decision").value_or("");
    if (decision != "approve" && decision != "deny")
        return htmlResponse(400, devicePage(action, userCode, "Choose Approve or Deny."));
    device->username = user->username;
    device->state = decision == "approve" ? DeviceState::Approved : DeviceState::Denied;
    return htmlResponse(
        200, messagePage(decision == "approve" ? "Device signed in" : "Sign-in denied",
                         decision == "approve" ? "You may close this window and return to the "
                                                 "application."
                                               : "The application was not signed in."));
}

} // namespace portico::identity::dev_idp
