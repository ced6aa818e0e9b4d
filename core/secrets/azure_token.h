#pragma once

#include "core/identity/http_get.h"

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <functional>
#include <string>

namespace portico::secrets {

// How the gateway signs in to Microsoft Entra ID to read Key Vault.
struct AzureCredential {
    enum class Kind { ClientSecret, ManagedIdentity };
    Kind kind = Kind::ClientSecret;
    std::string authority = "https://login.microsoftonline.com"; // ClientSecret
    std::string tenantId;                                        // ClientSecret
    // The application (client) id; for ManagedIdentity, a user-assigned identity's client id,
    // or empty for the system-assigned identity.
    std::string clientId;
    std::string clientSecret; // ClientSecret; memory only
    // The Azure Instance Metadata Service's token endpoint.
    std::string identityEndpoint = "http://169.254.169.254/metadata/identity/oauth2/token";
};

struct AccessToken {
    std::string value; // empty when none was issued
    std::chrono::system_clock::time_point expiresAt;
    std::string error; // why there is none; never holds the client secret
};

using HttpSender = std::function<identity::HttpResponse(const identity::HttpRequest&)>;

// Asks for an access token to `resource` (e.g. https://vault.azure.net): with a client secret,
// the client credentials grant at {authority}/{tenant}/oauth2/v2.0/token with scope
// `{resource}/.default`; with a managed identity, a GET to the metadata service with the
// `Metadata: true` header. Blocking.
AccessToken requestAccessToken(const AzureCredential& credential, const std::string& resource,
                               const HttpSender& send);

// The metadata service's token URL for `resource`, for a user-assigned identity when `clientId`
// is given (IMDS api-version 2018-02-01); sent with the header `Metadata: true`.
std::string managedIdentityTokenUrl(const std::string& endpoint, const std::string& resource,
                                    const std::string& clientId);

// What a token endpoint answered: the token, or why there is none (`where` names the endpoint).
// Any bytes may arrive; none make it throw.
AccessToken readTokenAnswer(const identity::HttpResponse& answer, const std::string& where);

// A string member of a JSON object; empty when absent, not a string, or not an object.
std::string stringField(const nlohmann::json& object, const char* key);

} // namespace portico::secrets
