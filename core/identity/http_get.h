#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

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
};

// One blocking GET over http:// or https:// (TLS 1.2+, chain and host name verified, SNI), no
// redirects followed, no cookies, no proxy. For background threads only: never call it on a
// gateway event loop.
HttpResponse httpGet(const std::string& url, const HttpGetOptions& options = {});

// Where identity documents may come from: https://, or http:// to a loopback address (the local
// identity provider, tests). Empty when allowed, else why not.
std::string checkIdentityUrl(std::string_view url);

using HttpFetcher = std::function<HttpResponse(const std::string& url)>;

} // namespace portico::identity
