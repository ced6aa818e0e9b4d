#include "core/secrets/azure_token.h"

#include "core/identity/dev_idp/form_encoding.h"

#include <nlohmann/json.hpp>

#include <charconv>

namespace portico::secrets {

namespace {

using identity::dev_idp::urlEncode;
using Clock = std::chrono::system_clock;

// Entra answers expires_in as a number, the metadata service as a string of digits.
std::optional<long long> seconds(const nlohmann::json& value) {
    if (value.is_number_integer())
        return value.get<long long>();
    if (!value.is_string())
        return std::nullopt;
    const auto& text = value.get_ref<const std::string&>();
    long long n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
        return std::nullopt;
    return n;
}

// The first line of an OAuth error, clipped: Entra appends trace and correlation ids.
std::string oauthError(const nlohmann::json& body) {
    std::string text = stringField(body, "error");
    if (text.empty())
        text = "unknown error";
    const std::string description = stringField(body, "error_description");
    if (!description.empty())
        text += ": " + description.substr(
                           0, std::min<std::size_t>(description.find_first_of("\r\n"), 300));
    return text;
}

} // namespace

std::string stringField(const nlohmann::json& object, const char* key) {
    if (!object.is_object())
        return {};
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

AccessToken readTokenAnswer(const identity::HttpResponse& answer, const std::string& where) {
    AccessToken token;
    if (!answer.error.empty()) {
        token.error = where + ": " + answer.error;
        return token;
    }
    const auto body = nlohmann::json::parse(answer.body, nullptr, false);
    if (answer.status != 200) {
        token.error = where + " answered " + std::to_string(answer.status) +
                      (body.is_object() ? " (" + oauthError(body) + ")" : std::string());
        return token;
    }
    const bool hasToken = body.is_object() && body.contains("access_token") &&
                          body["access_token"].is_string() &&
                          !body["access_token"].get_ref<const std::string&>().empty();
    const long long lifetime =
        hasToken && body.contains("expires_in") ? seconds(body["expires_in"]).value_or(0) : 0;
    if (lifetime <= 0 || lifetime > 366LL * 24 * 3600) {
        token.error = where + " answered 200 without an access_token and an expires_in of a "
                              "second to a year";
        return token;
    }
    token.value = body["access_token"].get<std::string>();
    token.expiresAt = Clock::now() + std::chrono::seconds(lifetime);
    return token;
}

std::string managedIdentityTokenUrl(const std::string& endpoint, const std::string& resource,
                                    const std::string& clientId) {
    return endpoint + "?api-version=2018-02-01&resource=" + urlEncode(resource) +
           (clientId.empty() ? "" : "&client_id=" + urlEncode(clientId));
}

AccessToken requestAccessToken(const AzureCredential& credential, const std::string& resource,
                               const HttpSender& send) {
    identity::HttpRequest request;
    if (credential.kind == AzureCredential::Kind::ManagedIdentity) {
        request.url =
            managedIdentityTokenUrl(credential.identityEndpoint, resource, credential.clientId);
        request.headers.emplace_back("Metadata", "true");
        return readTokenAnswer(send(request), "the managed identity endpoint");
    }
    request.method = "POST";
    request.url =
        credential.authority + "/" + urlEncode(credential.tenantId) + "/oauth2/v2.0/token";
    request.contentType = "application/x-www-form-urlencoded";
    request.body = "grant_type=client_credentials&client_id=" + urlEncode(credential.clientId) +
                   "&client_secret=" + urlEncode(credential.clientSecret) +
                   "&scope=" + urlEncode(resource + "/.default");
    return readTokenAnswer(send(request), "the token endpoint of tenant " + credential.tenantId);
}

} // namespace portico::secrets
