#include "core/gateway/detail/client_certificate.h"
#include "core/gateway/detail/gateway_context.h"
#include "core/gateway/detail/lingering_close.h"
#include "core/gateway/detail/recycled.h"
#include "core/gateway/detail/request_handler.h"
#include "core/gateway/request_id.h"
#include "core/net/detail/head_parser.h"
#include "core/net/head_lines.h"
#include "core/policy/workspace_pipelines.h"
#include "core/text/json_string.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/container/small_vector.hpp>

#include <openssl/x509.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <optional>
#include <type_traits>

namespace portico::gateway::detail {

namespace {

bool isHopByHop(http::field field) {
    switch (field) {
    case http::field::connection:
    case http::field::keep_alive:
    case http::field::proxy_connection:
    case http::field::te:
    case http::field::trailer:
    case http::field::transfer_encoding:
    case http::field::upgrade:
    case http::field::proxy_authorization:
    case http::field::proxy_authenticate:
        return true;
    default:
        return false;
    }
}

// X_Forwarded_For and its kind: CGI, WSGI and PHP backends read '_' and '-' alike, so such a
// field would stand in for one the gateway sets or strips (nginx drops every name with '_').
bool isUnderscoreLookalike(const Fields::value_type& field) {
    const auto name = field.name_string();
    if (field.name() != http::field::unknown || name.find('_') == beast::string_view::npos) {
        return false;
    }
    static constexpr std::array<std::string_view, 12> kGuarded = {"x-forwarded-for",
                                                                  "x-forwarded-proto",
                                                                  "x-forwarded-host",
                                                                  "x-request-id",
                                                                  "x-real-ip",
                                                                  "forwarded",
                                                                  "host",
                                                                  "content-length",
                                                                  "transfer-encoding",
                                                                  "connection",
                                                                  "apim-debug-authorization",
                                                                  "ocp-apim-trace"};
    std::string dashed(name.data(), name.size());
    std::replace(dashed.begin(), dashed.end(), '_', '-');
    return std::any_of(kGuarded.begin(), kGuarded.end(), [&](std::string_view guarded) {
        return beast::iequals(bsv(dashed), bsv(guarded));
    });
}

} // namespace

void stripHopByHop(Fields& fields) {
    boost::container::small_vector<std::string, 4> named; // short names stay on the stack
    for (auto it = fields.find(http::field::connection);
         it != fields.end() && it->name() == http::field::connection; ++it) {
        std::string_view value(it->value().data(), it->value().size());
        while (!value.empty()) {
            const auto comma = value.find(',');
            auto token = value.substr(0, comma);
            while (!token.empty() && (token.front() == ' ' || token.front() == '\t')) {
                token.remove_prefix(1);
            }
            while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) {
                token.remove_suffix(1);
            }
            if (!token.empty()) {
                named.emplace_back(token);
            }
            if (comma == std::string_view::npos) {
                break;
            }
            value.remove_prefix(comma + 1);
        }
    }
    eraseFieldsIf(fields, [&](const auto& field) {
        return isHopByHop(field.name()) || isUnderscoreLookalike(field) ||
               std::any_of(named.begin(), named.end(), [&](const std::string& n) {
                   return beast::iequals(field.name_string(), bsv(n));
               });
    });
}

namespace {

bool isCorsPreflight(const Request<http::buffer_body>& request) {
    return request.method() == http::verb::options && request.count(http::field::origin) > 0 &&
           request.count(http::field::access_control_request_method) > 0;
}

class RequestVersions : public VersionSource {
public:
    RequestVersions(const Request<http::buffer_body>& request, std::string_view query)
        : m_request(request)
        , m_query(query) {}
    std::optional<std::string_view> header(std::string_view name) const override {
        const auto it = m_request.find(bsv(name));
        if (it == m_request.end()) {
            return std::nullopt;
        }
        return std::string_view(it->value().data(), it->value().size());
    }
    std::optional<std::string_view> query(std::string_view name) const override {
        std::string_view rest = m_query;
        while (!rest.empty()) {
            const auto amp = rest.find('&');
            const auto pair = rest.substr(0, amp);
            const auto eq = pair.find('=');
            if (pair.substr(0, eq) == name) {
                return eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
            }
            if (amp == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(amp + 1);
        }
        return std::nullopt;
    }

private:
    const Request<http::buffer_body>& m_request;
    std::string_view m_query;
};

} // namespace

std::string forwardedForChain(const Fields& fields) {
    std::string chain;
    for (auto [it, end] = fields.equal_range("x-forwarded-for"); it != end; ++it) {
        if (!chain.empty())
            chain += ", ";
        chain.append(it->value().data(), it->value().size());
    }
    return chain;
}

std::string_view reasonMessage(int status) {
    switch (status) {
    case 400:
        return "Bad request";
    case 404:
        return "Resource not found";
    case 405:
        return "Method not allowed";
    case 408:
        return "Request timeout";
    case 413:
        return "Request entity too large";
    case 417:
        return "Expectation failed";
    case 431:
        return "Request header fields too large";
    case 502:
        return "Bad gateway";
    case 503:
        return "Service unavailable";
    case 504:
        return "Gateway timeout";
    case 505:
        return "HTTP version not supported";
    default:
        return "Error";
    }
}

template <class Stream>
awaitable<bool> RequestHandler<Stream>::reply(int status, std::string_view detail, bool keepAlive,
                                              const std::string* allow) {
    std::string message(reasonMessage(status));
    if (!detail.empty() && detail != message) {
        message += ": ";
        message += detail;
    }
    co_return co_await replyExact(status, message, keepAlive, allow);
}

template <class Stream>
awaitable<bool> RequestHandler<Stream>::replyExact(int status, std::string_view message,
                                                   bool keepAlive, const std::string* allow) {
    Response<http::string_body> response{static_cast<http::status>(status), m_version};
    response.set(http::field::content_type, "application/json");
    if (!m_exchange.requestId.empty()) {
        response.set("x-request-id", m_exchange.requestId);
    }
    if (allow) {
        response.set(http::field::allow, *allow);
    }
    response.body() = "{\"statusCode\":" + std::to_string(status) +
                      ",\"message\":" + text::jsonString(message) + "}";
    keepAlive = keepAlive && !m_worker.runtime.draining.load(std::memory_order_relaxed);
    response.keep_alive(keepAlive);
    response.prepare_payload();
    m_exchange.status = status;
    beast::error_code ec;
    m_lowest.expires_after(m_options.backendTimeout);
    m_exchange.bytesOut += co_await http::async_write(m_stream, response, onError(ec));
    finish();
    co_return keepAlive && !ec;
}

template <class Stream> void RequestHandler<Stream>::finish() {
    if (m_finished) {
        return; // an answer from deep inside (reply) already counted the request
    }
    m_finished = true;
    auto& runtime = m_worker.runtime;
    const double seconds = std::chrono::duration<double>(Clock::now() - m_exchange.start).count();
    runtime.metrics.recordRequest(m_worker.index, m_exchange.api, m_exchange.operation,
                                  m_exchange.status, seconds);
    if (runtime.accessLog.enabled()) {
        AccessRecord record;
        record.requestId = m_exchange.requestId;
        record.clientIp = m_exchange.clientIp.empty() ? m_client.ip : m_exchange.clientIp;
        record.method = m_exchange.method;
        record.path = m_exchange.path;
        record.api = m_exchange.api;
        record.operation = m_exchange.operation;
        record.subscriptionId = m_exchange.subscription;
        record.status = m_exchange.status;
        record.bytesIn = m_exchange.bytesIn;
        record.bytesOut = m_exchange.bytesOut;
        record.totalMs = seconds * 1000.0;
        record.backendMs = m_exchange.backendMs;
        runtime.accessLog.write(record);
    }
}

template <class Stream>
awaitable<void> RequestHandler<Stream>::refuseHead(int status, std::string_view detail) {
    co_await reply(status, detail, false);
}

// A plain function, so that the head's lines live on the stack rather than in run's frame.
template <class Stream>
net::Verdict RequestHandler<Stream>::checkAndParseHead(std::string_view head,
                                                       beast::error_code& ec) {
    net::HeadLines lines;
    auto verdict =
        net::checkRequestHead(head, {m_options.maxHeaderBytes, m_options.maxHeaderCount}, lines);
    if (!verdict.ok()) {
        return verdict;
    }
    auto& parser = m_parser.emplace();
    parser.header_limit(static_cast<std::uint32_t>(m_options.maxHeaderBytes + 4));
    parser.body_limit(m_options.maxBodyBytes ? m_options.maxBodyBytes
                                             : std::numeric_limits<std::uint64_t>::max());
    net::detail::parseHead(lines, parser, ec);
    return verdict;
}

template <class Stream> awaitable<bool> RequestHandler<Stream>::run(std::size_t headSize) {
    const std::string_view head(static_cast<const char*>(m_buffer.data().data()), headSize);
    {
        const auto requestLineEnd = head.find(' ');
        m_exchange.method = std::string(head.substr(0, std::min<std::size_t>(requestLineEnd, 32)));
        m_version = head.substr(0, head.find("\r\n")).ends_with("HTTP/1.0") ? 10 : 11;
    }
    beast::error_code ec;
    const auto verdict = checkAndParseHead(head, ec);
    if (!verdict.ok()) {
        co_return co_await reply(verdict.status, verdict.reason, false);
    }
    m_buffer.consume(headSize);
    auto& parser = *m_parser;
    if (ec == http::error::body_limit) {
        co_return co_await reply(413, {}, false);
    }
    if (ec) {
        co_return co_await reply(400, ec.message(), false);
    }
    auto& request = parser.get();
    m_clientKeepAlive = request.keep_alive();
    const bool bodyPending = !parser.is_done();
    const bool mayKeep = m_clientKeepAlive && !bodyPending;

    const auto idHeader = request["x-request-id"];
    const std::string_view clientId(idHeader.data(), idHeader.size());
    m_exchange.requestId = isValidRequestId(clientId) ? std::string(clientId) : generateRequestId();
    const auto& proxies = m_worker.runtime.trustedProxies;
    m_exchange.clientIp = proxies.empty()
                              ? m_client.ip
                              : proxies.clientAddress(m_client.ip, forwardedForChain(request));

    m_target =
        net::normalizeTarget(std::string_view(request.target().data(), request.target().size()));
    const auto& target = m_target;
    if (!target.verdict.ok()) {
        co_return co_await reply(target.verdict.status, target.verdict.reason, false);
    }
    m_exchange.path = target.path;
    if (target.asterisk) {
        if (request.method() == http::verb::options) {
            const std::string allow = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
            http::response<http::empty_body> response{http::status::ok, m_version};
            response.set(http::field::allow, allow);
            response.set("x-request-id", m_exchange.requestId);
            response.keep_alive(mayKeep);
            response.prepare_payload();
            m_exchange.status = 200;
            m_lowest.expires_after(m_options.backendTimeout);
            m_exchange.bytesOut += co_await http::async_write(m_stream, response, onError(ec));
            finish();
            co_return mayKeep && !ec;
        }
        co_return co_await reply(400, "Asterisk-form target is only valid for OPTIONS", false);
    }
    if (request.method() == http::verb::connect) {
        co_return co_await reply(405, "CONNECT is not supported", false);
    }

    // Held for the whole request: a reload meanwhile must not free the routes it points into.
    m_worker.currentSnapshot();
    m_snapshot = m_worker.snapshot;
    const auto& snapshot = *m_snapshot;
    const RequestVersions versions(request, target.query);
    m_match = snapshot.router.match(
        std::string_view(request.method_string().data(), request.method_string().size()),
        target.path, &versions);
    const auto& match = m_match;
    if (match.kind == RouteMatch::Kind::NotFound) {
        co_return co_await reply(404, {}, mayKeep);
    }
    m_exchange.api = match.api->id;
    if (match.kind == RouteMatch::Kind::MethodNotAllowed && isCorsPreflight(request) &&
        match.api->pipelines && !match.api->pipelines->passThrough) {
        // As in APIM, the API's (and global) cors policy answers preflights for any path of the
        // API; browsers send no subscription key with them.
        const bool keep = co_await runPipeline(match, target, *match.api->pipelines);
        finish();
        co_return keep;
    }
    if (match.kind == RouteMatch::Kind::MethodNotAllowed) {
        co_return co_await reply(405, {}, mayKeep, &match.allow);
    }
    m_exchange.operation = match.operation->id;
    if (!admit(match, target)) {
        co_return co_await replyExact(m_access.statusCode, m_access.message,
                                      m_clientKeepAlive && m_parser->is_done());
    }
    // Operations without policies take the pass-through path and never touch the engine.
    const auto* pipelines = match.operation->pipelines.get();
    const bool keep = pipelines && !pipelines->passThrough
                          ? co_await runPipeline(match, target, *pipelines)
                          : co_await proxy(match, target);
    finish();
    co_return keep;
}

template <class Stream>
bool RequestHandler<Stream>::admit(const RouteMatch& match, const net::NormalizedTarget& target) {
    const auto& index = *m_snapshot->subscriptions;
    const auto& names = index.keyNames(match.api->id);
    const auto& request = m_parser->get();
    // Views into the request, not copies: this runs for every routed request. Two values are
    // enough to know the key is ambiguous.
    std::array<std::string_view, 2> headerValues;
    std::size_t headerCount = 0;
    for (auto [it, end] = request.equal_range(bsv(names.header));
         it != end && headerCount < headerValues.size(); ++it) {
        headerValues[headerCount++] = std::string_view(it->value().data(), it->value().size());
    }
    m_queryKeyValues.clear();
    if (headerCount == 0 && !target.query.empty()) {
        m_queryKeyValues = queryParameterValues(target.query, names.query);
    }
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const auto key =
        identity::presentedKey(std::span(headerValues.data(), headerCount), m_queryKeyValues);
    m_presentedKey = key.value;
    m_access = index.decide(match.api->id, key, now);
    if (m_access.admitted) {
        m_exchange.subscription = std::string(m_access.match.subscriptionId);
    }
    return m_access.admitted;
}

template <class Stream>
awaitable<bool> RequestHandler<Stream>::proxy(const RouteMatch& match,
                                              const net::NormalizedTarget& target) {
    if (!prepareForBackend(target)) {
        co_return co_await reply(417, {}, false);
    }
    aimAt(match.api->backend, match.remainder, target.query);
    const auto result = co_await exchange(match.api->backend, nullptr);
    if (result.kind != ExchangeResult::Kind::Answered) {
        co_return co_await answerFailedExchange(result);
    }
    co_return co_await relayAnswer();
}

template class RequestHandler<PlainClientStream>;
template class RequestHandler<TlsClientStream>;

namespace {

// How long a closing connection waits for the client to finish sending (nginx waits up to 5 s).
constexpr std::chrono::milliseconds kLingerDeadline{2000};

// Keeps the open-connection gauge exact however a session ends.
struct ConnectionCount {
    explicit ConnectionCount(Metrics& m)
        : metrics(m) {
        ++metrics.openConnections;
    }
    ~ConnectionCount() { --metrics.openConnections; }
    Metrics& metrics;
};

// The most read buffer an idle keep-alive connection keeps for its next request.
constexpr std::size_t kKeptRequestBuffer = 2048;

struct InFlight {
    explicit InFlight(Worker& w)
        : worker(w) {
        worker.runtime.metrics.requestStarted(worker.index);
    }
    ~InFlight() { worker.runtime.metrics.requestFinished(worker.index); }
    Worker& worker;
};

// An idle connection holds no more buffer than its last request took (kKeptRequestBuffer at
// most), and a new one none: its first bytes are read into a relay buffer and copied into a
// buffer of their size, and with nothing to read it waits for bytes without a read buffer. The
// socket is non-blocking: this read never stalls the worker, and would_block sends the caller to
// wait. A plain function, so no coroutine frame per request.
std::size_t readIntoEmptyBuffer(Socket& socket, beast::flat_buffer& buffer, std::size_t room,
                                beast::error_code& ec) {
    auto scratch = lendRelayBuffer();
    const auto n =
        socket.read_some(asio::buffer((*scratch).data(), std::min(room, kRelayBufferSize)), ec);
    if (n > 0) {
        asio::buffer_copy(buffer.prepare(n), asio::buffer((*scratch).data(), n));
        buffer.commit(n);
    }
    return n;
}

template <class Stream>
awaitable<void> serveConnection(Stream& stream, Worker& worker, const ClientInfo& client) {
    auto& lowest = beast::get_lowest_layer(stream);
    const auto& options = worker.runtime.options;
    beast::flat_buffer buffer;
    bool firstRequest = true;
    while (!worker.runtime.draining.load(std::memory_order_relaxed)) {
        // Idle connections wait with the keep-alive timeout; once a byte of a head arrives the
        // (shorter) header timeout runs: a slowloris client cannot hold the connection.
        std::size_t headSize = 0;
        std::size_t scanFrom = 0;
        bool started = buffer.size() > 0 || firstRequest;
        // A timeout cancels the read and leaves the connection open, so a timed-out head can
        // still get a 408.
        lowest.expires_after(started ? options.headerTimeout : options.idleTimeout);
        while (true) {
            std::string_view data(static_cast<const char*>(buffer.data().data()), buffer.size());
            std::size_t blank = 0;
            while (data.substr(blank).starts_with("\r\n")) {
                blank += 2; // empty lines before a request line are ignored (RFC 9112 2.2)
            }
            if (blank > 0) {
                buffer.consume(blank);
                scanFrom = 0;
                continue;
            }
            const auto end = data.find("\r\n\r\n", scanFrom);
            if (end != std::string_view::npos) {
                headSize = end + 4;
                break;
            }
            auto verdict = net::checkHeadSoFar(data, scanFrom);
            if (verdict.ok() && data.size() > options.maxHeaderBytes) {
                verdict = {431, {}};
            }
            if (!verdict.ok()) {
                auto handler =
                    Recycled<RequestHandler<Stream>>::make(stream, buffer, worker, client);
                co_await handler->refuseHead(verdict.status, verdict.reason);
                co_return;
            }
            scanFrom = data.size() >= 3 ? data.size() - 3 : 0;
            beast::error_code ec;
            const auto room =
                std::min<std::size_t>(16 * 1024, options.maxHeaderBytes + 4 -
                                                     std::min(options.maxHeaderBytes, data.size()));
            std::size_t n = 0;
            // Not for TLS: its bytes must go through the stream, which may hold decrypted ones.
            if (std::is_same_v<Stream, PlainClientStream> && buffer.capacity() == 0) {
                n = readIntoEmptyBuffer(lowest.socket(), buffer, room, ec);
                if (ec == asio::error::would_block || ec == asio::error::try_again) {
                    co_await lowest.async_wait(Socket::wait_read, onError(ec));
                    if (!ec) {
                        continue; // bytes are there now
                    }
                }
            } else {
                // A kept buffer (the last request's size) is read into as it is: growing it to
                // `room` would cost an allocation per request. Unlike the wait above, which
                // re-arms the socket in epoll (a syscall), a read waits without one.
                const auto spare = buffer.capacity() - buffer.size();
                n = co_await stream.async_read_some(
                    buffer.prepare(buffer.size() == 0 && spare > 0 ? std::min(spare, room) : room),
                    onError(ec));
                buffer.commit(n);
            }
            if (ec) {
                if (ec == beast::error::timeout && buffer.size() > 0) {
                    auto handler =
                        Recycled<RequestHandler<Stream>>::make(stream, buffer, worker, client);
                    co_await handler->refuseHead(408, {});
                }
                co_return;
            }
            if (!started && n > 0) {
                started = true;
                lowest.expires_after(options.headerTimeout);
            }
        }
        firstRequest = false;
        bool keepAlive = false;
        {
            InFlight inFlight(worker);
            auto handler = Recycled<RequestHandler<Stream>>::make(stream, buffer, worker, client);
            keepAlive = co_await handler->run(headSize);
        }
        if (!keepAlive) {
            break;
        }
        // A request like the last one (a client sends much the same head each time) reuses its
        // memory; a larger one is given back, so an idle connection stays small.
        if (buffer.size() == 0 && buffer.capacity() > kKeptRequestBuffer) {
            buffer.shrink_to_fit();
        }
    }
}

std::string peerAddress(const Socket& socket) {
    beast::error_code ec;
    const auto endpoint = socket.remote_endpoint(ec);
    return ec ? std::string("unknown") : endpoint.address().to_string();
}

awaitable<void> servePlain(Socket socket, Worker& worker) {
    ConnectionCount count(worker.runtime.metrics);
    ClientInfo client;
    client.ip = peerAddress(socket);
    beast::error_code ec;
    socket.set_option(tcp::no_delay(true), ec);
    socket.non_blocking(true, ec); // see readIntoEmptyBuffer
    TimedStream stream(std::move(socket));
    co_await serveConnection(stream, worker, client);
    co_await closeLingering(stream, kLingerDeadline);
}

// A client that speaks plain HTTP to the TLS port (http:// where https:// was meant) hears a 400
// that says so, as nginx answers, rather than a closed connection: every TLS connection starts
// with a handshake record, whose first byte is 0x16, and an HTTP request never does. Returns
// whether the connection is done with: so answered, or silent until the header timeout.
awaitable<bool> answeredPlainHttp(TimedStream& lowest, Worker& worker, const ClientInfo& client) {
    beast::error_code ec;
    co_await lowest.async_wait(Socket::wait_read, onError(ec));
    if (ec) {
        co_return true;
    }
    unsigned char first = 0;
    if (::recv(lowest.socket().native_handle(), &first, 1, MSG_PEEK) != 1 || first == 0x16) {
        co_return false; // a handshake, or a close the handshake will see
    }
    beast::flat_buffer unread; // the request is not read: it is refused for its first byte
    auto handler = Recycled<RequestHandler<TimedStream>>::make(lowest, unread, worker, client);
    co_await handler->refuseHead(400, "a plain HTTP request was sent to the TLS port");
    co_await closeLingering(lowest, kLingerDeadline);
    co_return true;
}

awaitable<void> serveTls(Socket socket, Worker& worker) {
    ConnectionCount count(worker.runtime.metrics);
    ClientInfo client;
    client.ip = peerAddress(socket);
    client.tls = true;
    beast::error_code ec;
    socket.set_option(tcp::no_delay(true), ec);
    TlsClientStream stream(std::move(socket), *worker.runtime.tlsServer);
    beast::get_lowest_layer(stream).expires_after(worker.runtime.options.headerTimeout);
    if (co_await answeredPlainHttp(beast::get_lowest_layer(stream), worker, client)) {
        co_return;
    }
    co_await stream.async_handshake(asio::ssl::stream_base::server, onError(ec));
    if (ec) {
        co_return;
    }
    if (X509* peer = SSL_get1_peer_certificate(stream.native_handle())) {
        char subject[512];
        X509_NAME_oneline(X509_get_subject_name(peer), subject, sizeof subject);
        client.certificateSubject = subject;
        X509_free(peer);
    }
    client.certificate = readClientCertificate(stream.native_handle());
    co_await serveConnection(stream, worker, client);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(1));
    co_await stream.async_shutdown(onError(ec));
    co_await closeLingering(beast::get_lowest_layer(stream), kLingerDeadline);
}

awaitable<void> rejectOverloaded(Socket socket, std::chrono::milliseconds timeout) {
    TimedStream stream(std::move(socket));
    static constexpr std::string_view kResponse =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
        "Connection: close\r\nRetry-After: 1\r\nContent-Length: 67\r\n\r\n"
        "{\"statusCode\":503,\"message\":\"Service unavailable: too many connections\"}";
    beast::error_code ec;
    stream.expires_after(timeout);
    co_await asio::async_write(stream, asio::buffer(kResponse), onError(ec));
    co_await closeLingering(stream, timeout);
}

} // namespace

awaitable<void> acceptLoop(Acceptor& acceptor, Worker& worker, bool tls) {
    auto& metrics = worker.runtime.metrics;
    const auto limit = static_cast<std::int64_t>(worker.runtime.options.maxConnections);
    while (acceptor.is_open()) {
        beast::error_code ec;
        Socket socket = co_await acceptor.async_accept(onError(ec));
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) {
            co_return;
        }
        if (ec) {
            // Out of descriptors and the like: back off instead of spinning.
            asio::steady_timer pause(worker.context, std::chrono::milliseconds(20));
            co_await pause.async_wait(onError(ec));
            continue;
        }
        if (metrics.openConnections.load(std::memory_order_relaxed) >= limit) {
            if (metrics.openConnections.load(std::memory_order_relaxed) >= 2 * limit) {
                continue; // the socket closes here: answering would cost what we lack
            }
            asio::co_spawn(worker.context,
                           rejectOverloaded(std::move(socket), std::chrono::milliseconds(1000)),
                           asio::detached);
            continue;
        }
        if (tls) {
            asio::co_spawn(worker.context, serveTls(std::move(socket), worker), asio::detached);
        } else {
            asio::co_spawn(worker.context, servePlain(std::move(socket), worker), asio::detached);
        }
    }
}

} // namespace portico::gateway::detail
