#include "core/net/detail/backend_pool.h"
#include "core/net/detail/tls_context.h"

#include <boost/beast/http/error.hpp>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <sys/socket.h>

#include <cerrno>
#include <charconv>

namespace portico::net::detail {

namespace {

constexpr std::size_t kMaxIdlePerBackend = 512;
constexpr auto kMaxIdleAge = std::chrono::seconds(30);
constexpr auto kResolveTtl = std::chrono::seconds(30);
// Connections idle for less than this skip the liveness probe (one syscall saved per request);
// a request that can go again and still meets a closed connection is retried on a fresh one.
constexpr auto kProbeAfter = std::chrono::seconds(1);

// Values are X509_V_ERR_* codes, plus these two of our own.
constexpr int kCaFileUnusable = 100000;
constexpr int kHandshakeFailed = 100001;

class CertificateCategory : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "portico.backend-certificate"; }
    std::string message(int value) const override {
        if (value == kCaFileUnusable) {
            return "the backend's CA file cannot be used";
        }
        if (value == kHandshakeFailed) {
            return "the TLS handshake with the backend failed";
        }
        return X509_verify_cert_error_string(value);
    }
};

const boost::system::error_category& certificateCategory() {
    static const CertificateCategory category;
    return category;
}

// A peer that closed an idle keep-alive connection shows up as a readable EOF (or, over TLS,
// as a readable close_notify).
bool looksOpen(BackendConnection& connection) {
    if (connection.buffer.size() > 0) {
        return false;
    }
    char byte;
    const auto n =
        ::recv(connection.lowest().socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

std::string contextKey(const BackendTls& tls) {
    std::string key(tls.caFile);
    key += tls.verifyChain ? "|c" : "|-";
    key += tls.verifyName ? "n" : "-";
    if (tls.identity) {
        key += '|';
        key += tls.identity->fingerprint();
    }
    return key;
}

} // namespace

BackendPool::BackendPool(asio::io_context& context)
    : m_context(context)
    , m_resolver(context) {}

asio::ssl::context* BackendPool::clientContext(const BackendTls& tls, beast::error_code& ec) {
    std::filesystem::file_time_type written{};
    if (!tls.caFile.empty()) {
        std::error_code statError;
        written = std::filesystem::last_write_time(std::filesystem::path(tls.caFile), statError);
    }
    auto& entry = m_clientContexts[contextKey(tls)];
    if (!entry.context || entry.caWritten != written) {
        std::string error;
        auto context =
            makeClientTlsContext({std::string(tls.caFile), tls.verifyChain, tls.verifyName}, error);
        if (!context) {
            ec.assign(kCaFileUnusable, certificateCategory());
            return nullptr;
        }
        if (tls.identity && !tls.identity->useIn(context->native_handle())) {
            ec.assign(kHandshakeFailed, certificateCategory());
            return nullptr;
        }
        // Connections still pooled under the old context keep it alive through OpenSSL's
        // reference count on SSL_CTX.
        entry.context = std::move(context);
        entry.caWritten = written;
    }
    return entry.context.get();
}

const std::string& BackendPool::keyFor(const BackendUrl& url, const BackendTls& tls) {
    m_key.clear();
    m_key += url.tls ? "https://" : "http://";
    m_key += url.host;
    m_key += ':';
    char port[8];
    const auto end = std::to_chars(port, port + sizeof port, url.port).ptr;
    m_key.append(port, end);
    if (url.tls) {
        // A connection checked under one set of rules is never lent to an API with stricter ones.
        m_key += '|';
        m_key += contextKey(tls);
    }
    return m_key;
}

std::unique_ptr<BackendConnection> BackendPool::takeIdle(const BackendUrl& url,
                                                         const BackendTls& tls, IdleCheck check) {
    const auto it = m_idle.find(keyFor(url, tls));
    if (it == m_idle.end()) {
        return nullptr;
    }
    const auto now = std::chrono::steady_clock::now();
    auto& idle = it->second;
    while (!idle.empty()) {
        auto connection = std::move(idle.back());
        idle.pop_back();
        const auto idleFor = now - connection->idleSince;
        const bool trusted = check == IdleCheck::Recent && idleFor < kProbeAfter;
        if (idleFor < kMaxIdleAge && (trusted || looksOpen(*connection))) {
            connection->reused = true;
            return connection;
        }
    }
    return nullptr;
}

awaitable<std::unique_ptr<BackendConnection>>
BackendPool::connect(const BackendUrl& url, const BackendTls& tls,
                     std::chrono::milliseconds connectTimeout, beast::error_code& ec) {
    ec = {};
    auto key = keyFor(url, tls); // a copy: m_key is the next caller's
    const auto now = std::chrono::steady_clock::now();
    asio::ssl::context* tlsContext = nullptr;
    if (url.tls) {
        tlsContext = clientContext(tls, ec);
        if (!tlsContext) {
            co_return nullptr;
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
    auto connection =
        tlsContext ? std::make_unique<BackendConnection>(m_context.get_executor(), *tlsContext)
                   : std::make_unique<BackendConnection>(m_context.get_executor());
    connection->key = std::move(key);
    auto& lowest = connection->lowest();
    // One deadline for connect and handshake together.
    lowest.expires_after(connectTimeout);
    co_await lowest.async_connect(resolved.endpoints, onError(ec));
    if (ec) {
        co_return nullptr;
    }
    lowest.socket().set_option(tcp::no_delay(true), ec);
    ec = {};
    if (auto* stream = std::get_if<TlsBackendStream>(&connection->stream)) {
        if (!prepareClientConnection(stream->native_handle(), url.host, tls.verifyName)) {
            ec = asio::error::invalid_argument;
            co_return nullptr;
        }
        co_await stream->async_handshake(asio::ssl::stream_base::client, onError(ec));
        if (ec && ec != beast::error::timeout) {
            const long verdict = SSL_get_verify_result(stream->native_handle());
            ec.assign(verdict != X509_V_OK ? static_cast<int>(verdict) : kHandshakeFailed,
                      certificateCategory());
        }
        if (ec) {
            co_return nullptr;
        }
    }
    co_return connection;
}

void BackendPool::release(std::unique_ptr<BackendConnection> connection) {
    auto& idle = m_idle[connection->key];
    if (idle.size() >= kMaxIdlePerBackend) {
        return;
    }
    connection->lowest().expires_never();
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

bool isIdempotent(http::verb method) {
    switch (method) {
    case http::verb::get:
    case http::verb::head:
    case http::verb::options:
    case http::verb::trace:
    case http::verb::put:
    case http::verb::delete_:
        return true;
    default:
        return false;
    }
}

bool closedWhileIdle(const beast::error_code& ec) {
    return ec == http::error::end_of_stream || ec == asio::error::connection_reset ||
           ec == asio::error::broken_pipe;
}

BackendFailure describeBackendFailure(const beast::error_code& ec) {
    if (ec == beast::error::timeout) {
        return {504, "the backend did not answer in time", "timeout"};
    }
    if (ec.category() == certificateCategory()) {
        if (ec.value() == kCaFileUnusable || ec.value() == kHandshakeFailed) {
            return {502, ec.message(), "tls"};
        }
        if (ec.value() == X509_V_ERR_HOSTNAME_MISMATCH ||
            ec.value() == X509_V_ERR_IP_ADDRESS_MISMATCH) {
            return {502, "the backend's certificate does not match its host name", "tls"};
        }
        return {502, "the backend's certificate could not be verified (" + ec.message() + ")",
                "tls"};
    }
    return {502, "the backend could not be reached", "connect"};
}

} // namespace portico::net::detail
