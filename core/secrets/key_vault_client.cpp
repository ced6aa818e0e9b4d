#include "core/secrets/key_vault_client.h"

#include <nlohmann/json.hpp>

namespace portico::secrets {

namespace {

constexpr char kVaultResource[] = "https://vault.azure.net";
constexpr char kApiVersion[] = "7.4";

std::string secretUrl(const model::SecretReference& reference) {
    return "https://" + reference.service + "/secrets/" + reference.account +
           (reference.version.empty() ? "" : "/" + reference.version) +
           "?api-version=" + kApiVersion;
}

// Key Vault's errors read {"error":{"code":"SecretNotFound","message":"..."}}; neither holds a
// secret value.
std::string vaultError(const identity::HttpResponse& answer) {
    std::string text = "Key Vault answered " + std::to_string(answer.status);
    const auto body = nlohmann::json::parse(answer.body, nullptr, false);
    if (!body.is_object() || !body.contains("error") || !body["error"].is_object())
        return text;
    const auto& error = body["error"];
    std::string code = stringField(error, "code");
    if (error.contains("innererror") && error["innererror"].is_object())
        code += "/" + stringField(error["innererror"], "code");
    const std::string message = stringField(error, "message").substr(0, 300);
    return text + " (" + code + (message.empty() ? "" : ": " + message) + ")";
}

} // namespace

KeyVaultClient::KeyVaultClient(KeyVaultOptions options, HttpSender send)
    : m_options(std::move(options))
    , m_send(std::move(send)) {
    if (!m_send) {
        m_send = [http = m_options.http](const identity::HttpRequest& request) {
            return identity::httpSend(request, http);
        };
    }
}

SecretFetch KeyVaultClient::secret(const model::SecretReference& reference) {
    std::lock_guard lock(m_mutex);
    const auto now = std::chrono::steady_clock::now();
    const auto cached = m_values.find(reference.text);
    if (cached != m_values.end() && now - cached->second.readAt < m_options.refreshInterval)
        return {cached->second.value, {}};
    SecretFetch fetched = fetch(reference);
    if (fetched.value) {
        m_values[reference.text] = {*fetched.value, now};
        return fetched;
    }
    if (cached != m_values.end()) {
        return {cached->second.value,
                "refreshing it failed, so its last value stays in use: " + fetched.problem};
    }
    return fetched;
}

std::string KeyVaultClient::bearerToken(bool renew, std::string& problem) {
    const auto margin = std::chrono::minutes(5);
    if (renew || m_token.value.empty() ||
        std::chrono::system_clock::now() + margin >= m_token.expiresAt) {
        m_token = requestAccessToken(m_options.credential, kVaultResource, m_send);
        problem = m_token.error;
    }
    return m_token.value;
}

SecretFetch KeyVaultClient::fetch(const model::SecretReference& reference) {
    identity::HttpResponse answer;
    for (bool renew : {false, true}) {
        std::string problem;
        const std::string token = bearerToken(renew, problem);
        if (token.empty())
            return {std::nullopt, "no access token for Key Vault: " + problem};
        identity::HttpRequest request;
        request.url = secretUrl(reference);
        request.headers.emplace_back("Authorization", "Bearer " + token);
        answer = m_send(request);
        if (answer.status != 401)
            break; // a 401 may mean the token was revoked or expired early: renew it once
    }
    return readSecretAnswer(answer);
}

SecretFetch readSecretAnswer(const identity::HttpResponse& answer) {
    if (!answer.error.empty())
        return {std::nullopt, "cannot reach Key Vault: " + answer.error};
    if (answer.status != 200)
        return {std::nullopt, vaultError(answer)};
    const auto body = nlohmann::json::parse(answer.body, nullptr, false);
    const auto value = body.is_object() ? body.find("value") : body.end();
    if (!body.is_object() || value == body.end() || !value->is_string())
        return {std::nullopt, "Key Vault answered 200 without a string 'value'"};
    return {value->get<std::string>(), {}};
}

} // namespace portico::secrets
