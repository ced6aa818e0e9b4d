#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::identity {

struct HttpResponse {
    int status = 0; // 0 when no response arrived
    std::string body;
    std::string error; // transport failure, in words; empty when a response arrived
    bool ok() const { return error.empty() && status == 200; }
};

struct HttpGetOptions {
    std::chrono::milliseconds timeout{10'000}; // the whole exchange, connect to last byte
    std::size_t maxBodySize = 1024 * 1024;
    std::string caFile; // extra trust anchors (PEM) besides the system store, may be empty
    // Connect to another address for a host, as curl's --connect-to does: the request, SNI and
    // the certificate check still use the URL's host. For private endpoints and tests.
    struct ConnectTo {
        std::string host;
        std::string address;
        std::string port;
    };
    std::vector<ConnectTo> connectTo;
};

struct HttpRequest {
    std::string method = "GET"; // GET or POST
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers; // besides Host, User-Agent, ...
    std::string body;        // sent when not empty, with `contentType`
    std::string contentType; // e.g. application/x-www-form-urlencoded
};

// One blocking GET over http:// or https:// (TLS 1.2+, chain and host name verified, SNI), no
// redirects followed, no cookies, no proxy. For background threads only: never call it on a
// gateway event loop.
HttpResponse httpGet(const std::string& url, const HttpGetOptions& options = {});
// The same for any request: a GET with headers, or a POST with a body.
HttpResponse httpSend(const HttpRequest& request, const HttpGetOptions& options = {});

// Where identity documents may come from: https://, or http:// to a loopback address (the local
// identity provider, tests). Empty when allowed, else why not.
std::string checkIdentityUrl(std::string_view url);

using HttpFetcher = std::function<HttpResponse(const std::string& url)>;

} // namespace portico::identity
