#pragma once

#include "core/net/backend_url.h"
#include "core/net/client_identity.h"
#include "core/net/detail/timed_stream.h"

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

namespace portico::net::detail {

using PlainBackendStream = TimedStream;
using TlsBackendStream = beast::ssl_stream<TimedStream>;

// The relay code is a template over the two stream types, so the plain path pays nothing for TLS.
struct BackendConnection {
    explicit BackendConnection(Executor executor)
        : stream(std::in_place_type<PlainBackendStream>, std::move(executor)) {}
    BackendConnection(Executor executor, asio::ssl::context& tls)
        : stream(std::in_place_type<TlsBackendStream>, executor, tls) {}

    TimedStream& lowest() {
        return std::visit([](auto& s) -> TimedStream& { return beast::get_lowest_layer(s); },
                          stream);
    }

    std::variant<PlainBackendStream, TlsBackendStream> stream;
    beast::flat_buffer buffer;
    std::string key;
    bool reused = false;
    std::chrono::steady_clock::time_point idleSince;
};

// How an https backend's certificate is checked; ignored for http backends.
struct BackendTls {
    std::string_view caFile; // empty: the system trust store only
    bool verifyChain = true;
    bool verifyName = true;
    const ClientIdentity* identity = nullptr; // presented for mutual TLS; none when null
};

// Keep-alive connections to backends, owned by one worker thread: no locks on the hot path.
class BackendPool {
public:
    explicit BackendPool(asio::io_context& context);

    // How sure takeIdle must be that a pooled connection is still open.
    enum class IdleCheck {
        Recent, // one idle for under a second is trusted: a request that can go again may
                // meet a connection the backend just closed, and be retried on a fresh one
        Always, // probed whatever its age: for a request that cannot be sent twice
    };
    // A pooled connection that still looks open, or none. A plain function: the common case of
    // a request costs no coroutine frame.
    std::unique_ptr<BackendConnection> takeIdle(const BackendUrl& url, const BackendTls& tls,
                                                IdleCheck check = IdleCheck::Recent);
    // A new connection (connected, and for https with the handshake done and the certificate
    // checked). ec is beast::error::timeout when connect or handshake outlasted connectTimeout;
    // see describeBackendFailure for the others.
    awaitable<std::unique_ptr<BackendConnection>> connect(const BackendUrl& url,
                                                          const BackendTls& tls,
                                                          std::chrono::milliseconds connectTimeout,
                                                          beast::error_code& ec);

    void release(std::unique_ptr<BackendConnection> connection);
    std::size_t idleCount() const;

private:
    struct Resolved {
        std::vector<tcp::endpoint> endpoints;
        std::chrono::steady_clock::time_point at;
    };
    struct ClientContext {
        std::unique_ptr<asio::ssl::context> context;
        std::filesystem::file_time_type caWritten; // rebuilt when the CA file changes
    };

    asio::ssl::context* clientContext(const BackendTls& tls, beast::error_code& ec);
    // The pool's key for a backend and its TLS rules, built in m_key: no allocation per request.
    const std::string& keyFor(const BackendUrl& url, const BackendTls& tls);

    asio::io_context& m_context;
    tcp::resolver m_resolver;
    // Declared before m_idle so that pooled TLS connections go before their contexts.
    std::unordered_map<std::string, ClientContext> m_clientContexts;
    std::unordered_map<std::string, std::vector<std::unique_ptr<BackendConnection>>> m_idle;
    std::unordered_map<std::string, Resolved> m_resolved;
    std::string m_key;
};

// What the client is told when the backend exchange fails before a response head arrived.
struct BackendFailure {
    int status = 502;
    std::string message;     // for the APIM-style body
    std::string_view metric; // backend-error kind: timeout, connect or tls
};

BackendFailure describeBackendFailure(const beast::error_code& ec);

// GET, HEAD, OPTIONS, TRACE, PUT and DELETE (RFC 9110 9.2.2): a request that may be sent twice.
bool isIdempotent(http::verb method);

// True for the errors a reused connection gives when its backend closed it while it sat idle,
// before any answer came: the request may go again on a fresh connection (RFC 9112 9.3.1).
bool closedWhileIdle(const beast::error_code& ec);

} // namespace portico::net::detail
