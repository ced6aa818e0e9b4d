// A stand-in for the Azure services Portico talks to, speaking their documented wire protocols
// over HTTPS: Microsoft Entra ID's token endpoint (client credentials,
// POST /{tenant}/oauth2/v2.0/token), the Instance Metadata Service's managed identity endpoint
// (GET /metadata/identity/oauth2/token), Key Vault's Get Secret
// (GET /secrets/{name}[/{version}]?api-version=...) and Event Hubs' Send Event, Send Partition
// Event and Send Batch Events (POST /{hub}[/partitions/{id}]/messages, signed with a Shared
// Access Signature). One process serves every name; the gateway reaches it with
// --keyvault-connect-to and --eventhub-connect-to.
//
// usage: portico-azure-stand-in CERT KEY CONFIG   (CERT and KEY "-": plain HTTP, as IMDS is)
// CONFIG is JSON, read again on every request so a test can rotate a secret:
//   {"tenant": "...", "clientId": "...", "clientSecret": "...", "tokenLifetime": 3600,
//    "revokeBefore": 0, "tokenDelayMs": 0,
//    "secrets": {"name": "current value", "name/<version>": "that version", "off": null},
//    "eventHubs": {"keyName": "...", "key": "...", "hubs": ["..."], "status": 201}}
// (null: a disabled secret; revokeBefore: tokens issued before that Unix time are refused;
// tokenDelayMs: how long the metadata service takes to answer; eventHubs.status: what a signed
// send is answered, 201 unless a test makes the service fail). Prints "listening PORT", then one
// line per request: "METHOD PATH STATUS", so tests can count what reached the services, and one
// line per event an event hub took: "event HUB PARTITION|- PARTITIONKEY|- <body as JSON>".
#include <utility>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <nlohmann/json.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using json = nlohmann::json;
using Clock = std::chrono::system_clock;

namespace {

std::string configPath;
std::mutex mutex; // guards tokens and the output
struct Issued {
    Clock::time_point at;
    Clock::time_point expires;
    std::string resource; // the audience: Key Vault takes only its own
};
std::map<std::string, Issued> tokens; // access tokens handed out

json readConfig() {
    std::ifstream in(configPath);
    return json::parse(in, nullptr, false);
}

std::string decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out.push_back(' ');
        } else if (text[i] == '%' && i + 2 < text.size()) {
            out.push_back(
                static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

std::map<std::string, std::string> form(std::string_view text) {
    std::map<std::string, std::string> fields;
    while (!text.empty()) {
        const auto amp = text.find('&');
        const auto pair = text.substr(0, amp);
        const auto eq = pair.find('=');
        fields[decode(pair.substr(0, eq))] =
            eq == std::string_view::npos ? std::string() : decode(pair.substr(eq + 1));
        text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    }
    return fields;
}

std::string newToken() {
    unsigned char bytes[24];
    RAND_bytes(bytes, sizeof bytes);
    std::string out = "stand-in.";
    for (unsigned char b : bytes)
        out += "0123456789abcdef"[b >> 4], out += "0123456789abcdef"[b & 15];
    return out;
}

struct Answer {
    Answer(http::status s, json b)
        : status(s)
        , body(std::move(b)) {}
    http::status status;
    json body;
    std::string wwwAuthenticate;
    std::string xml; // sent instead of `body` when set (Event Hubs' errors)
};

Answer oauthError(http::status status, const std::string& error, int code,
                  const std::string& description) {
    return {status,
            {{"error", error},
             {"error_description", "AADSTS" + std::to_string(code) + ": " + description +
                                       "\r\nTrace ID: 00000000-0000-0000-0000-000000000000"},
             {"error_codes", {code}}}};
}

Answer vaultError(http::status status, const std::string& code, const std::string& message,
                  const std::string& inner = {}) {
    json error{{"code", code}, {"message", message}};
    if (!inner.empty())
        error["innererror"] = {{"code", inner}};
    return {status, {{"error", error}}};
}

const std::string kVaultResource = "https://vault.azure.net";

std::string issue(const json& config, const std::string& resource = kVaultResource) {
    const auto token = newToken();
    std::lock_guard lock(mutex);
    const auto now = Clock::now();
    tokens[token] = {now, now + std::chrono::seconds(config.value("tokenLifetime", 3600)),
                     resource};
    return token;
}

Answer clientCredentials(const json& config, std::string_view tenant, const std::string& body) {
    if (tenant != config.value("tenant", ""))
        return oauthError(http::status::bad_request, "invalid_request", 90002,
                          "Tenant '" + std::string(tenant) + "' not found.");
    auto fields = form(body);
    if (fields["grant_type"] != "client_credentials")
        return oauthError(http::status::bad_request, "unsupported_grant_type", 70003,
                          "The app requested an unsupported grant type.");
    if (fields["client_id"] != config.value("clientId", ""))
        return oauthError(http::status::bad_request, "unauthorized_client", 700016,
                          "Application with identifier '" + fields["client_id"] +
                              "' was not found in the directory.");
    if (fields["client_secret"] != config.value("clientSecret", ""))
        return oauthError(http::status::unauthorized, "invalid_client", 7000215,
                          "Invalid client secret provided.");
    if (fields["scope"] != "https://vault.azure.net/.default")
        return oauthError(http::status::bad_request, "invalid_scope", 1002012,
                          "The provided value for scope " + fields["scope"] + " is not valid.");
    const int lifetime = config.value("tokenLifetime", 3600);
    return {http::status::ok,
            {{"token_type", "Bearer"},
             {"expires_in", lifetime},
             {"ext_expires_in", lifetime},
             {"access_token", issue(config)}}};
}

Answer managedIdentity(const json& config, const http::request<http::string_body>& request,
                       const std::map<std::string, std::string>& query) {
    if (request["Metadata"] != "true")
        return {http::status::bad_request,
                {{"error", "invalid_request"},
                 {"error_description", "Required metadata header not specified"}}};
    const auto resource = query.find("resource");
    if (!query.count("api-version") || resource == query.end() || resource->second.empty())
        return {http::status::bad_request,
                {{"error", "invalid_request"},
                 {"error_description",
                  "Required query variable 'resource' or 'api-version' is missing"}}};
    // The machine's identities: the system-assigned one and one user-assigned, `clientId`.
    const auto clientId = query.find("client_id");
    if (clientId != query.end() && clientId->second != config.value("clientId", ""))
        return {http::status::bad_request,
                {{"error", "invalid_request"}, {"error_description", "Identity not found"}}};
    // A slow metadata service, for tests of calls that arrive while a token is on its way.
    std::this_thread::sleep_for(std::chrono::milliseconds(config.value("tokenDelayMs", 0)));
    const int lifetime = config.value("tokenLifetime", 3600);
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch()).count();
    return {http::status::ok,
            {{"access_token", issue(config, resource->second)},
             {"client_id", config.value("clientId", "")},
             {"expires_in", std::to_string(lifetime)},
             {"expires_on", std::to_string(now + lifetime)},
             {"ext_expires_in", std::to_string(lifetime)},
             {"not_before", std::to_string(now)},
             {"resource", resource->second},
             {"token_type", "Bearer"}}};
}

Answer getSecret(const json& config, const http::request<http::string_body>& request,
                 std::string_view path, const std::map<std::string, std::string>& query) {
    const std::string challenge = "Bearer authorization=\"https://login.microsoftonline.com/" +
                                  config.value("tenant", "") +
                                  "\", resource=\"https://vault.azure.net\"";
    const std::string authorization(request[http::field::authorization]);
    if (!authorization.starts_with("Bearer ")) {
        auto a = vaultError(http::status::unauthorized, "Unauthorized",
                            "AKV10000: Request is missing a Bearer or PoP token.");
        a.wwwAuthenticate = challenge;
        return a;
    }
    {
        std::lock_guard lock(mutex);
        const auto it = tokens.find(authorization.substr(7));
        const auto revoked =
            Clock::time_point(std::chrono::seconds(config.value("revokeBefore", 0)));
        if (it == tokens.end() || it->second.expires <= Clock::now() || it->second.at < revoked ||
            it->second.resource.find("vault.azure.net") == std::string::npos) {
            auto a = vaultError(http::status::unauthorized, "Unauthorized",
                                "[TokenExpired] Error validating token: 'S2S12086'.");
            a.wwwAuthenticate = challenge;
            return a;
        }
    }
    if (!query.count("api-version"))
        return vaultError(http::status::bad_request, "BadParameter",
                          "The request URI contains an invalid or missing api-version");
    const std::string name(path.substr(std::string_view("/secrets/").size()));
    const auto& secrets = config["secrets"];
    if (!secrets.contains(name))
        return vaultError(http::status::not_found, "SecretNotFound",
                          "A secret with (name/id) " + name + " was not found in this key vault.");
    if (secrets[name].is_null())
        return vaultError(http::status::forbidden, "Forbidden",
                          "Operation get is not allowed on a disabled secret.", "SecretDisabled");
    const std::string host(request[http::field::host]);
    const auto slash = name.find('/');
    const std::string version =
        slash == std::string::npos ? "4387e9f3d6e14c459867679a90fd0f79" : name.substr(slash + 1);
    return {http::status::ok,
            {{"value", secrets[name]},
             {"id", "https://" + host + "/secrets/" + name.substr(0, slash) + "/" + version},
             {"attributes",
              {{"enabled", true},
               {"created", 1493938410},
               {"updated", 1493938410},
               {"recoveryLevel", "Recoverable+Purgeable"}}}}};
}

Answer hubError(http::status status, const std::string& detail) {
    Answer answer{status, nullptr};
    answer.xml = "<Error><Code>" + std::to_string(static_cast<int>(status)) + "</Code><Detail>" +
                 detail + "</Detail></Error>";
    return answer;
}

std::string base64(const unsigned char* bytes, unsigned int size) {
    std::string out(4 * ((size + 2) / 3), '\0');
    out.resize(static_cast<std::size_t>(
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes, int(size))));
    return out;
}

// Checks a Shared Access Signature as Event Hubs does: signed by the named key over
// "<sr as sent>\n<se>", not expired, for a resource the URL is under.
std::string checkSignature(const json& hubs, const std::string& authorization,
                           const std::string& resource) {
    const std::string scheme = "SharedAccessSignature ";
    if (!authorization.starts_with(scheme))
        return "MissingToken: the request has no SharedAccessSignature";
    std::map<std::string, std::string> raw;
    std::string_view text = std::string_view(authorization).substr(scheme.size());
    while (!text.empty()) {
        const auto amp = text.find('&');
        const auto pair = text.substr(0, amp);
        const auto eq = pair.find('=');
        raw[std::string(pair.substr(0, eq))] =
            eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1));
        text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    }
    if (raw["skn"] != hubs.value("keyName", ""))
        return "InvalidSignature: unknown key name '" + raw["skn"] + "'";
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch()).count();
    if (std::strtoll(raw["se"].c_str(), nullptr, 10) <= now)
        return "ExpiredToken: the token has expired";
    const std::string key = hubs.value("key", "");
    const std::string toSign = raw["sr"] + "\n" + raw["se"];
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    HMAC(EVP_sha256(), key.data(), int(key.size()),
         reinterpret_cast<const unsigned char*>(toSign.data()), toSign.size(), digest, &size);
    if (decode(raw["sig"]) != base64(digest, size))
        return "InvalidSignature: the token has an invalid signature";
    if (!resource.starts_with(decode(raw["sr"])))
        return "InvalidAudience: the token is for " + decode(raw["sr"]);
    return {};
}

// POST /{hub}/messages (one event, or a batch in application/vnd.microsoft.servicebus.json) and
// POST /{hub}/partitions/{id}/messages.
Answer sendEvents(const json& config, const http::request<http::string_body>& request,
                  std::string_view path, const std::map<std::string, std::string>& query) {
    const json hubs = config.value("eventHubs", json::object());
    const auto slash = path.find('/', 1);
    const std::string hub(path.substr(1, slash - 1));
    std::string partition = "-";
    const std::string_view rest = path.substr(slash);
    const std::string_view partitions = "/partitions/";
    if (rest.starts_with(partitions)) {
        partition = std::string(rest.substr(partitions.size(),
                                            rest.size() - partitions.size() - 9)); // "/messages"
    } else if (rest != "/messages") {
        return hubError(http::status::not_found, "no such entity");
    }
    const std::string host(request[http::field::host]);
    const std::string problem =
        checkSignature(hubs, std::string(request[http::field::authorization]),
                       "https://" + host.substr(0, host.find(':')) + "/" + hub);
    if (!problem.empty())
        return hubError(http::status::unauthorized, problem);
    const auto known = hubs.value("hubs", json::array());
    if (std::find(known.begin(), known.end(), hub) == known.end())
        return hubError(http::status::not_found,
                        "The messaging entity '" + hub + "' could not be found.");
    if (query.find("api-version") == query.end())
        return hubError(http::status::bad_request, "api-version is missing");
    const auto status = static_cast<http::status>(hubs.value("status", 201));
    if (status != http::status::created)
        return hubError(status, "the stand-in was told to fail");
    std::vector<std::string> lines;
    if (request[http::field::content_type] == "application/vnd.microsoft.servicebus.json") {
        const json batch = json::parse(request.body(), nullptr, false);
        if (!batch.is_array() || partition != "-")
            return hubError(http::status::bad_request, "the batch is not a JSON array");
        for (const auto& entry : batch) {
            if (!entry.is_object() || !entry.contains("Body") || !entry["Body"].is_string())
                return hubError(http::status::bad_request, "a batch entry has no Body");
            const json key = entry.contains("BrokerProperties")
                                 ? entry["BrokerProperties"].value("PartitionKey", json())
                                 : json();
            lines.push_back("event " + hub + " - " +
                            (key.is_string() ? key.get<std::string>() : "-") + " " +
                            entry["Body"].dump());
        }
    } else {
        lines.push_back("event " + hub + " " + partition + " - " + json(request.body()).dump());
    }
    std::lock_guard lock(mutex);
    for (const auto& line : lines)
        std::cout << line << "\n";
    return {http::status::created, nullptr};
}

Answer route(const http::request<http::string_body>& request, std::string_view path,
             const std::map<std::string, std::string>& query) {
    const json config = readConfig();
    if (!config.is_object())
        return {http::status::internal_server_error,
                {{"error", "the stand-in's config is not JSON"}}};
    const std::string_view tokenSuffix = "/oauth2/v2.0/token";
    if (request.method() == http::verb::post && path.ends_with(tokenSuffix) &&
        path.size() > tokenSuffix.size() + 1)
        return clientCredentials(config, path.substr(1, path.size() - tokenSuffix.size() - 1),
                                 request.body());
    if (request.method() == http::verb::get && path == "/metadata/identity/oauth2/token")
        return managedIdentity(config, request, query);
    if (request.method() == http::verb::get && path.starts_with("/secrets/"))
        return getSecret(config, request, path, query);
    if (request.method() == http::verb::post && path.ends_with("/messages") &&
        path.find('/', 1) != std::string_view::npos)
        return sendEvents(config, request, path, query);
    return {http::status::not_found, {{"error", "no such endpoint in the stand-in"}}};
}

template <class Stream> void serve(Stream& stream) {
    beast::flat_buffer buffer;
    beast::error_code ec;
    while (true) {
        http::request<http::string_body> request;
        http::read(stream, buffer, request, ec);
        if (ec)
            return;
        const std::string target(request.target());
        const auto question = target.find('?');
        const std::string path = target.substr(0, question);
        const auto query =
            form(question == std::string::npos ? std::string_view()
                                               : std::string_view(target).substr(question + 1));
        const Answer answer = route(request, path, query);
        {
            std::lock_guard lock(mutex);
            std::cout << request.method_string() << " " << path << " "
                      << static_cast<int>(answer.status) << std::endl;
        }
        http::response<http::string_body> response{answer.status, 11};
        response.set(http::field::content_type, answer.xml.empty()
                                                    ? "application/json; charset=utf-8"
                                                    : "application/xml; charset=utf-8");
        if (!answer.wwwAuthenticate.empty())
            response.set(http::field::www_authenticate, answer.wwwAuthenticate);
        if (!answer.xml.empty())
            response.body() = answer.xml;
        else if (!answer.body.is_null())
            response.body() = answer.body.dump();
        response.keep_alive(request.keep_alive());
        response.prepare_payload();
        http::write(stream, response, ec);
        if (ec || !request.keep_alive())
            return;
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: portico-azure-stand-in CERT KEY CONFIG\n";
        return 2;
    }
    const bool plain = std::string_view(argv[1]) == "-";
    asio::ssl::context tls(asio::ssl::context::tls_server);
    if (!plain) {
        tls.use_certificate_chain_file(argv[1]);
        tls.use_private_key_file(argv[2], asio::ssl::context::pem);
    }
    configPath = argv[3];
    asio::io_context context;
    tcp::acceptor acceptor(context, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    std::cout << "listening " << acceptor.local_endpoint().port() << std::endl;
    while (true) {
        tcp::socket socket(context);
        acceptor.accept(socket);
        std::thread([s = std::move(socket), &tls, plain]() mutable {
            if (plain) {
                serve(s);
                return;
            }
            asio::ssl::stream<tcp::socket> stream(std::move(s), tls);
            beast::error_code ec;
            stream.handshake(asio::ssl::stream_base::server, ec);
            if (!ec)
                serve(stream);
        }).detach();
    }
}
