#include "core/gateway/detail/gateway_context.h"
#include "core/gateway/detail/request_handler.h"
#include "core/gateway/detail/side_request.h"
#include "core/net/client_identity.h"
#include "core/net/redirect_location.h"
#include "core/policy/pipeline_run.h"
#include "core/policy/workspace_pipelines.h"
#include "core/text/ascii.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace portico::gateway::detail {

namespace {

policy::PolicyError forwardError(const BackendFailure& failure) {
    // APIM's LastError reasons for a backend that cannot be reached or does not answer.
    return {"forward-request",
            failure.status == 504 ? "Timeout" : "BackendConnectionFailure",
            failure.message,
            {},
            failure.status};
}

policy::PolicyError gatewayError(std::string reason, std::string message, int status = 500) {
    return {"forward-request", std::move(reason), std::move(message), {}, status};
}

// Hands log-to-eventhub's events to the sender, with the logger each names.
void sendLoggedEvents(GatewayContext& context, const Snapshot& snapshot, EventHubSender& sender) {
    for (auto& event : context.takeLoggedEvents()) {
        const auto it = snapshot.loggers.find(event.loggerId);
        sender.post(it == snapshot.loggers.end() ? nullptr : it->second, std::move(event));
    }
}

// The workspace certificate authentication-certificate named, by id or thumbprint. Null after
// setting `error` when there is none or it cannot be read.
std::shared_ptr<const net::ClientIdentity>
chosenCertificate(const policy::CertificateChoice& choice, const Snapshot& snapshot,
                  policy::PolicyError& error) {
    if (!choice.id.empty()) {
        const auto it = snapshot.certificates.find(choice.id);
        if (it == snapshot.certificates.end())
            error = gatewayError("CertificateNotFound",
                                 "certificate '" + choice.id + "' does not exist");
        else if (!it->second)
            error = gatewayError("CertificateUnavailable",
                                 "certificate '" + choice.id + "' cannot be read");
        return it == snapshot.certificates.end() ? nullptr : it->second;
    }
    for (const auto& [id, identity] : snapshot.certificates) {
        if (identity && text::equalsIgnoringAsciiCase(identity->thumbprint(), choice.thumbprint))
            return identity;
    }
    error = gatewayError("CertificateNotFound",
                         "no certificate has the thumbprint '" + choice.thumbprint + "'");
    return nullptr;
}

// The backend a forward goes to: the API's, unless set-backend-service chose another. A URL of
// its own is parsed into `parsed`. Null after setting `error`.
const RouteBackend* chooseBackendUrl(const GatewayContext& context, const RouteMatch& match,
                                     const Snapshot& snapshot, std::optional<RouteBackend>& parsed,
                                     policy::PolicyError& error) {
    if (!context.backendIdOverride().empty()) {
        const auto it = snapshot.backends.find(context.backendIdOverride());
        if (it == snapshot.backends.end()) {
            error = gatewayError("BackendNotFound",
                                 "backend '" + context.backendIdOverride() + "' does not exist");
            return nullptr;
        }
        return &it->second;
    }
    if (!context.backendUrlOverride().empty()) {
        auto url = net::parseBackendUrl(context.backendUrlOverride());
        if (!url.url) {
            error = gatewayError("InvalidBackendUrl", "set-backend-service: " + url.error);
            return nullptr;
        }
        parsed.emplace().url = std::move(*url.url);
        return &*parsed;
    }
    return &match.api->backend;
}

// chooseBackendUrl's backend, presenting the certificate authentication-certificate chose in
// place of the backend's own (in a copy kept in `parsed`).
const RouteBackend* chooseBackend(const GatewayContext& context, const RouteMatch& match,
                                  const Snapshot& snapshot, std::optional<RouteBackend>& parsed,
                                  policy::PolicyError& error) {
    const auto* backend = chooseBackendUrl(context, match, snapshot, parsed, error);
    if (!backend || !context.backendCertificate())
        return backend;
    auto identity = chosenCertificate(*context.backendCertificate(), snapshot, error);
    if (!identity)
        return nullptr;
    if (!parsed || backend != &*parsed)
        parsed = *backend;
    parsed->clientIdentity = std::move(identity);
    parsed->clientIdentityUnresolved = false;
    return &*parsed;
}

// Waits on the worker for work another thread does: the thread's `done` posts a cancel of this
// timer, which also bounds the wait.
awaitable<bool> awaitExternal(const policy::ExternalWork& work, std::chrono::milliseconds timeout) {
    auto executor = co_await asio::this_coro::executor;
    auto signal = std::make_shared<asio::steady_timer>(executor, timeout);
    work.start([signal, executor] { asio::post(executor, [signal] { signal->cancel(); }); });
    beast::error_code ec;
    co_await signal->async_wait(onError(ec));
    co_return ec == asio::error::operation_aborted;
}

// A policy's pause (wait, a retry's interval) in a coroutine of its own: its timer would take
// runPipeline's frame over 1 KiB (see RequestHandler's members).
awaitable<void> pause(std::chrono::milliseconds duration) {
    asio::steady_timer timer(co_await asio::this_coro::executor, duration);
    beast::error_code ec;
    co_await timer.async_wait(onError(ec));
}

} // namespace

template <class Stream>
void RequestHandler<Stream>::describeRequest(GatewayContext& context, const RouteMatch& match,
                                             const net::NormalizedTarget& target,
                                             std::string_view host) const {
    auto& facts = context.facts;
    facts.requestId = m_exchange.requestId;
    facts.start = m_exchange.start;
    facts.timestampTicks = policy::toDateTimeTicks(std::chrono::system_clock::now());
    auto& original = facts.originalUrl;
    original.scheme = m_client.tls ? "https" : "http";
    original.port = m_client.tls ? 443 : 80;
    original.host = std::string(host);
    if (const auto colon = host.rfind(':');
        colon != std::string_view::npos && host.find(']', colon) == std::string_view::npos) {
        original.host = std::string(host.substr(0, colon));
        original.port = std::atoi(std::string(host.substr(colon + 1)).c_str());
    }
    original.path = target.path;
    original.query = context.queryParameters();
    const auto& url = match.api->backend.url;
    facts.backendScheme = url.tls ? "https" : "http";
    facts.backendHost = url.host;
    facts.backendPort = url.port;
    facts.api.refer(match.api->facts);
    if (const auto* operation = match.operation) { // none for a preflight served by the API
        if (operation->facts.method == m_exchange.method) {
            facts.operation.refer(operation->facts);
        } else { // "*", or HEAD on a GET operation: the request's own method
            auto own = operation->facts;
            own.method = m_exchange.method;
            facts.operation = std::move(own);
        }
        facts.requiredScopes = operation->requiredScopes;
    }
    if (m_access.admitted) {
        describeCaller(facts);
    }
    facts.deployment = {"local", "portico", "portico-gateway"};
    facts.clientCertificate.refer(m_client.certificate);
    for (const auto& [name, raw] : match.parameters)
        context.matched.emplace_back(std::string(name), decodeQueryComponent(raw, false));
}

// context.Subscription, Product and User of an admitted call. Of the keys only the one presented
// is known (the workspace keeps hashes), so PrimaryKey or SecondaryKey holds it, the other is
// empty.
template <class Stream>
void RequestHandler<Stream>::describeCaller(policy::RequestFacts& facts) const {
    const auto& access = m_access.match;
    const auto& entities = m_snapshot->entities;
    if (!access.subscriptionId.empty()) {
        auto& subscription = facts.subscription.emplace();
        if (const auto known = entities.subscriptions.find(access.subscriptionId);
            known != entities.subscriptions.end())
            subscription = known->second;
        subscription.id = std::string(access.subscriptionId);
        subscription.key = std::string(m_presentedKey);
        if (access.key == identity::KeySlot::Primary)
            subscription.primaryKey = subscription.key;
        if (access.key == identity::KeySlot::Secondary)
            subscription.secondaryKey = subscription.key;
        facts.tracingAllowed = entities.tracingSubscriptions.contains(access.subscriptionId);
    }
    // The snapshot's product and user, as collectEntityFacts gathered them (id and name set).
    if (!access.productId.empty()) {
        if (const auto known = entities.products.find(access.productId);
            known != entities.products.end()) {
            facts.product.refer(known->second);
        } else {
            const std::string id(access.productId);
            facts.product = policy::expr::NamedInfo{id, id};
        }
    }
    if (!access.ownerUserId.empty()) {
        if (const auto known = entities.users.find(access.ownerUserId);
            known != entities.users.end()) {
            facts.user.refer(known->second);
        } else {
            facts.user.emplace().id = std::string(access.ownerUserId);
        }
    }
}

template <class Stream>
awaitable<bool> RequestHandler<Stream>::runPipeline(const RouteMatch& match,
                                                    const net::NormalizedTarget& target,
                                                    const policy::OperationPipelines& pipelines) {
    auto& parser = *m_parser;
    auto& request = parser.get();
    const auto hostHeader = request[http::field::host];
    const std::string host = target.authority.empty()
                                 ? std::string(hostHeader.data(), hostHeader.size())
                                 : target.authority;
    const auto debugHeader = request["apim-debug-authorization"];
    const std::string debugCredential(debugHeader.data(), debugHeader.size());
    const auto traceHeader = request["ocp-apim-trace"];
    const bool traceAsked = beast::iequals(traceHeader, "true");
    if (!prepareForBackend(target)) {
        co_return co_await reply(417, {}, false);
    }
    auto& context = m_context.emplace(request, m_exchange.method, m_exchange.clientIp,
                                      std::string(match.remainder), target.query);
    context.deferFinishers(); // they run once the answer is out, see below
    describeRequest(context, match, target, host);
    // APIM traces a request with a valid debug credential, or one whose subscription allows it.
    auto& trace = m_trace;
    if (m_worker.runtime.traces.acceptsCredential(debugCredential) ||
        (traceAsked && context.facts.tracingAllowed)) {
        trace.emplace();
        context.traceInto(&*trace);
    }
    if (pipelines.readsRequestBody && !parser.is_done()) {
        std::string body;
        const auto read = co_await readClientBody(body);
        if (read.kind != ExchangeResult::Kind::Answered) {
            co_return co_await answerFailedExchange(read);
        }
        context.requestBody() = std::move(body);
    }

    const auto* product = context.facts.product ? &context.facts.product->id : nullptr;
    auto& run = m_run.emplace(pipelines.select(product ? *product : std::string_view()), context);
    run.traceInto(trace ? &*trace : nullptr);
    while (run.advance() == policy::PipelineRun::State::Awaiting) {
        const auto& work = run.awaited();
        auto& outcome = m_outcome;
        outcome = {};
        if (const auto* forwardWork = std::get_if<policy::ForwardWork>(&work)) {
            co_await forward(context, match, forwardWork->options, pipelines.readsResponseBody,
                             outcome);
            if (m_clientBroken) {
                sendLoggedEvents(context, *m_snapshot, m_worker.runtime.eventHubs);
                co_return false; // the client went away while its body was streaming
            }
        } else if (const auto* delay = std::get_if<policy::DelayWork>(&work)) {
            co_await pause(delay->duration);
        } else if (const auto* external = std::get_if<policy::ExternalWork>(&work)) {
            if (!co_await awaitExternal(*external, m_options.backendTimeout)) {
                outcome.error =
                    policy::PolicyError{"gateway",
                                        "Timeout",
                                        "a policy's background work did not finish in time",
                                        {},
                                        500};
            }
        } else if (const auto* call = std::get_if<policy::HttpWork>(&work)) {
            policy::PolicyError failure;
            std::shared_ptr<const net::ClientIdentity> identity;
            if (call->certificate)
                identity = chosenCertificate(*call->certificate, *m_snapshot, failure);
            if (call->certificate && !identity) {
                failure.source = "send-request";
                outcome.error = std::move(failure);
            } else {
                outcome = co_await sendSideRequest(m_worker.pool, *call, m_options,
                                                   m_worker.runtime.managedIdentityTokens,
                                                   identity.get());
            }
        } else if (const auto* token = std::get_if<policy::TokenWork>(&work)) {
            outcome = co_await managedIdentityToken(m_worker.pool, *token, m_options,
                                                    m_worker.runtime.managedIdentityTokens);
        }
        run.complete(outcome);
    }
    sendLoggedEvents(context, *m_snapshot, m_worker.runtime.eventHubs);
    if (trace) {
        publishTrace(context, *trace, debugCredential);
    }
    bool keep = false;
    if (putContextHeadOnAnswer(context)) {
        keep = co_await relayAnswer();
    } else {
        keep = co_await sendContextResponse(context);
    }
    // A bandwidth quota counts what went through, a streamed body included.
    context.setBodyBytesSent(m_exchange.bytesIn, m_exchange.bodyBytesOut);
    context.runFinishers(true);
    co_return keep;
}

template <class Stream>
awaitable<void> RequestHandler<Stream>::forward(GatewayContext& context, const RouteMatch& match,
                                                const policy::ForwardOptions& options,
                                                bool readBody, policy::AwaitOutcome& outcome) {
    auto& parser = *m_parser;
    const RouteBackend* backend = nullptr;
    {
        policy::PolicyError error;
        backend = chooseBackend(context, match, *m_snapshot, m_chosenBackend, error);
        if (!backend) {
            outcome.error = std::move(error);
            co_return;
        }
    }
    auto& body = context.requestBody();
    if (!body && !parser.is_done() && options.bufferRequestBody) {
        std::string buffered;
        const auto read = co_await readClientBody(buffered);
        if (read.kind != ExchangeResult::Kind::Answered) {
            m_clientBroken = true;
            co_return;
        }
        body = std::move(buffered);
    }
    if (!body && m_bodyStreamed) {
        outcome.error = gatewayError(
            "RequestBodyConsumed",
            "the request body was already streamed to the backend; forward it again only "
            "with buffer-request-body=\"true\"");
        co_return;
    }
    aimAt(*backend, context.urlPath(), context.backendQuery());
    m_bodyStreamed = !body && !parser.is_done();
    m_forwardTimeout = options.timeout();
    const RouteBackend* current = backend;
    const std::string* resend = body ? &*body : nullptr;
    for (int hop = 0;; ++hop) {
        const auto result = co_await exchange(*current, resend);
        if (result.kind == ExchangeResult::Kind::ClientFailed) {
            m_clientBroken = true;
            co_await answerFailedExchange(result);
            co_return;
        }
        if (result.kind == ExchangeResult::Kind::BackendFailed) {
            m_worker.runtime.metrics.recordBackendError(m_worker.index, m_exchange.api,
                                                        result.failure.metric);
            outcome.error = forwardError(result.failure);
            co_return;
        }
        constexpr int kMaxRedirects = 10;
        if (!options.followRedirects || hop == kMaxRedirects) {
            break;
        }
        auto next = followRedirect(*current, resend);
        if (!next) {
            break;
        }
        m_redirectHop = std::move(next); // `current` may point to the previous hop: read above
        current = &*m_redirectHop;
    }
    const int status = m_answer->get().result_int();
    context.takeBackendResponse(std::move(m_answer->get().base()));
    if (options.failOnErrorStatusCode && status >= 400) {
        // The answer stays in context.Response for on-error to read.
        outcome.error =
            gatewayError("BackendErrorStatusCode",
                         "the backend answered with status " + std::to_string(status), status);
        outcome.error->source = "forward-request";
    }
    if (readBody) {
        std::string answer;
        if (!co_await readAnswerBody(answer, m_options.maxBufferedResponseBytes)) {
            outcome.error = gatewayError(
                "BackendResponseTooLarge",
                "the backend's response could not be read whole for the policies", 502);
            co_return;
        }
        context.responseBody() = std::move(answer);
    }
}

template <class Stream>
std::optional<RouteBackend> RequestHandler<Stream>::followRedirect(const RouteBackend& current,
                                                                   const std::string*& resend) {
    auto& request = m_parser->get();
    const auto& answer = m_answer->get();
    const int status = answer.result_int();
    if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
        return std::nullopt;
    }
    const auto location = answer[http::field::location];
    auto next = net::resolveRedirect(
        current.url, std::string_view(request.target().data(), request.target().size()),
        std::string_view(location.data(), location.size()));
    if (!next) {
        return std::nullopt;
    }
    // As browsers do: 303, and 301/302 after a POST, become a GET without a body.
    const bool toGet =
        status == 303 || ((status == 301 || status == 302) && request.method() == http::verb::post);
    if (!toGet && !resend && m_bodyStreamed) {
        return std::nullopt; // the client's body is gone; the caller gets the redirect
    }
    if (toGet) {
        request.method(http::verb::get);
        request.erase(http::field::content_length);
        request.erase(http::field::transfer_encoding);
        request.erase(http::field::content_type);
        m_requestChunked = false;
        resend = nullptr;
    }
    RouteBackend hop;
    hop.url = std::move(next->url);
    if (hop.url.poolKey() == current.url.poolKey()) {
        hop.caFile = current.caFile;
        hop.verifyChain = current.verifyChain;
        hop.verifyName = current.verifyName;
        hop.clientIdentity = current.clientIdentity;
        hop.clientIdentityUnresolved = current.clientIdentityUnresolved;
    } else {
        // Credentials meant for one origin never follow a redirect to another.
        request.erase(http::field::authorization);
        request.erase(http::field::cookie);
    }
    request.target(next->target);
    request.set(http::field::host, hop.url.hostHeader);
    return hop;
}

template <class Stream>
void RequestHandler<Stream>::publishTrace(GatewayContext& context,
                                          const policy::PipelineTrace& trace,
                                          const std::string& credential) {
    auto& runtime = m_worker.runtime;
    // Secrets the trace could show: named values, the credential, the caller's keys, tokens.
    std::vector<std::string> mask = m_snapshot->secrets;
    mask.push_back(credential);
    mask.insert(mask.end(), context.untraced().begin(), context.untraced().end());
    for (const auto* name : {"authorization", "ocp-apim-subscription-key"}) {
        for (auto& value : context.headerValues(policy::MessageKind::Request, name))
            mask.push_back(std::move(value));
    }
    // The key under the API's own header or query parameter name.
    if (context.facts.subscription)
        mask.push_back(context.facts.subscription->key);
    const std::string id = runtime.traces.put(trace.toJson(m_exchange.requestId, mask));
    if (!runtime.adminAddress.empty()) {
        context.responseHeaders().set("Ocp-Apim-Trace-Location",
                                      "http://" + runtime.adminAddress + "/traces/" + id);
    }
}

template <class Stream>
bool RequestHandler<Stream>::putContextHeadOnAnswer(GatewayContext& context) {
    auto& headers = context.responseHeaders();
    for (const auto& [name, value] : context.onSend())
        headers.set(bsv(name), bsv(value));
    if (!m_answer || context.responseReplaced()) {
        return false;
    }
    auto& response = m_answer->get();
    static_cast<Fields&>(response) = std::move(headers);
    response.result(static_cast<unsigned>(context.statusCode()));
    if (!context.statusReason().empty())
        response.reason(bsv(context.statusReason()));
    return true;
}

template <class Stream>
awaitable<bool> RequestHandler<Stream>::sendContextResponse(GatewayContext& context) {
    dropAnswer();
    Response<http::string_body> response;
    static_cast<Fields&>(response) = std::move(context.responseHeaders());
    response.result(static_cast<unsigned>(context.statusCode()));
    if (!context.statusReason().empty())
        response.reason(bsv(context.statusReason()));
    const int status = context.statusCode();
    const bool bodiless = status == 204 || status == 304 || status / 100 == 1;
    std::string body = context.responseBody().value_or(std::string());
    if (bodiless) {
        response.erase(http::field::content_length);
        response.chunked(false);
    } else if (m_parser->get().method() == http::verb::head) {
        response.content_length(body.size()); // the length a GET would get, and no body
    } else {
        response.body() = std::move(body);
        response.prepare_payload();
    }
    co_return co_await writeResponse(response);
}

template class RequestHandler<PlainClientStream>;
template class RequestHandler<TlsClientStream>;

} // namespace portico::gateway::detail
