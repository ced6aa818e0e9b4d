#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace portico::secrets {

// An Event Hubs connection string (Endpoint=sb://<namespace>.servicebus.windows.net/;
// SharedAccessKeyName=...;SharedAccessKey=...[;EntityPath=<event hub>]), as the Azure portal
// shows it.
struct EventHubConnection {
    std::string host; // <namespace>.servicebus.windows.net
    std::string keyName;
    std::string key;
    std::string entityPath; // may be empty
};

struct EventHubConnectionParse {
    std::optional<EventHubConnection> connection;
    std::string error; // names the part that is wrong, never quoting the key
};

EventHubConnectionParse parseEventHubConnectionString(std::string_view text);

// A Shared Access Signature for `resourceUri` (e.g. https://<namespace>.servicebus.windows.net/
// <event hub>) valid until `expiry` (Unix seconds), as Microsoft documents it: HMAC-SHA256 of
// "<url-encoded uri>\n<expiry>" under the key's UTF-8 bytes. The Authorization header value.
std::string sharedAccessSignature(std::string_view resourceUri, std::string_view keyName,
                                  std::string_view key, long long expiry);

} // namespace portico::secrets
