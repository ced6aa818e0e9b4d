#pragma once

#include "core/identity/http_get.h"
#include "core/net/endpoint.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::gateway {

enum class LogLevel { Error, Warning, Info, Debug };
enum class ClientCertificateMode { None, Optional, Required };

// --keyvault-*: how the gateway signs in to Microsoft Entra ID to read keyvault: named
// values. Absent: they stay unresolved (PT3016) unless the studio passes them. (Not nested in
// GatewayOptions: clang cannot then default-construct it inside std::optional.)
struct KeyVaultSignIn {
    bool managedIdentity = false;
    std::string tenantId;
    std::string clientId;
    std::string clientSecretReference; // env:, file: or keychain:, never the secret
    std::string authority = "https://login.microsoftonline.com";
    std::string identityEndpoint = "http://169.254.169.254/metadata/identity/oauth2/token";
    std::string caFile;
    std::vector<identity::HttpGetOptions::ConnectTo> connectTo;
    std::chrono::milliseconds refreshInterval{std::chrono::hours(4)};
    // True once a way of signing in is given (the rest only tunes it).
    bool signsIn() const {
        return managedIdentity || !tenantId.empty() || !clientId.empty() ||
               !clientSecretReference.empty();
    }
};

// Everything portico-gateway can be told on its command line. Fields that the workspace's
// `gateways:` entry may also set are optional so that the command line wins only when given.
struct GatewayOptions {
    std::string workspace;
    std::string
        gatewayName; // which `gateways:` entry of portico.yaml to read, empty = the only one
    std::vector<net::Endpoint> listen;
    std::vector<net::Endpoint> tlsListen;
    std::optional<std::string> certificateFile;
    std::optional<std::string> privateKeyFile;
    std::optional<std::string> clientCaFile;
    std::optional<ClientCertificateMode> clientCertificate;
    std::optional<net::Endpoint> admin;
    // --dev-idp: the local identity provider's listener (loopback only); off when empty.
    std::optional<net::Endpoint> devIdp;
    bool adminDisabled = false;
    std::optional<int> threads;
    std::optional<std::string> accessLog; // file path or "-"
    std::optional<LogLevel> logLevel;
    // --trusted-proxy (repeatable) or the settings' trustedProxies: CIDR ranges whose
    // X-Forwarded-For is believed (see net::TrustedProxies).
    std::vector<std::string> trustedProxies;
    bool noWatch = false; // no reload on workspace file changes
    // --secrets-stdin: read `secretValues` from stdin before loading the workspace. The map
    // (secret reference text -> value) lives in memory only, never on disk or in argv.
    bool secretsFromStdin = false;
    std::map<std::string, std::string> secretValues;

    using KeyVaultSignIn = gateway::KeyVaultSignIn;
    std::optional<KeyVaultSignIn> keyVault;
    // --identity-endpoint: where authentication-managed-identity asks for tokens (the Azure
    // Instance Metadata Service unless told otherwise).
    std::string identityEndpoint = "http://169.254.169.254/metadata/identity/oauth2/token";

    // --eventhub-ca, --eventhub-connect-to: how log-to-eventhub reaches Event Hubs.
    identity::HttpGetOptions eventHubConnection;

    std::size_t maxConnections = 10000;
    std::size_t maxHeaderBytes = 60 * 1024;
    std::size_t maxHeaderCount = 100;
    std::uint64_t maxBodyBytes = 0; // 0 = no limit (bodies are streamed)
    std::chrono::milliseconds headerTimeout{10000};
    std::chrono::milliseconds idleTimeout{60000};
    std::chrono::milliseconds backendConnectTimeout{5000};
    std::chrono::milliseconds backendTimeout{30000};
    // Connect, request and response head together; APIM's forward-request default is 300 s.
    std::chrono::milliseconds backendTotalTimeout{300000};
    std::chrono::milliseconds drainTimeout{15000};
    // Response hardening: drop Server, X-Powered-By and X-AspNet-Version from backend answers.
    bool stripServerHeaders = true;
    // The most a policy that reads the backend's response body makes the gateway hold.
    std::uint64_t maxBufferedResponseBytes = 64ull << 20;
};

struct CommandLine {
    std::optional<GatewayOptions> options; // empty when help/version was printed or on error
    std::string error;                     // what is wrong, for stderr
    std::string output;                    // --help / --version text, for stdout
};

CommandLine parseCommandLine(const std::vector<std::string>& arguments);

// Reads the --secrets-stdin line: one JSON object of string values,
// {"<secret reference text>": "<value>", ...}. Returns what is wrong (with the column), or an
// empty string after filling `out`.
std::string parseSecretValues(std::string_view line, std::map<std::string, std::string>& out);

// What is wrong with a Key Vault sign-in (one way, complete), or empty.
std::string checkKeyVaultSignIn(const GatewayOptions::KeyVaultSignIn& signIn);

std::string usageText();

} // namespace portico::gateway
