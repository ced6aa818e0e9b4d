#pragma once

#include "core/net/backend_url.h"
#include "core/net/detail/asio.h"

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace portico::net::detail {

struct BackendConnection {
    explicit BackendConnection(asio::any_io_executor executor)
        : stream(std::move(executor)) {}
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    std::string key;
    bool reused = false;
    std::chrono::steady_clock::time_point idleSince;
};

// Keep-alive connections to backends, owned by one worker thread: no locks on the hot path.
class BackendPool {
public:
    explicit BackendPool(asio::io_context& context);

    // A pooled connection that still looks open, or a new one. ec is beast::error::timeout when
    // the connect timed out.
    awaitable<std::unique_ptr<BackendConnection>>
    acquire(const BackendUrl& url, std::chrono::milliseconds connectTimeout, beast::error_code& ec);

    void release(std::unique_ptr<BackendConnection> connection);
    std::size_t idleCount() const;

private:
    struct Resolved {
        std::vector<tcp::endpoint> endpoints;
        std::chrono::steady_clock::time_point at;
    };

    asio::io_context& m_context;
    tcp::resolver m_resolver;
    std::unordered_map<std::string, std::vector<std::unique_ptr<BackendConnection>>> m_idle;
    std::unordered_map<std::string, Resolved> m_resolved;
};

} // namespace portico::net::detail
