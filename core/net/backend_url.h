#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portico::net {

// A backend base URL split into what the connection pool and the request rewriter need.
struct BackendUrl {
    bool tls = false;
    std::string host; // name or numeric address, brackets removed
    std::uint16_t port = 0;
    std::string basePath;   // no trailing '/', empty for the root
    std::string hostHeader; // host[:port] as sent in Host

    std::string poolKey() const; // scheme://host:port
};

struct BackendUrlParse {
    std::optional<BackendUrl> url;
    std::string error;
};

// Only http:// and https:// with an authority; userinfo, query and fragment are refused.
BackendUrlParse parseBackendUrl(std::string_view text);

} // namespace portico::net
