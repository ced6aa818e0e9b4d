#include "core/gateway/detail/body_reads.h"
#include "core/gateway/detail/request_handler.h"
#include "core/net/detail/head_parser.h"
#include "core/net/detail/http_head.h"

#include <algorithm>
#include <limits>

namespace portico::gateway::detail {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return beast::iequals(bsv(a), bsv(b));
}

// Headers that tell attackers what runs behind the gateway (APIM removes them too).
void stripServerIdentity(Fields& fields) {
    eraseFieldsIf(fields, [](const auto& field) {
        return field.name() == http::field::server ||
               beast::iequals(field.name_string(), "x-powered-by") ||
               beast::iequals(field.name_string(), "x-aspnet-version");
    });
}

// Writes `head`, then `body`. A body of up to 4 KiB is appended to the head first, so that a
// small message goes out as one buffer, which Asio sends with send() rather than sendmsg() (a
// TLS stream joins the buffers of a write itself). Not a coroutine (its frame would cost more
// than it saves): it returns the write to await.
template <class WriteStream>
awaitable<std::size_t> writeHeadAndBody(WriteStream& stream, PooledString& head,
                                        asio::const_buffer body, beast::error_code& ec) {
    constexpr std::size_t kJoinBytes = 4096;
    if (body.size() <= kJoinBytes) {
        head.append(static_cast<const char*>(body.data()), body.size());
        return asio::async_write(stream, asio::buffer(head), onError(ec));
    }
    return asio::async_write(stream, std::array<asio::const_buffer, 2>{asio::buffer(head), body},
                             onError(ec));
}

// What a failed read of the client's body is answered; status 0: nothing, the client is gone.
ExchangeResult clientBodyFailure(beast::error_code ec) {
    auto refused = [](int status, std::string detail) {
        return ExchangeResult{ExchangeResult::Kind::ClientFailed, {}, status, std::move(detail)};
    };
    if (ec == http::error::body_limit)
        return refused(413, {});
    if (ec == beast::error::timeout)
        return refused(408, "the request body stopped arriving");
    if (ec == http::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::connection_reset)
        return refused(0, {});
    if (ec == http::error::partial_message)
        return refused(400, "the request body ended early");
    if (ec == http::error::buffer_overflow)
        return refused(400, "a chunk-size line or the trailer section is over " +
                                std::to_string(kBodyLineLimit / 1024) + " KiB");
    return refused(400, ec.message());
}

// An answer's head from what `buffer` holds: parsed into `parser` (and consumed) when its empty
// line is there, or false when more bytes are needed. `scanFrom` keeps where the search for the
// empty line goes on. A head may take `limit` bytes, its empty line included. A plain function:
// the reads stay in the caller's coroutine, so an answer costs no coroutine frame of its own.
bool takeAnswerHead(beast::flat_buffer& buffer, ResponseParser<http::buffer_body>& parser,
                    std::size_t limit, std::size_t& scanFrom, beast::error_code& ec) {
    const std::string_view data(static_cast<const char*>(buffer.data().data()), buffer.size());
    const auto end = data.find("\r\n\r\n", scanFrom);
    if (end != std::string_view::npos && end + 4 <= limit) {
        net::detail::parseHead(data.substr(0, end + 4), parser, ec);
        buffer.consume(end + 4);
        scanFrom = 0;
        return true;
    }
    if (end != std::string_view::npos || data.size() > limit) {
        ec = http::error::header_limit;
        return true;
    }
    scanFrom = data.size() >= 3 ? data.size() - 3 : 0;
    return false;
}

} // namespace

template <class Stream>
bool RequestHandler<Stream>::prepareForBackend(const net::NormalizedTarget& target) {
    auto& parser = *m_parser;
    auto& request = parser.get();
    if (const auto expect = request.find(http::field::expect); expect != request.end()) {
        if (!iequals(std::string_view(expect->value().data(), expect->value().size()),
                     "100-continue")) {
            return false;
        }
        m_expectContinue = m_version == 11 && !parser.is_done();
        request.erase(http::field::expect);
    }
    std::string originalHost = target.authority;
    if (originalHost.empty()) {
        const auto host = request[http::field::host];
        originalHost.assign(host.data(), host.size());
    }
    m_requestChunked = parser.chunked();
    if (const auto length = parser.content_length(); length && !m_requestChunked) {
        // One canonical spelling: a backend shared by many clients must not read "010" as 8.
        const auto written = request[http::field::content_length];
        if (written.size() > 1 && written.front() == '0') {
            request.content_length(*length);
        }
    }
    stripHopByHop(request);
    // Gateway-only headers: a debug credential must never reach a backend.
    request.erase("apim-debug-authorization");
    request.erase("ocp-apim-trace");
    request.version(11);
    {
        std::string forwardedFor = forwardedForChain(request);
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
    return true;
}

template <class Stream>
void RequestHandler<Stream>::aimAt(const RouteBackend& backend, std::string_view path,
                                   std::string_view query) {
    auto& request = m_parser->get();
    std::string backendTarget = backend.url.basePath;
    backendTarget.append(path);
    if (backendTarget.empty()) {
        backendTarget = "/";
    }
    if (!query.empty()) {
        backendTarget += '?';
        backendTarget.append(query);
    }
    request.target(backendTarget);
    request.set(http::field::host, backend.url.hostHeader);
}

template <class Stream>
awaitable<ExchangeResult> RequestHandler<Stream>::exchange(const RouteBackend& backend,
                                                           const std::string* body) {
    return backend.url.tls ? exchangeOn<TlsBackendStream>(backend, body)
                           : exchangeOn<PlainBackendStream>(backend, body);
}

template <class Stream>
template <class BackendStream>
awaitable<ExchangeResult> RequestHandler<Stream>::exchangeOn(const RouteBackend& backend,
                                                             const std::string* body) {
    auto& parser = *m_parser;
    auto& request = parser.get();
    beast::error_code ec;
    dropAnswer();
    if (backend.credentialUnresolved) {
        co_return ExchangeResult{
            ExchangeResult::Kind::BackendFailed,
            {500, "The gateway cannot resolve the credentials of the backend", "credentials"},
            0,
            {}};
    }
    if (backend.clientIdentityUnresolved) {
        co_return ExchangeResult{
            ExchangeResult::Kind::BackendFailed,
            {500, "The gateway cannot read the client certificate of the backend", "certificate"},
            0,
            {}};
    }
    if (!backend.credentialHeader.empty()) {
        request.set(bsv(backend.credentialHeader), bsv(backend.credentialValue));
    }
    if (body) {
        request.chunked(false);
        request.content_length(body->size());
    } else if (m_requestChunked) {
        request.chunked(true);
    }
    m_backendStart = Clock::now();
    // Connect, request and response head share one overall deadline on top of the per-read one.
    const auto deadline =
        m_backendStart + std::min(m_options.backendTotalTimeout,
                                  m_forwardTimeout.value_or(m_options.backendTotalTimeout));
    auto expiry = [&] { return std::min(Clock::now() + m_options.backendTimeout, deadline); };
    auto backendFailed = [](beast::error_code error) {
        return ExchangeResult{
            ExchangeResult::Kind::BackendFailed, describeBackendFailure(error), 0, {}};
    };
    // A body we hold can go again; one streamed from the client cannot.
    const bool heldWhole = body != nullptr || parser.is_done();
    if (!heldWhole) {
        m_buffer.reserve(kRelayBufferSize); // see relayAnswerOn; shrunk again between requests
    }
    // Only an idempotent request goes again when its reused connection turns out closed; any
    // other is sent on a connection probed open, and never twice (RFC 9112 9.3.1).
    const bool repeatable = heldWhole && isIdempotent(request.method());
    const auto idleCheck =
        repeatable ? BackendPool::IdleCheck::Recent : BackendPool::IdleCheck::Always;

    for (int attempt = 0;; ++attempt) {
        const auto connectTimeout = std::min<std::chrono::milliseconds>(
            m_options.backendConnectTimeout,
            std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()));
        if (connectTimeout.count() <= 0) {
            co_return backendFailed(beast::error::timeout);
        }
        const net::detail::BackendTls tls{backend.caFile, backend.verifyChain, backend.verifyName,
                                          backend.clientIdentity.get()};
        auto connection = m_worker.pool.takeIdle(backend.url, tls, idleCheck);
        if (!connection) {
            connection = co_await m_worker.pool.connect(backend.url, tls, connectTimeout, ec);
            if (ec) {
                co_return backendFailed(ec);
            }
        }
        auto& stream = std::get<BackendStream>(connection->stream);
        if (!body && continueOwed() && !co_await sendContinueOnce()) {
            co_return ExchangeResult{ExchangeResult::Kind::ClientFailed, {}, 0, {}};
        }
        // A reused connection the backend closed meanwhile fails at once; a repeatable request
        // goes again on a fresh one.
        const bool retryable = connection->reused && repeatable && attempt == 0;

        beast::error_code clientError;
        if (body || (parser.is_done() && !request.chunked())) {
            // The whole request is here: its head and body go out in one write.
            m_head.clear();
            net::detail::appendHead(request, m_head);
            // Outside the co_await: GCC 12 miscompiles a conditional expression among its
            // operands (the gateway crashed reading `body`).
            const auto bodyBytes = body ? asio::buffer(*body) : asio::const_buffer();
            beast::get_lowest_layer(stream).expires_at(expiry());
            co_await writeHeadAndBody(stream, m_head, bodyBytes, ec);
        } else {
            co_await streamRequest(stream, deadline, ec, clientError);
        }

        if (clientError) {
            co_return clientBodyFailure(clientError);
        }
        if (ec) {
            if (retryable) {
                continue;
            }
            co_return backendFailed(ec);
        }

        const bool head = request.method() == http::verb::head;
        // An answer's head may take as much as a request's (--max-header-bytes), as in Envoy:
        // large cookies and tokens are common, and a 502 for them would be the gateway's fault.
        const std::size_t headLimit = m_options.maxHeaderBytes + 4;
        auto startAnswer = [&] {
            m_answer.emplace();
            m_answer->body_limit(std::numeric_limits<std::uint64_t>::max());
            m_answer->header_limit(static_cast<std::uint32_t>(headLimit));
            if (head) {
                m_answer->skip(true);
            }
        };
        startAnswer();
        beast::get_lowest_layer(stream).expires_at(expiry());
        auto& buffer = connection->buffer;
        for (std::size_t scanFrom = 0; !ec;) {
            if (!takeAnswerHead(buffer, *m_answer, headLimit, scanFrom, ec)) {
                // As much as Beast's read asked for: the spare room, at least 512 bytes.
                const bool gotSome = buffer.size() > 0;
                const auto room =
                    std::clamp<std::size_t>(buffer.capacity() - buffer.size(), 512, 65536);
                buffer.commit(co_await stream.async_read_some(buffer.prepare(room), onError(ec)));
                if (ec == asio::error::eof) { // as Beast's read of a head told it
                    ec = gotSome ? http::error::partial_message : http::error::end_of_stream;
                }
            } else if (!ec && m_answer->get().result_int() / 100 == 1 &&
                       m_answer->get().result_int() != 101) {
                startAnswer(); // interim answers (103 Early Hints, a stray 100) are not forwarded
            } else {
                break;
            }
        }
        // Again only when the reused connection turned out closed before any answer came
        // (RFC 9112 9.3.1): after an answer, even a malformed one, the request was handled.
        if (retryable && closedWhileIdle(ec)) {
            continue;
        }
        if (ec) {
            m_answer.reset();
            co_return backendFailed(ec);
        }
        if (m_answer->get().result_int() == 101) {
            m_answer.reset();
            co_return backendFailed(asio::error::operation_not_supported);
        }
        auto& response = m_answer->get();
        const int status = response.result_int();
        m_answerBodiless = head || status == 204 || status == 304;
        m_backendKeepAlive = response.keep_alive();
        stripHopByHop(response);
        if (m_options.stripServerHeaders) {
            stripServerIdentity(response);
        }
        m_connection = std::move(connection);
        m_exchange.backendMs = backendMilliseconds();
        co_return ExchangeResult{};
    }
}

template <class Stream>
template <class BackendStream>
awaitable<void>
RequestHandler<Stream>::streamRequest(BackendStream& stream, Clock::time_point deadline,
                                      beast::error_code& ec, beast::error_code& clientError) {
    auto& parser = *m_parser;
    auto& request = parser.get();
    auto lease = lendRelayBuffer();
    auto& relay = *lease;
    http::request_serializer<http::buffer_body, Fields> serializer{request};
    do {
        if (!parser.is_done()) {
            request.body().data = relay.data();
            request.body().size = relay.size();
            m_lowest.expires_after(m_options.backendTimeout);
            co_await readBodyPart(m_stream, m_buffer, parser, clientError);
            if (clientError) {
                co_return;
            }
            request.body().size = relay.size() - request.body().size;
            // No data (a chunk-size line, or the end): a null buffer, for Beast would write an
            // empty one as a chunk of none, which ends a chunked body.
            request.body().data = request.body().size > 0 ? relay.data() : nullptr;
            request.body().more = !parser.is_done();
            m_exchange.bytesIn += request.body().size;
            if (request.body().size == 0 && request.body().more) {
                continue;
            }
        } else {
            request.body().data = nullptr;
            request.body().size = 0;
            request.body().more = false;
        }
        beast::get_lowest_layer(stream).expires_at(
            std::min(Clock::now() + m_options.backendTimeout, deadline));
        co_await http::async_write(stream, serializer, onError(ec));
        if (ec == http::error::need_buffer) {
            ec = {};
        }
        if (ec) {
            co_return;
        }
    } while (!parser.is_done() || !serializer.is_done());
}

template <class Stream> awaitable<bool> RequestHandler<Stream>::sendContinueOnce() {
    if (!continueOwed()) {
        co_return true;
    }
    m_sentContinue = true;
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    beast::error_code ec;
    m_lowest.expires_after(m_options.backendTimeout);
    co_await asio::async_write(m_stream, asio::buffer(kContinue), onError(ec));
    co_return !ec;
}

template <class Stream> double RequestHandler<Stream>::backendMilliseconds() const {
    return std::chrono::duration<double, std::milli>(Clock::now() - m_backendStart).count();
}

template <class Stream>
awaitable<bool> RequestHandler<Stream>::answerFailedExchange(const ExchangeResult& result) {
    if (result.kind == ExchangeResult::Kind::ClientFailed) {
        if (result.clientStatus == 0) {
            m_exchange.status = 400;
            co_return false;
        }
        co_return co_await reply(result.clientStatus, result.clientDetail, false);
    }
    m_worker.runtime.metrics.recordBackendError(m_worker.index, m_exchange.api,
                                                result.failure.metric);
    m_exchange.backendMs = backendMilliseconds();
    const bool keep = m_clientKeepAlive && m_parser->is_done();
    co_return co_await reply(result.failure.status, result.failure.message, keep);
}

template <class Stream> void RequestHandler<Stream>::endAnswer() {
    // Bytes beyond the answer are a backend's mistake: such a connection is not reused.
    if (m_backendKeepAlive && m_connection->buffer.size() == 0) {
        m_worker.pool.release(std::move(m_connection));
    }
    m_answer.reset();
    m_connection.reset();
}

template <class Stream> void RequestHandler<Stream>::dropAnswer() {
    // An unread body leaves the connection unusable: it closes with the unique_ptr.
    m_answer.reset();
    m_connection.reset();
}

template <class Stream> awaitable<bool> RequestHandler<Stream>::relayAnswer() {
    return m_connection->stream.index() == 1 ? relayAnswerOn<TlsBackendStream>()
                                             : relayAnswerOn<PlainBackendStream>();
}

template <class Stream>
template <class BackendStream>
awaitable<bool> RequestHandler<Stream>::relayAnswerOn() {
    auto& stream = std::get<BackendStream>(m_connection->stream);
    auto& response = m_answer->get();
    const bool hasLength = response.has_content_length();
    bool keep = m_clientKeepAlive && m_parser->is_done() &&
                !m_worker.runtime.draining.load(std::memory_order_relaxed);
    if (!m_answerBodiless && !hasLength) {
        if (m_version == 10) {
            keep = false; // an HTTP/1.0 client reads a body of unknown length until close
        } else {
            response.chunked(true);
        }
    } else if (m_answer->chunked() && m_version == 11) {
        response.chunked(true);
    }
    response.version(m_version);
    response.keep_alive(keep);
    response.set("x-request-id", m_exchange.requestId);
    m_exchange.status = response.result_int();
    // The length the backend announced: what it sends, whatever the policies made of the header.
    const auto sentLength = m_answer->content_length();
    if (m_answerBodiless || (sentLength && hasLength && !response.chunked())) {
        return relayKnownLength(stream, m_answerBodiless ? 0 : *sentLength, keep);
    }
    return relayStreamed(stream, keep);
}

template <class Stream>
template <class BackendStream>
awaitable<bool> RequestHandler<Stream>::relayStreamed(BackendStream& stream, bool keep) {
    auto& response = m_answer->get();
    beast::error_code ec;
    auto lease = lendRelayBuffer();
    auto& relay = *lease;
    // Room for a whole relay buffer per read: Beast reads no more than the buffer's spare
    // capacity, and a fully consumed small buffer never grows (a 64 KiB body took ~130 reads).
    m_connection->buffer.reserve(kRelayBufferSize);
    http::response_serializer<http::buffer_body, Fields> serializer{response};
    // The head goes out alone only when the body has yet to arrive (a slow or streaming
    // backend must not hold it back); otherwise head and body share one write, one syscall.
    if (m_connection->buffer.size() == 0) {
        m_lowest.expires_after(m_options.backendTimeout);
        m_exchange.bytesOut += co_await http::async_write_header(m_stream, serializer, onError(ec));
        if (ec) {
            co_return false;
        }
    }
    while (!m_answer->is_done()) {
        response.body().data = relay.data();
        response.body().size = relay.size();
        beast::get_lowest_layer(stream).expires_after(m_options.backendTimeout);
        co_await readBodyPart(stream, m_connection->buffer, *m_answer, ec);
        if (ec) {
            // The head is already out; all that is left is to cut the client off.
            m_worker.runtime.metrics.recordBackendError(m_worker.index, m_exchange.api, "body");
            co_return false;
        }
        response.body().size = relay.size() - response.body().size;
        response.body().data =
            response.body().size > 0 ? relay.data() : nullptr; // see streamRequest
        response.body().more = !m_answer->is_done();
        if (response.body().size == 0 && response.body().more) {
            continue;
        }
        m_exchange.bodyBytesOut += response.body().size;
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
    endAnswer();
    co_return keep;
}

template <class Stream>
template <class BackendStream>
awaitable<bool> RequestHandler<Stream>::relayKnownLength(BackendStream& stream,
                                                         std::uint64_t length, bool keep) {
    auto& buffer = m_connection->buffer;
    m_head.clear();
    net::detail::appendHead(m_answer->get(), m_head);
    const auto first = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), length));
    beast::error_code ec;
    m_lowest.expires_after(m_options.backendTimeout);
    m_exchange.bytesOut +=
        co_await writeHeadAndBody(m_stream, m_head, asio::buffer(buffer.data().data(), first), ec);
    if (ec) {
        co_return false;
    }
    buffer.consume(first);
    m_exchange.bodyBytesOut += first;
    if (auto remaining = length - first; remaining > 0) {
        auto lease = lendRelayBuffer();
        auto& relay = *lease;
        while (remaining > 0) {
            beast::get_lowest_layer(stream).expires_after(m_options.backendTimeout);
            const auto n = co_await stream.async_read_some(
                asio::buffer(relay.data(), std::min<std::uint64_t>(relay.size(), remaining)),
                onError(ec));
            if (ec) {
                // The head is already out; all that is left is to cut the client off.
                m_worker.runtime.metrics.recordBackendError(m_worker.index, m_exchange.api, "body");
                co_return false;
            }
            remaining -= n;
            m_exchange.bodyBytesOut += n;
            m_lowest.expires_after(m_options.backendTimeout);
            m_exchange.bytesOut +=
                co_await asio::async_write(m_stream, asio::buffer(relay.data(), n), onError(ec));
            if (ec) {
                co_return false;
            }
        }
    }
    endAnswer();
    co_return keep;
}

template <class Stream>
awaitable<ExchangeResult> RequestHandler<Stream>::readClientBody(std::string& body) {
    auto& parser = *m_parser;
    auto& request = parser.get();
    beast::error_code ec;
    if (continueOwed() && !co_await sendContinueOnce()) {
        co_return ExchangeResult{ExchangeResult::Kind::ClientFailed, {}, 0, {}};
    }
    auto lease = lendRelayBuffer();
    auto& relay = *lease;
    m_buffer.reserve(kRelayBufferSize); // see relayAnswerOn; shrunk again between requests
    while (!parser.is_done()) {
        request.body().data = relay.data();
        request.body().size = relay.size();
        m_lowest.expires_after(m_options.backendTimeout);
        co_await readBodyPart(m_stream, m_buffer, parser, ec);
        if (ec) {
            co_return clientBodyFailure(ec);
        }
        const std::size_t n = relay.size() - request.body().size;
        body.append(relay.data(), n);
        m_exchange.bytesIn += n;
    }
    co_return ExchangeResult{};
}

template <class Stream>
awaitable<bool> RequestHandler<Stream>::readAnswerBody(std::string& body, std::uint64_t limit) {
    return m_connection->stream.index() == 1 ? readAnswerBodyOn<TlsBackendStream>(body, limit)
                                             : readAnswerBodyOn<PlainBackendStream>(body, limit);
}

template <class Stream>
template <class BackendStream>
awaitable<bool> RequestHandler<Stream>::readAnswerBodyOn(std::string& body, std::uint64_t limit) {
    auto& stream = std::get<BackendStream>(m_connection->stream);
    auto& response = m_answer->get();
    beast::error_code ec;
    auto lease = lendRelayBuffer();
    auto& relay = *lease;
    m_connection->buffer.reserve(kRelayBufferSize); // see relayAnswerOn
    while (!m_answerBodiless && !m_answer->is_done()) {
        response.body().data = relay.data();
        response.body().size = relay.size();
        beast::get_lowest_layer(stream).expires_after(m_options.backendTimeout);
        co_await readBodyPart(stream, m_connection->buffer, *m_answer, ec);
        if (ec) {
            m_worker.runtime.metrics.recordBackendError(m_worker.index, m_exchange.api, "body");
            dropAnswer();
            co_return false;
        }
        body.append(relay.data(), relay.size() - response.body().size);
        if (body.size() > limit) {
            dropAnswer();
            co_return false;
        }
    }
    endAnswer();
    co_return true;
}

template <class Stream>
awaitable<bool> RequestHandler<Stream>::writeResponse(Response<http::string_body>& response) {
    const bool keep = m_clientKeepAlive && m_parser->is_done() &&
                      !m_worker.runtime.draining.load(std::memory_order_relaxed);
    response.version(m_version);
    response.keep_alive(keep);
    response.set("x-request-id", m_exchange.requestId);
    m_exchange.status = response.result_int();
    m_exchange.bodyBytesOut += response.body().size();
    beast::error_code ec;
    m_lowest.expires_after(m_options.backendTimeout);
    m_exchange.bytesOut += co_await http::async_write(m_stream, response, onError(ec));
    co_return keep && !ec;
}

template class RequestHandler<PlainClientStream>;
template class RequestHandler<TlsClientStream>;

} // namespace portico::gateway::detail
