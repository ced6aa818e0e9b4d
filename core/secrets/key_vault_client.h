#pragma once

#include "core/model/entities.h"
#include "core/secrets/azure_token.h"

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace portico::secrets {

struct KeyVaultOptions {
    AzureCredential credential;
    identity::HttpGetOptions http; // trust anchors, connect-to, timeout
    // How long a value is used before it is read again; APIM refreshes every four hours.
    std::chrono::milliseconds refreshInterval{std::chrono::hours(4)};
};

struct SecretFetch {
    std::optional<std::string> value;
    // Why there is no value; or, beside a value, why it is the last one read (a refresh failed).
    std::string problem;
};

// Reads Key Vault secrets over the REST API: GET https://{vault}/secrets/{name}[/{version}]
// ?api-version=7.4 with a bearer token from Microsoft Entra ID (see azure_token.h). Values are
// kept for the refresh interval; when a refresh fails the last value stays in use. The token is
// reused until five minutes before it expires, and asked for again once when the vault answers
// 401. Blocking, for the gateway's control thread, never an event loop. Thread-safe. Values
// never appear in its problems.
class KeyVaultClient {
public:
    explicit KeyVaultClient(KeyVaultOptions options, HttpSender send = {});

    SecretFetch secret(const model::SecretReference& reference);

private:
    struct Cached {
        std::string value;
        std::chrono::steady_clock::time_point readAt;
    };
    SecretFetch fetch(const model::SecretReference& reference);
    std::string bearerToken(bool renew, std::string& problem);

    KeyVaultOptions m_options;
    HttpSender m_send;
    std::mutex m_mutex;
    AccessToken m_token;
    std::map<std::string, Cached, std::less<>> m_values; // by reference text
};

// What Key Vault answered to Get Secret: the value, or its error as it came. Any bytes may
// arrive; none make it throw.
SecretFetch readSecretAnswer(const identity::HttpResponse& answer);

} // namespace portico::secrets
