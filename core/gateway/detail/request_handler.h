#pragma once

// Internal to core/gateway: one request on one client connection. Its members are spread over
// proxy_session.cpp (reading the request, routing, the pass-through path), backend_exchange.cpp
// (talking to the backend) and pipeline_session.cpp (running policies), each instantiated there
// for the plain and the TLS client stream, so that no file compiles all of it.
#include "core/gateway/detail/gateway_context.h"
#include "core/gateway/detail/runtime.h"
#include "core/identity/subscription_index.h"
#include "core/net/request_guard.h"
#include "core/policy/pipeline_run.h"
#include "core/policy/request_facts.h"

#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <array>
#include <chrono>
#include <optional>
#include <string>

namespace portico::policy {
struct OperationPipelines;
struct ForwardOptions;
} // namespace portico::policy

namespace portico::gateway::detail {

using Clock = std::chrono::steady_clock;

using PlainClientStream = TimedStream;
using TlsClientStream = beast::ssl_stream<TimedStream>;

struct ClientInfo {
    std::string ip;
    bool tls = false;
    std::string certificateSubject; // verified client certificate, empty when none
    std::optional<policy::ClientCertificate> certificate; // what the policies read of it
};

// What the access log and the metrics need to know about one request.
struct Exchange {
    Clock::time_point start = Clock::now();
    std::string requestId;
    std::string method;
    std::string path;
    std::string api;
    std::string operation;
    std::string subscription; // the matched subscription's id, never its key
    std::string clientIp;     // the peer, or who a trusted proxy says the client is
    int status = 0;
    std::uint64_t bytesIn = 0;  // the request's body
    std::uint64_t bytesOut = 0; // the answer, head and body
    std::uint64_t bodyBytesOut = 0;
    double backendMs = -1;
};

inline beast::string_view bsv(std::string_view s) {
    return {s.data(), s.size()};
}

// Removes the hop-by-hop headers of RFC 9110 7.6.1, including those named by Connection, and
// underscore spellings of the fields the gateway sets or strips (X_Forwarded_For).
void stripHopByHop(Fields& fields);
// Every X-Forwarded-For value in order, joined with ", " (a request may carry several fields).
std::string forwardedForChain(const Fields& fields);
// The APIM-style message for an error status ("Resource not found").
std::string_view reasonMessage(int status);

// How sending the request to the backend ended.
struct ExchangeResult {
    enum class Kind { Answered, BackendFailed, ClientFailed };
    Kind kind = Kind::Answered;
    BackendFailure failure;   // BackendFailed
    int clientStatus = 0;     // ClientFailed: the status to answer, 0 to just close
    std::string clientDetail; // ClientFailed
};

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

    // Returns whether the connection may carry another request.
    awaitable<bool> run(std::size_t headSize);
    // Answers a head that never became a request (malformed so far, too large, too slow) with an
    // APIM-style error, counted and logged like any request; the connection is not kept.
    awaitable<void> refuseHead(int status, std::string_view detail);

private:
    // proxy_session.cpp
    // The head's checks, then the head into a new m_parser (`ec` for what Beast refuses).
    net::Verdict checkAndParseHead(std::string_view head, beast::error_code& ec);
    // An APIM-style error: reasonMessage(status), then ": detail" when given.
    awaitable<bool> reply(int status, std::string_view detail, bool keepAlive,
                          const std::string* allow = nullptr);
    awaitable<bool> replyExact(int status, std::string_view message, bool keepAlive,
                               const std::string* allow = nullptr);
    // Checks the subscription key (APIM's rules, SubscriptionIndex): whether the call is admitted;
    // m_access says why not.
    bool admit(const RouteMatch& match, const net::NormalizedTarget& target);
    awaitable<bool> proxy(const RouteMatch& match, const net::NormalizedTarget& target);
    void finish();

    // backend_exchange.cpp
    // Readies the client's request head for any backend: Expect taken over, hop-by-hop headers
    // removed, X-Forwarded-* and x-request-id set. False for an Expect other than 100-continue,
    // which the caller answers with 417.
    bool prepareForBackend(const net::NormalizedTarget& target);
    void aimAt(const RouteBackend& backend, std::string_view path, std::string_view query);
    // Sends the request (its body streamed from the client, or `body`) and reads the answer's
    // head into m_answer.
    awaitable<ExchangeResult> exchange(const RouteBackend& backend, const std::string* body);
    // Answers the client after a failed exchange; returns whether to keep the connection.
    awaitable<bool> answerFailedExchange(const ExchangeResult& result);
    // Sends m_answer's head (as the parser now holds it) and streams its body to the client.
    awaitable<bool> relayAnswer();
    // Reads the whole body of the client's request or of m_answer, up to `limit` bytes.
    awaitable<ExchangeResult> readClientBody(std::string& body);
    awaitable<bool> readAnswerBody(std::string& body, std::uint64_t limit);
    // Writes a response made here; the caller has set its length.
    awaitable<bool> writeResponse(Response<http::string_body>& response);
    void dropAnswer();
    // The answer has been read to its end: its connection goes back to the pool when the backend
    // keeps it open and sent nothing beyond the answer.
    void endAnswer();
    // Tells a client that sent Expect: 100-continue to go on, once; false if it is gone. Called
    // only when continueOwed(): a coroutine costs a frame even when it has nothing to do.
    bool continueOwed() const { return m_expectContinue && !m_sentContinue; }
    awaitable<bool> sendContinueOnce();
    double backendMilliseconds() const;

    template <class BackendStream>
    awaitable<ExchangeResult> exchangeOn(const RouteBackend& backend, const std::string* body);
    // The client's body, streamed to the backend as it arrives; ec is the backend's error,
    // clientError the client's.
    template <class BackendStream>
    awaitable<void> streamRequest(BackendStream& stream, Clock::time_point deadline,
                                  beast::error_code& ec, beast::error_code& clientError);
    // Readies m_answer's head for the client and picks how its body goes.
    template <class BackendStream> awaitable<bool> relayAnswerOn();
    // A chunked answer, or one whose length only the end of the connection tells.
    template <class BackendStream> awaitable<bool> relayStreamed(BackendStream& stream, bool keep);
    // An answer of known length (or none): its head and what the backend already sent in one
    // write, the rest copied as it comes, without a parser or a serializer.
    template <class BackendStream>
    awaitable<bool> relayKnownLength(BackendStream& stream, std::uint64_t length, bool keep);
    template <class BackendStream>
    awaitable<bool> readAnswerBodyOn(std::string& body, std::uint64_t limit);

    // pipeline_session.cpp
    awaitable<bool> runPipeline(const RouteMatch& match, const net::NormalizedTarget& target,
                                const policy::OperationPipelines& pipelines);
    awaitable<void> forward(GatewayContext& context, const RouteMatch& match,
                            const policy::ForwardOptions& options, bool readBody,
                            policy::AwaitOutcome& outcome);
    // The response the policies left: the backend's answer, its body still to stream, under the
    // head the policies made (true: relayAnswer sends it, no coroutine of its own), or one they
    // built, which sendContextResponse writes.
    bool putContextHeadOnAnswer(GatewayContext& context);
    awaitable<bool> sendContextResponse(GatewayContext& context);
    void publishTrace(GatewayContext& context, const policy::PipelineTrace& trace,
                      const std::string& credential);
    void describeRequest(GatewayContext& context, const RouteMatch& match,
                         const net::NormalizedTarget& target, std::string_view host) const;
    void describeCaller(policy::RequestFacts& facts) const;
    // Aims the request at where the backend's redirect points (forward-request
    // follow-redirects); nothing when the answer is no redirect to follow. `resend` is the body to
    // send again, cleared when the redirect turns the call into a GET.
    std::optional<RouteBackend> followRedirect(const RouteBackend& current,
                                               const std::string*& resend);

    Stream& m_stream;
    TimedStream& m_lowest;
    beast::flat_buffer& m_buffer;
    Worker& m_worker;
    const GatewayOptions& m_options;
    const ClientInfo& m_client;
    Exchange m_exchange;
    std::shared_ptr<const Snapshot> m_snapshot;
    identity::AccessDecision m_access;
    // Into the request's fields or m_queryKeyValues: read only before policies change headers.
    std::string_view m_presentedKey;
    std::vector<std::string> m_queryKeyValues; // decoded subscription-key query parameters
    // forward-request's timeout for the backend's response head, within backendTotalTimeout.
    std::optional<std::chrono::milliseconds> m_forwardTimeout;
    std::optional<RequestParser<http::buffer_body>> m_parser;
    unsigned m_version = 11;
    bool m_clientKeepAlive = false;
    bool m_expectContinue = false;
    bool m_sentContinue = false;
    bool m_requestChunked = false;
    bool m_finished = false;
    bool m_bodyStreamed = false; // the client's body went to the backend unbuffered
    bool m_clientBroken = false; // the client failed mid-request: close, answer nothing more
    Clock::time_point m_backendStart{};
    PooledString m_head; // a head on its way to the backend or the client

    // The backend's answer while its body is unread.
    std::unique_ptr<BackendConnection> m_connection;
    std::optional<ResponseParser<http::buffer_body>> m_answer;
    bool m_answerBodiless = false;
    bool m_backendKeepAlive = false;

    // Per-request state kept here rather than in the coroutine frames of run(), runPipeline() and
    // forward(), which are allocated for every request: a block over glibc's 1 KiB large-chunk
    // size makes malloc consolidate its fast bins, and under load that cost more than the frame
    // itself (runPipeline's was 3.6 KiB). The handler's own memory is recycled (recycled.h).
    // Declared last so that they go first, while the request, the snapshot and the answer they
    // point into are still there.
    net::NormalizedTarget m_target;
    RouteMatch m_match;
    std::optional<policy::PipelineTrace> m_trace;
    std::optional<GatewayContext> m_context;
    std::optional<policy::PipelineRun> m_run;
    policy::AwaitOutcome m_outcome;
    std::optional<RouteBackend> m_chosenBackend; // set-backend-service's own URL
    std::optional<RouteBackend> m_redirectHop;   // where forward-request follows a redirect to
};

} // namespace portico::gateway::detail
