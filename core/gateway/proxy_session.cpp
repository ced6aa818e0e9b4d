#include "core/gateway/detail/runtime.h"
#include "core/gateway/request_id.h"
#include "core/net/request_guard.h"
#include "core/text/json_string.h"

#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <openssl/x509.h>

#include <array>
#include <chrono>
#include <optional>

namespace portico::gateway::detail {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kRelayBufferSize = 64 * 1024;

struct ClientInfo {
    std::string ip;
    bool tls = false;
    std::string certificateSubject; // verified client certificate, empty when none
};

// What the access log and the metrics need to know about one request.
struct Exchange {
    Clock::time_point start = Clock::now();
    std::string requestId;
    std::string method;
    std::string path;
    std::string api;
    std::string operation;
    int status = 0;
    std::uint64_t bytesIn = 0;
    std::uint64_t bytesOut = 0;
    double backendMs = -1;
};

beast::string_view bsv(std::string_view s) {
    return {s.data(), s.size()};
}

bool iequals(std::string_view a, std::string_view b) {
    return beast::iequals(bsv(a), bsv(b));
}

// Removes the hop-by-hop headers of RFC 9110 7.6.1, including those named by Connection.
template <class Fields> void stripHopByHop(Fields& fields) {
    std::vector<std::string> named;
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
    for (const auto& name : named) {
        fields.erase(name);
    }
    for (const auto field : {http::field::connection, http::field::keep_alive,
                             http::field::proxy_connection, http::field::te, http::field::trailer,
                             http::field::transfer_encoding, http::field::upgrade,
                             http::field::proxy_authorization, http::field::proxy_authenticate}) {
        fields.erase(field);
    }
}

class RequestVersions : public VersionSource {
public:
    RequestVersions(const http::request<http::buffer_body>& request, std::string_view query)
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
    const http::request<http::buffer_body>& m_request;
    std::string_view m_query;
};

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

// One request on one connection: reads the head and body from the client, forwards it, relays
// the answer. Returns whether the connection may carry another request.
template <class Stream> class RequestHandler {
public:
    RequestHandler(Stream& stream, beast::flat_buffer& buffer, Worker& worker,
                   const ClientInfo& client)
        : m_stream(stream)
        , m_lowest(beast::get_lowest_layer(stream))
        , m_buffer(buffer)
        , m_worker(worker)
        , m_options(worker.runtime.options)
        , m_client(client) {}

    awaitable<bool> run(std::size_t headSize);

private:
    awaitable<bool> reply(int status, std::string_view detail, bool keepAlive,
                          const std::string* allow = nullptr);
    template <class BackendStream>
    awaitable<bool> proxy(const RouteMatch& match, const net::NormalizedTarget& target);
    void finish();

    Stream& m_stream;
    beast::tcp_stream& m_lowest;
    beast::flat_buffer& m_buffer;
    Worker& m_worker;
    const GatewayOptions& m_options;
    const ClientInfo& m_client;
    Exchange m_exchange;
    std::optional<http::request_parser<http::buffer_body>> m_parser;
    unsigned m_version = 11;
    bool m_clientKeepAlive = false;
};

template <class Stream>
awaitable<bool> RequestHandler<Stream>::reply(int status, std::string_view detail, bool keepAlive,
                                              const std::string* allow) {
    http::response<http::string_body> response{static_cast<http::status>(status), m_version};
    response.set(http::field::content_type, "application/json");
    if (!m_exchange.requestId.empty()) {
        response.set("x-request-id", m_exchange.requestId);
    }
    if (allow) {
        response.set(http::field::allow, *allow);
    }
    std::string message(reasonMessage(status));
    if (!detail.empty() && detail != message) {
        message += ": ";
        message += detail;
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
    auto& runtime = m_worker.runtime;
    const double seconds = std::chrono::duration<double>(Clock::now() - m_exchange.start).count();
    runtime.metrics.recordRequest(m_worker.index, m_exchange.api, m_exchange.operation,
                                  m_exchange.status, seconds);
    if (runtime.accessLog.enabled()) {
        AccessRecord record;
        record.requestId = m_exchange.requestId;
        record.clientIp = m_client.ip;
        record.method = m_exchange.method;
        record.path = m_exchange.path;
        record.api = m_exchange.api;
        record.operation = m_exchange.operation;
        record.status = m_exchange.status;
        record.bytesIn = m_exchange.bytesIn;
        record.bytesOut = m_exchange.bytesOut;
        record.totalMs = seconds * 1000.0;
        record.backendMs = m_exchange.backendMs;
        runtime.accessLog.write(record);
    }
}

template <class Stream> awaitable<bool> RequestHandler<Stream>::run(std::size_t headSize) {
    const std::string_view head(static_cast<const char*>(m_buffer.data().data()), headSize);
    {
        const auto requestLineEnd = head.find(' ');
        m_exchange.method = std::string(head.substr(0, std::min<std::size_t>(requestLineEnd, 32)));
        m_version = head.substr(0, head.find("\r\n")).ends_with("HTTP/1.0") ? 10 : 11;
    }
    const auto verdict =
        net::checkRequestHead(head, {m_options.maxHeaderBytes, m_options.maxHeaderCount});
    if (!verdict.ok()) {
        co_return co_await reply(verdict.status, verdict.reason, false);
    }

    m_parser.emplace();
    auto& parser = *m_parser;
    parser.header_limit(static_cast<std::uint32_t>(m_options.maxHeaderBytes + 4));
    parser.body_limit(m_options.maxBodyBytes ? m_options.maxBodyBytes
                                             : std::numeric_limits<std::uint64_t>::max());
    beast::error_code ec;
    co_await http::async_read_header(m_stream, m_buffer, parser, onError(ec));
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

    const auto target =
        net::normalizeTarget(std::string_view(request.target().data(), request.target().size()));
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

    const auto& snapshot = m_worker.currentSnapshot();
    const RequestVersions versions(request, target.query);
    const auto match = snapshot.router.match(
        std::string_view(request.method_string().data(), request.method_string().size()),
        target.path, &versions);
    if (match.kind == RouteMatch::Kind::NotFound) {
        co_return co_await reply(404, {}, mayKeep);
    }
    m_exchange.api = match.api->id;
    if (match.kind == RouteMatch::Kind::MethodNotAllowed) {
        co_return co_await reply(405, {}, mayKeep, &match.allow);
    }
    m_exchange.operation = match.operation->id;
    bool keep = false;
    if (match.api->backend.url.tls) {
        keep = co_await proxy<TlsBackendStream>(match, target);
    } else {
        keep = co_await proxy<PlainBackendStream>(match, target);
    }
    finish();
    co_return keep;
}

template <class Stream>
template <class BackendStream>
awaitable<bool> RequestHandler<Stream>::proxy(const RouteMatch& match,
                                              const net::NormalizedTarget& target) {
    auto& parser = *m_parser;
    auto& request = parser.get();
    const auto& backend = match.api->backend;
    auto& runtime = m_worker.runtime;
    beast::error_code ec;

    bool expectContinue = false;
    if (const auto expect = request.find(http::field::expect); expect != request.end()) {
        if (!iequals(std::string_view(expect->value().data(), expect->value().size()),
                     "100-continue")) {
            co_return co_await reply(417, {}, false);
        }
        expectContinue = m_version == 11 && !parser.is_done();
        request.erase(http::field::expect);
    }

    std::string originalHost = target.authority;
    if (originalHost.empty()) {
        const auto host = request[http::field::host];
        originalHost.assign(host.data(), host.size());
    }
    const bool chunked = parser.chunked();
    stripHopByHop(request);
    std::string backendTarget = backend.url.basePath;
    backendTarget.append(match.remainder);
    if (backendTarget.empty()) {
        backendTarget = "/";
    }
    if (!target.query.empty()) {
        backendTarget += '?';
        backendTarget += target.query;
    }
    request.target(backendTarget);
    request.version(11);
    request.set(http::field::host, backend.url.hostHeader);
    {
        const auto existing = request["x-forwarded-for"];
        std::string forwardedFor(existing.data(), existing.size());
        if (!forwardedFor.empty()) {
            forwardedFor += ", ";
        }
        forwardedFor += m_client.ip;
        request.set("x-forwarded-for", forwardedFor);
    }
    request.set("x-forwarded-proto", m_client.tls ? "https" : "http");
    if (!originalHost.empty()) {
        request.set("x-forwarded-host", originalHost);
    } else {
        request.erase("x-forwarded-host");
    }
    request.set("x-request-id", m_exchange.requestId);
    if (chunked) {
        request.chunked(true);
    }

    std::array<char, kRelayBufferSize> relay;
    const auto backendStart = Clock::now();
    std::unique_ptr<BackendConnection> connection;
    std::optional<http::response_parser<http::buffer_body>> responseParser;
    bool sentContinue = false;
    const bool requestHasBody = !parser.is_done();

    // Connect, request and response head share one overall deadline on top of the per-read one.
    const auto backendDeadline = backendStart + m_options.backendTotalTimeout;
    auto backendExpiry = [&] {
        return std::min(Clock::now() + m_options.backendTimeout, backendDeadline);
    };
    BackendStream* backendStream = nullptr;

    auto backendFailure = [&](beast::error_code error) -> awaitable<bool> {
        const auto failure = describeBackendFailure(error);
        runtime.metrics.recordBackendError(m_worker.index, m_exchange.api, failure.metric);
        m_exchange.backendMs =
            std::chrono::duration<double, std::milli>(Clock::now() - backendStart).count();
        const bool keep = m_clientKeepAlive && parser.is_done();
        co_return co_await reply(failure.status, failure.message, keep);
    };

    for (int attempt = 0;; ++attempt) {
        const auto connectTimeout = std::min<std::chrono::milliseconds>(
            m_options.backendConnectTimeout,
            std::chrono::ceil<std::chrono::milliseconds>(backendDeadline - Clock::now()));
        if (connectTimeout.count() <= 0) {
            co_return co_await backendFailure(beast::error::timeout);
        }
        connection = co_await m_worker.pool.acquire(
            backend.url, {backend.caFile, backend.verifyChain, backend.verifyName}, connectTimeout,
            ec);
        if (ec) {
            co_return co_await backendFailure(ec);
        }
        backendStream = &std::get<BackendStream>(connection->stream);
        if (expectContinue && !sentContinue) {
            sentContinue = true;
            static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
            m_lowest.expires_after(m_options.backendTimeout);
            co_await asio::async_write(m_stream, asio::buffer(kContinue), onError(ec));
            if (ec) {
                co_return false;
            }
        }
        // A reused connection the backend closed meanwhile fails at once; a bodiless request
        // can safely go again on a fresh one.
        const bool retryable = connection->reused && !requestHasBody && attempt == 0;

        http::request_serializer<http::buffer_body> serializer{request};
        beast::error_code clientError;
        do {
            if (!parser.is_done()) {
                request.body().data = relay.data();
                request.body().size = relay.size();
                m_lowest.expires_after(m_options.backendTimeout);
                co_await http::async_read(m_stream, m_buffer, parser, onError(clientError));
                if (clientError == http::error::need_buffer) {
                    clientError = {};
                }
                if (clientError) {
                    break;
                }
                request.body().size = relay.size() - request.body().size;
                request.body().data = relay.data();
                request.body().more = !parser.is_done();
                m_exchange.bytesIn += request.body().size;
            } else {
                request.body().data = nullptr;
                request.body().size = 0;
                request.body().more = false;
            }
            beast::get_lowest_layer(*backendStream).expires_at(backendExpiry());
            co_await http::async_write(*backendStream, serializer, onError(ec));
            if (ec == http::error::need_buffer) {
                ec = {};
            }
            if (ec) {
                break;
            }
        } while (!parser.is_done() || !serializer.is_done());

        if (clientError) {
            if (clientError == http::error::body_limit) {
                co_return co_await reply(413, {}, false);
            }
            if (clientError == beast::error::timeout || clientError == http::error::end_of_stream ||
                clientError == asio::error::eof || clientError == asio::error::connection_reset) {
                m_exchange.status = 400;
                co_return false;
            }
            co_return co_await reply(400, clientError.message(), false);
        }
        if (ec) {
            if (retryable) {
                continue;
            }
            co_return co_await backendFailure(ec);
        }

        responseParser.emplace();
        responseParser->body_limit(std::numeric_limits<std::uint64_t>::max());
        if (request.method() == http::verb::head) {
            responseParser->skip(true);
        }
        beast::get_lowest_layer(*backendStream).expires_at(backendExpiry());
        co_await http::async_read_header(*backendStream, connection->buffer, *responseParser,
                                         onError(ec));
        // Interim answers (103 Early Hints, a stray 100) are not forwarded.
        while (!ec && responseParser->get().result_int() / 100 == 1 &&
               responseParser->get().result_int() != 101) {
            responseParser.emplace();
            responseParser->body_limit(std::numeric_limits<std::uint64_t>::max());
            if (request.method() == http::verb::head) {
                responseParser->skip(true);
            }
            co_await http::async_read_header(*backendStream, connection->buffer, *responseParser,
                                             onError(ec));
        }
        if (ec && retryable && ec != beast::error::timeout) {
            continue;
        }
        if (ec) {
            co_return co_await backendFailure(ec);
        }
        if (responseParser->get().result_int() == 101) {
            co_return co_await backendFailure(asio::error::operation_not_supported);
        }
        break;
    }
    m_exchange.backendMs =
        std::chrono::duration<double, std::milli>(Clock::now() - backendStart).count();

    auto& response = responseParser->get();
    const bool backendKeepAlive = response.keep_alive();
    const int status = response.result_int();
    m_exchange.status = status;
    const bool bodiless = request.method() == http::verb::head || status == 204 || status == 304;
    const bool responseChunked = responseParser->chunked();
    const bool hasLength = response.has_content_length();
    stripHopByHop(response);
    bool keep = m_clientKeepAlive && !runtime.draining.load(std::memory_order_relaxed);
    if (!bodiless && !hasLength) {
        if (m_version == 10) {
            keep = false; // an HTTP/1.0 client reads a body of unknown length until close
        } else {
            response.chunked(true);
        }
    } else if (responseChunked && m_version == 11) {
        response.chunked(true);
    }
    response.version(m_version);
    response.keep_alive(keep);
    response.set("x-request-id", m_exchange.requestId);

    http::response_serializer<http::buffer_body> serializer{response};
    m_lowest.expires_after(m_options.backendTimeout);
    m_exchange.bytesOut += co_await http::async_write_header(m_stream, serializer, onError(ec));
    if (ec) {
        co_return false;
    }
    if (!bodiless) {
        while (!responseParser->is_done()) {
            response.body().data = relay.data();
            response.body().size = relay.size();
            beast::get_lowest_layer(*backendStream).expires_after(m_options.backendTimeout);
            co_await http::async_read(*backendStream, connection->buffer, *responseParser,
                                      onError(ec));
            if (ec == http::error::need_buffer) {
                ec = {};
            }
            if (ec) {
                // The head is already out; all that is left is to cut the client off.
                runtime.metrics.recordBackendError(m_worker.index, m_exchange.api, "body");
                co_return false;
            }
            response.body().size = relay.size() - response.body().size;
            response.body().data = relay.data();
            response.body().more = !responseParser->is_done();
            m_lowest.expires_after(m_options.backendTimeout);
            m_exchange.bytesOut += co_await http::async_write(m_stream, serializer, onError(ec));
            if (ec == http::error::need_buffer) {
                ec = {};
            }
            if (ec) {
                co_return false;
            }
        }
        if (!serializer.is_done()) {
            response.body().data = nullptr;
            response.body().size = 0;
            response.body().more = false;
            m_exchange.bytesOut += co_await http::async_write(m_stream, serializer, onError(ec));
            if (ec) {
                co_return false;
            }
        }
    }
    if (backendKeepAlive && responseParser->is_done()) {
        m_worker.pool.release(std::move(connection));
    }
    co_return keep;
}

// Keeps the open-connection gauge exact however a session ends.
struct ConnectionCount {
    explicit ConnectionCount(Metrics& m)
        : metrics(m) {
        ++metrics.openConnections;
    }
    ~ConnectionCount() { --metrics.openConnections; }
    Metrics& metrics;
};

struct InFlight {
    explicit InFlight(Metrics& m)
        : metrics(m) {
        ++metrics.inFlightRequests;
    }
    ~InFlight() { --metrics.inFlightRequests; }
    Metrics& metrics;
};

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
        // Our own timer cancels (not closes) the read, so a timed-out head can still get a 408.
        asio::steady_timer headTimer(stream.get_executor());
        bool timedOut = false;
        auto armTimer = [&](std::chrono::milliseconds after) {
            headTimer.expires_after(after);
            headTimer.async_wait([&timedOut, &lowest](beast::error_code ec) {
                if (!ec) {
                    timedOut = true;
                    lowest.socket().cancel(ec);
                }
            });
        };
        lowest.expires_never();
        armTimer(started ? options.headerTimeout : options.idleTimeout);
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
            scanFrom = data.size() >= 3 ? data.size() - 3 : 0;
            if (data.size() > options.maxHeaderBytes) {
                headTimer.cancel();
                http::response<http::string_body> response{
                    http::status::request_header_fields_too_large, 11};
                response.set(http::field::content_type, "application/json");
                response.body() = "{\"statusCode\":431,\"message\":\"Request header fields too "
                                  "large\"}";
                response.keep_alive(false);
                response.prepare_payload();
                beast::error_code ec;
                lowest.expires_after(options.backendTimeout);
                co_await http::async_write(stream, response, onError(ec));
                worker.runtime.metrics.recordRequest(worker.index, "", "", 431, 0);
                co_return;
            }
            beast::error_code ec;
            const auto room =
                std::min<std::size_t>(16 * 1024, options.maxHeaderBytes + 4 -
                                                     std::min(options.maxHeaderBytes, data.size()));
            const auto n = co_await stream.async_read_some(buffer.prepare(room), onError(ec));
            buffer.commit(n);
            if (ec) {
                headTimer.cancel();
                if (timedOut && buffer.size() > 0) {
                    http::response<http::string_body> response{http::status::request_timeout, 11};
                    response.set(http::field::content_type, "application/json");
                    response.body() = "{\"statusCode\":408,\"message\":\"Request timeout\"}";
                    response.keep_alive(false);
                    response.prepare_payload();
                    lowest.expires_after(std::chrono::seconds(1));
                    co_await http::async_write(stream, response, onError(ec));
                    worker.runtime.metrics.recordRequest(worker.index, "", "", 408, 0);
                }
                co_return;
            }
            if (!started && n > 0) {
                started = true;
                headTimer.cancel();
                armTimer(options.headerTimeout);
            }
        }
        headTimer.cancel();
        firstRequest = false;
        bool keepAlive = false;
        {
            InFlight inFlight(worker.runtime.metrics);
            RequestHandler<Stream> handler(stream, buffer, worker, client);
            keepAlive = co_await handler.run(headSize);
        }
        if (!keepAlive) {
            break;
        }
        if (buffer.size() == 0) {
            buffer.shrink_to_fit(); // an idle keep-alive connection holds no buffer
        }
    }
}

std::string peerAddress(const tcp::socket& socket) {
    beast::error_code ec;
    const auto endpoint = socket.remote_endpoint(ec);
    return ec ? std::string("unknown") : endpoint.address().to_string();
}

awaitable<void> servePlain(tcp::socket socket, Worker& worker) {
    ConnectionCount count(worker.runtime.metrics);
    ClientInfo client;
    client.ip = peerAddress(socket);
    beast::error_code ec;
    socket.set_option(tcp::no_delay(true), ec);
    beast::tcp_stream stream(std::move(socket));
    co_await serveConnection(stream, worker, client);
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.close();
}

awaitable<void> serveTls(tcp::socket socket, Worker& worker) {
    ConnectionCount count(worker.runtime.metrics);
    ClientInfo client;
    client.ip = peerAddress(socket);
    client.tls = true;
    beast::error_code ec;
    socket.set_option(tcp::no_delay(true), ec);
    beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)),
                                                *worker.runtime.tlsServer);
    beast::get_lowest_layer(stream).expires_after(worker.runtime.options.headerTimeout);
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
    co_await serveConnection(stream, worker, client);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(1));
    co_await stream.async_shutdown(onError(ec));
    beast::get_lowest_layer(stream).close();
}

awaitable<void> rejectOverloaded(tcp::socket socket, std::chrono::milliseconds timeout) {
    beast::tcp_stream stream(std::move(socket));
    static constexpr std::string_view kResponse =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
        "Connection: close\r\nRetry-After: 1\r\nContent-Length: 67\r\n\r\n"
        "{\"statusCode\":503,\"message\":\"Service unavailable: too many connections\"}";
    beast::error_code ec;
    stream.expires_after(timeout);
    co_await asio::async_write(stream, asio::buffer(kResponse), onError(ec));
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.close();
}

} // namespace

awaitable<void> acceptLoop(tcp::acceptor& acceptor, Worker& worker, bool tls) {
    auto& metrics = worker.runtime.metrics;
    const auto limit = static_cast<std::int64_t>(worker.runtime.options.maxConnections);
    while (acceptor.is_open()) {
        beast::error_code ec;
        tcp::socket socket = co_await acceptor.async_accept(onError(ec));
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
