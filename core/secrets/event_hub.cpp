#include "core/secrets/event_hub.h"

#include "core/identity/dev_idp/form_encoding.h"
#include "core/security/jwt/base64url.h"
#include "core/text/ascii.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace portico::secrets {

namespace {

bool isHostName(std::string_view host) {
    if (host.empty() || host.size() > 253)
        return false;
    for (const char c : host) {
        if (!text::isAsciiAlnum(c) && c != '-' && c != '.')
            return false;
    }
    return true;
}

// A name worth quoting in an error: a plain word, never a run of key bytes before a '='.
bool isPartName(std::string_view name) {
    if (name.empty() || name.size() > 32)
        return false;
    for (const char c : name) {
        if (!text::isAsciiAlpha(c))
            return false;
    }
    return true;
}

} // namespace

EventHubConnectionParse parseEventHubConnectionString(std::string_view text) {
    EventHubConnection connection;
    std::string endpoint;
    while (!text.empty()) {
        const auto end = text.find(';');
        const auto part = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        if (part.empty())
            continue;
        const auto equals = part.find('=');
        if (equals == std::string_view::npos)
            return {std::nullopt, "a part of the connection string is not Name=value"};
        const auto name = part.substr(0, equals);
        const auto value = std::string(part.substr(equals + 1)); // a key may end in '='
        if (text::equalsIgnoringAsciiCase(name, "Endpoint"))
            endpoint = value;
        else if (text::equalsIgnoringAsciiCase(name, "SharedAccessKeyName"))
            connection.keyName = value;
        else if (text::equalsIgnoringAsciiCase(name, "SharedAccessKey"))
            connection.key = value;
        else if (text::equalsIgnoringAsciiCase(name, "EntityPath"))
            connection.entityPath = value;
        else if (!text::equalsIgnoringAsciiCase(name, "TransportType"))
            return {std::nullopt, isPartName(name) ? "the connection string has an unknown part '" +
                                                         std::string(name) + "'"
                                                   : "the connection string has a part whose "
                                                     "name is not a word"};
    }
    constexpr std::string_view kScheme = "sb://";
    if (!endpoint.starts_with(kScheme))
        return {std::nullopt, "the connection string's Endpoint is not sb://<namespace>/"};
    std::string_view host = std::string_view(endpoint).substr(kScheme.size());
    if (host.ends_with('/'))
        host.remove_suffix(1);
    if (!isHostName(host))
        return {std::nullopt, "the connection string's Endpoint is not sb://<namespace>/"};
    connection.host = std::string(host);
    if (connection.keyName.empty() || connection.key.empty())
        return {std::nullopt, "the connection string has no SharedAccessKeyName and "
                              "SharedAccessKey (the gateway signs with a shared access key)"};
    return {std::move(connection), {}};
}

std::string sharedAccessSignature(std::string_view resourceUri, std::string_view keyName,
                                  std::string_view key, long long expiry) {
    const std::string encodedUri = identity::dev_idp::urlEncode(resourceUri);
    const std::string toSign = encodedUri + "\n" + std::to_string(expiry);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(toSign.data()), toSign.size(), digest, &size);
    return "SharedAccessSignature sr=" + encodedUri + "&sig=" +
           identity::dev_idp::urlEncode(
               security::jwt::base64Encode({reinterpret_cast<const char*>(digest), size})) +
           "&se=" + std::to_string(expiry) + "&skn=" + identity::dev_idp::urlEncode(keyName);
}

} // namespace portico::secrets
