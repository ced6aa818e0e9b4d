#include "core/net/detail/backend_pool.h"

#include <sys/socket.h>

#include <cerrno>

namespace portico::net::detail {

namespace {

constexpr std::size_t kMaxIdlePerBackend = 512;
constexpr auto kMaxIdleAge = std::chrono::seconds(30);
constexpr auto kResolveTtl = std::chrono::seconds(30);
// Connections idle for less than this skip the liveness probe (one syscall saved per request);
// a bodiless request that still meets a closed connection is retried on a fresh one.
constexpr auto kProbeAfter = std::chrono::seconds(1);

// A peer that closed an idle keep-alive connection shows up as a readable EOF.
bool looksOpen(BackendConnection& connection) {
    if (connection.buffer.size() > 0) {
        return false;
    }
    char byte;
    const auto n =
        ::recv(connection.stream.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

} // namespace

BackendPool::BackendPool(asio::io_context& context)
    : m_context(context)
    , m_resolver(context) {}

awaitable<std::unique_ptr<BackendConnection>>
BackendPool::acquire(const BackendUrl& url, std::chrono::milliseconds connectTimeout,
                     beast::error_code& ec) {
    ec = {};
    const auto key = url.poolKey();
    const auto now = std::chrono::steady_clock::now();
    if (auto it = m_idle.find(key); it != m_idle.end()) {
        auto& idle = it->second;
        while (!idle.empty()) {
            auto connection = std::move(idle.back());
            idle.pop_back();
            const auto idle = now - connection->idleSince;
            if (idle < kMaxIdleAge && (idle < kProbeAfter || looksOpen(*connection))) {
                connection->reused = true;
                co_return connection;
            }
        }
    }

    auto& resolved = m_resolved[key];
    if (resolved.endpoints.empty() || now - resolved.at > kResolveTtl) {
        resolved.endpoints.clear();
        auto results =
            co_await m_resolver.async_resolve(url.host, std::to_string(url.port), onError(ec));
        if (ec) {
            co_return nullptr;
        }
        for (const auto& entry : results) {
            resolved.endpoints.push_back(entry.endpoint());
        }
        resolved.at = now;
    }
    auto connection = std::make_unique<BackendConnection>(m_context.get_executor());
    connection->key = key;
    connection->stream.expires_after(connectTimeout);
    co_await connection->stream.async_connect(resolved.endpoints, onError(ec));
    if (ec) {
        co_return nullptr;
    }
    connection->stream.socket().set_option(tcp::no_delay(true), ec);
    ec = {};
    co_return connection;
}

void BackendPool::release(std::unique_ptr<BackendConnection> connection) {
    auto& idle = m_idle[connection->key];
    if (idle.size() >= kMaxIdlePerBackend) {
        return;
    }
    connection->stream.expires_never();
    connection->idleSince = std::chrono::steady_clock::now();
    idle.push_back(std::move(connection));
}

std::size_t BackendPool::idleCount() const {
    std::size_t count = 0;
    for (const auto& [key, idle] : m_idle) {
        count += idle.size();
    }
    return count;
}

} // namespace portico::net::detail
