#include "core/gateway/options.h"

#include "core/model/secret_reference.h"
#include "core/net/ip_address.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <functional>
#include <map>

namespace portico::gateway {

namespace {

template <typename T> std::optional<T> parseNumber(std::string_view text) {
    T value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// The client secret is named, never given: argv is visible to every user of the machine.
std::string checkClientSecretReference(const std::string& text) {
    const auto parsed = model::parseSecretReference(text);
    if (!parsed.ok())
        return "--keyvault-client-secret: expected env:NAME, file:PATH or keychain:SERVICE/ACCOUNT"
               " (" +
               parsed.error + ")";
    if (parsed.reference->kind == model::SecretReference::Kind::KeyVault)
        return "--keyvault-client-secret: the secret that signs in to Key Vault cannot itself "
               "live in Key Vault";
    return {};
}

// https, or http to a loopback address or to the link-local metadata service (IMDS).
std::string checkIdentityEndpoint(std::string_view flag, const std::string& text) {
    if (auto problem = identity::checkIdentityUrl(text);
        !problem.empty() && !text.starts_with("http://169.254."))
        return std::string(flag) + ": " + problem;
    return {};
}

// HOST=ADDR:PORT, as curl's --connect-to takes it (without the ports of the host).
void connectTo(std::string_view flag, const std::string& value, std::string& error,
               std::vector<identity::HttpGetOptions::ConnectTo>& into) {
    const auto eq = value.find('=');
    const auto to = eq == std::string::npos
                        ? std::nullopt
                        : net::parseEndpoint(std::string_view(value).substr(eq + 1)).endpoint;
    if (eq == 0 || !to) {
        error = std::string(flag) + ": expected HOST=ADDR:PORT, got '" + value + "'";
        return;
    }
    into.push_back({value.substr(0, eq), to->host, std::to_string(to->port)});
}

} // namespace

std::string usageText() {
    return "usage: portico-gateway --workspace DIR [options]\n"
           "\n"
           "  --workspace DIR              workspace folder to serve (required)\n"
           "  --gateway NAME               settings from this `gateways:` entry of portico.yaml\n"
           "  --listen ADDR:PORT           plain HTTP listener, repeatable (default "
           "127.0.0.1:8080)\n"
           "  --tls-listen ADDR:PORT       HTTPS listener, repeatable (needs --cert and --key)\n"
           "  --cert PEM --key PEM         server certificate chain and private key\n"
           "  --client-ca PEM              CA bundle that client certificates must chain to\n"
           "  --client-cert MODE           none | optional | required (default none)\n"
           "  --admin ADDR:PORT|off        admin listener (default 127.0.0.1:9090)\n"
           "  --dev-idp ADDR:PORT          serve the local identity provider (identity/ folder)\n"
           "                               on a loopback address; off by default\n"
           "  --threads N                  worker threads (default: number of cores)\n"
           "  --access-log FILE|-          one JSON line per request\n"
           "  --log-level LEVEL            error | warning | info | debug (default info)\n"
           "  --trusted-proxy CIDR         a load balancer in front whose X-Forwarded-For names\n"
           "                               the client (repeatable; default: none)\n"
           "  --no-watch                   do not reload when workspace files change\n"
           "  --keep-server-headers        pass the backend's Server, X-Powered-By and\n"
           "                               X-AspNet-Version on (stripped by default)\n"
           "  --secrets-stdin              read secret values as one JSON object line from "
           "stdin\n"
           "  --identity-endpoint URL      managed identity token endpoint of\n"
           "                               authentication-managed-identity (default IMDS)\n"
           "  --keyvault-tenant ID         Key Vault sign-in: Microsoft Entra tenant, with\n"
           "  --keyvault-client-id ID        the application's client id and\n"
           "  --keyvault-client-secret REF   its secret as env:NAME, file:PATH or keychain:...\n"
           "  --keyvault-managed-identity  sign in as the Azure managed identity instead (with\n"
           "                               --keyvault-client-id: a user-assigned one)\n"
           "  --keyvault-authority URL     (default https://login.microsoftonline.com)\n"
           "  --keyvault-identity-endpoint URL  managed identity token endpoint (default IMDS)\n"
           "  --keyvault-ca PEM            extra CA certificates for Entra ID and Key Vault\n"
           "  --keyvault-connect-to HOST=ADDR:PORT  reach HOST at ADDR:PORT (repeatable)\n"
           "  --keyvault-refresh-ms N      how long Key Vault values are kept (default 4 h)\n"
           "  --eventhub-ca PEM            extra CA certificates for log-to-eventhub's Event Hubs\n"
           "  --eventhub-connect-to HOST=ADDR:PORT  reach an Event Hubs HOST at ADDR:PORT\n"
           "                               (repeatable)\n"
           "  --max-connections N          open client connections before 503 (default 10000)\n"
           "  --max-header-bytes N         request head limit, 431 above (default 61440)\n"
           "  --max-headers N              request header count limit, 431 above (default 100)\n"
           "  --max-body-bytes N           request body limit, 413 above (default: none)\n"
           "  --header-timeout-ms N        time to receive a request head (default 10000)\n"
           "  --idle-timeout-ms N          keep-alive idle time (default 60000)\n"
           "  --backend-connect-timeout-ms N  (default 5000)\n"
           "  --backend-timeout-ms N       backend read/write inactivity, 504 (default 30000)\n"
           "  --backend-total-timeout-ms N  connect + request + response head, 504 "
           "(default 300000)\n"
           "  --drain-timeout-ms N         grace period for in-flight requests on SIGTERM "
           "(default 15000)\n"
           "\n"
           "Addresses are numeric; a non-loopback address is served only when given "
           "explicitly.\n";
}

CommandLine parseCommandLine(const std::vector<std::string>& arguments) {
    CommandLine result;
    GatewayOptions options;

    auto endpoint = [](std::string_view flag, const std::string& value,
                       std::string& error) -> std::optional<net::Endpoint> {
        auto parsed = net::parseEndpoint(value);
        if (!parsed.endpoint) {
            error = std::string(flag) + ": " + parsed.error;
        }
        return parsed.endpoint;
    };
    auto millis = [](std::string_view flag, const std::string& value, std::string& error,
                     std::chrono::milliseconds& out) {
        const auto n = parseNumber<long long>(value);
        if (!n || *n <= 0) {
            error = std::string(flag) + ": expected a positive number of milliseconds, got '" +
                    value + "'";
            return;
        }
        out = std::chrono::milliseconds(*n);
    };
    auto count = [](std::string_view flag, const std::string& value, std::string& error,
                    auto& out) {
        const auto n = parseNumber<unsigned long long>(value);
        if (!n || *n == 0) {
            error = std::string(flag) + ": expected a positive integer, got '" + value + "'";
            return;
        }
        out = static_cast<std::remove_reference_t<decltype(out)>>(*n);
    };

    auto keyVault = [&]() -> GatewayOptions::KeyVaultSignIn& {
        if (!options.keyVault)
            options.keyVault.emplace();
        return *options.keyVault;
    };

    using Handler = std::function<void(const std::string&, std::string&)>;
    const std::map<std::string, Handler, std::less<>> handlers{
        {"--workspace", [&](const std::string& v, std::string&) { options.workspace = v; }},
        {"--gateway", [&](const std::string& v, std::string&) { options.gatewayName = v; }},
        {"--listen",
         [&](const std::string& v, std::string& e) {
             if (auto ep = endpoint("--listen", v, e)) {
                 options.listen.push_back(*ep);
             }
         }},
        {"--tls-listen",
         [&](const std::string& v, std::string& e) {
             if (auto ep = endpoint("--tls-listen", v, e)) {
                 options.tlsListen.push_back(*ep);
             }
         }},
        {"--cert", [&](const std::string& v, std::string&) { options.certificateFile = v; }},
        {"--key", [&](const std::string& v, std::string&) { options.privateKeyFile = v; }},
        {"--client-ca", [&](const std::string& v, std::string&) { options.clientCaFile = v; }},
        {"--client-cert",
         [&](const std::string& v, std::string& e) {
             if (v == "none") {
                 options.clientCertificate = ClientCertificateMode::None;
             } else if (v == "optional") {
                 options.clientCertificate = ClientCertificateMode::Optional;
             } else if (v == "required") {
                 options.clientCertificate = ClientCertificateMode::Required;
             } else {
                 e = "--client-cert: expected none, optional or required, got '" + v + "'";
             }
         }},
        {"--admin",
         [&](const std::string& v, std::string& e) {
             if (v == "off") {
                 options.adminDisabled = true;
             } else {
                 options.admin = endpoint("--admin", v, e);
             }
         }},
        {"--dev-idp", [&](const std::string& v,
                          std::string& e) { options.devIdp = endpoint("--dev-idp", v, e); }},
        {"--threads",
         [&](const std::string& v, std::string& e) {
             const auto n = parseNumber<int>(v);
             if (!n || *n < 1 || *n > 256) {
                 e = "--threads: expected a number from 1 to 256, got '" + v + "'";
                 return;
             }
             options.threads = *n;
         }},
        {"--access-log", [&](const std::string& v, std::string&) { options.accessLog = v; }},
        {"--trusted-proxy",
         [&](const std::string& v, std::string& e) {
             if (!net::parseCidr(v)) {
                 e = "--trusted-proxy: expected an IP address or CIDR range (e.g. 10.0.0.0/8), "
                     "got '" +
                     v + "'";
                 return;
             }
             options.trustedProxies.push_back(v);
         }},
        {"--log-level",
         [&](const std::string& v, std::string& e) {
             if (v == "error") {
                 options.logLevel = LogLevel::Error;
             } else if (v == "warning" || v == "warn") {
                 options.logLevel = LogLevel::Warning;
             } else if (v == "info") {
                 options.logLevel = LogLevel::Info;
             } else if (v == "debug") {
                 options.logLevel = LogLevel::Debug;
             } else {
                 e = "--log-level: expected error, warning, info or debug, got '" + v + "'";
             }
         }},
        {"--max-connections",
         [&](const std::string& v, std::string& e) {
             count("--max-connections", v, e, options.maxConnections);
         }},
        {"--max-header-bytes",
         [&](const std::string& v, std::string& e) {
             count("--max-header-bytes", v, e, options.maxHeaderBytes);
         }},
        {"--max-headers",
         [&](const std::string& v, std::string& e) {
             count("--max-headers", v, e, options.maxHeaderCount);
         }},
        {"--max-body-bytes",
         [&](const std::string& v, std::string& e) {
             count("--max-body-bytes", v, e, options.maxBodyBytes);
         }},
        {"--header-timeout-ms",
         [&](const std::string& v, std::string& e) {
             millis("--header-timeout-ms", v, e, options.headerTimeout);
         }},
        {"--idle-timeout-ms",
         [&](const std::string& v, std::string& e) {
             millis("--idle-timeout-ms", v, e, options.idleTimeout);
         }},
        {"--backend-connect-timeout-ms",
         [&](const std::string& v, std::string& e) {
             millis("--backend-connect-timeout-ms", v, e, options.backendConnectTimeout);
         }},
        {"--backend-timeout-ms",
         [&](const std::string& v, std::string& e) {
             millis("--backend-timeout-ms", v, e, options.backendTimeout);
         }},
        {"--backend-total-timeout-ms",
         [&](const std::string& v, std::string& e) {
             millis("--backend-total-timeout-ms", v, e, options.backendTotalTimeout);
         }},
        {"--keyvault-tenant",
         [&](const std::string& v, std::string& e) {
             if (v.empty() || v.find_first_of("/?#% ") != std::string::npos)
                 e = "--keyvault-tenant: expected a tenant id or domain, got '" + v + "'";
             keyVault().tenantId = v;
         }},
        {"--keyvault-client-id",
         [&](const std::string& v, std::string&) { keyVault().clientId = v; }},
        {"--keyvault-client-secret",
         [&](const std::string& v, std::string& e) {
             e = checkClientSecretReference(v);
             keyVault().clientSecretReference = v;
         }},
        {"--keyvault-authority",
         [&](const std::string& v, std::string& e) {
             if (auto problem = identity::checkIdentityUrl(v); !problem.empty())
                 e = "--keyvault-authority: " + problem;
             keyVault().authority = v.ends_with('/') ? v.substr(0, v.size() - 1) : v;
         }},
        {"--keyvault-identity-endpoint",
         [&](const std::string& v, std::string& e) {
             e = checkIdentityEndpoint("--keyvault-identity-endpoint", v);
             keyVault().identityEndpoint = v;
         }},
        {"--identity-endpoint",
         [&](const std::string& v, std::string& e) {
             e = checkIdentityEndpoint("--identity-endpoint", v);
             options.identityEndpoint = v;
         }},
        {"--keyvault-ca", [&](const std::string& v, std::string&) { keyVault().caFile = v; }},
        {"--keyvault-connect-to",
         [&](const std::string& v, std::string& e) {
             connectTo("--keyvault-connect-to", v, e, keyVault().connectTo);
         }},
        {"--eventhub-ca",
         [&](const std::string& v, std::string&) { options.eventHubConnection.caFile = v; }},
        {"--eventhub-connect-to",
         [&](const std::string& v, std::string& e) {
             connectTo("--eventhub-connect-to", v, e, options.eventHubConnection.connectTo);
         }},
        {"--keyvault-refresh-ms",
         [&](const std::string& v, std::string& e) {
             millis("--keyvault-refresh-ms", v, e, keyVault().refreshInterval);
         }},
        {"--drain-timeout-ms",
         [&](const std::string& v, std::string& e) {
             millis("--drain-timeout-ms", v, e, options.drainTimeout);
         }},
    };

    for (std::size_t i = 0; i < arguments.size(); ++i) {
        std::string flag = arguments[i];
        if (flag == "--help" || flag == "-h") {
            result.output = usageText();
            return result;
        }
        if (flag == "--no-watch") {
            options.noWatch = true;
            continue;
        }
        if (flag == "--keep-server-headers") {
            options.stripServerHeaders = false;
            continue;
        }
        if (flag == "--secrets-stdin") {
            options.secretsFromStdin = true;
            continue;
        }
        if (flag == "--keyvault-managed-identity") {
            keyVault().managedIdentity = true;
            continue;
        }
        if (flag == "--version") {
            result.output = std::string("portico-gateway ") + PORTICO_VERSION + "\n";
            return result;
        }
        std::optional<std::string> value;
        if (const auto eq = flag.find('='); flag.starts_with("--") && eq != std::string::npos) {
            value = flag.substr(eq + 1);
            flag = flag.substr(0, eq);
        }
        const auto handler = handlers.find(flag);
        if (handler == handlers.end()) {
            result.error = "unknown option '" + flag + "' (see --help)";
            return result;
        }
        if (!value) {
            if (i + 1 >= arguments.size()) {
                result.error = flag + ": missing value";
                return result;
            }
            value = arguments[++i];
        }
        handler->second(*value, result.error);
        if (!result.error.empty()) {
            return result;
        }
    }
    if (options.workspace.empty()) {
        result.error = "--workspace DIR is required (see --help)";
        return result;
    }
    if (options.keyVault && options.keyVault->signsIn()) {
        result.error = checkKeyVaultSignIn(*options.keyVault);
        if (!result.error.empty())
            return result;
    }
    result.options = std::move(options);
    return result;
}

std::string checkKeyVaultSignIn(const GatewayOptions::KeyVaultSignIn& k) {
    if (k.managedIdentity) {
        if (!k.tenantId.empty() || !k.clientSecretReference.empty())
            return "--keyvault-managed-identity signs in without --keyvault-tenant and "
                   "--keyvault-client-secret; give one way of signing in";
        return {};
    }
    if (k.tenantId.empty() || k.clientId.empty() || k.clientSecretReference.empty())
        return "Key Vault sign-in needs --keyvault-tenant, --keyvault-client-id and "
               "--keyvault-client-secret together, or --keyvault-managed-identity";
    return {};
}

std::string parseSecretValues(std::string_view line, std::map<std::string, std::string>& out) {
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
        // Where, never what: the text holds secrets.
        return "--secrets-stdin: not valid JSON at column " + std::to_string(e.byte);
    }
    if (!json.is_object()) {
        return "--secrets-stdin: expected a JSON object of secret reference to value, got " +
               std::string(json.type_name());
    }
    std::map<std::string, std::string> values;
    for (const auto& [reference, value] : json.items()) {
        if (!value.is_string()) {
            return "--secrets-stdin: the value of '" + reference + "' must be a string, got " +
                   std::string(value.type_name());
        }
        values.emplace(reference, value.get<std::string>());
    }
    out = std::move(values);
    return {};
}

} // namespace portico::gateway
