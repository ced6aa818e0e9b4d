#include "core/gateway/detail/side_request.h"

#include "core/gateway/log.h"
#include "core/net/field_chars.h"
#include "core/secrets/azure_token.h"

#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <chrono>
#include <limits>
#include <memory>

namespace portico::gateway::detail {

namespace {

policy::PolicyError sideError(std::string reason, std::string message, int status = 500) {
    return {"send-request", std::move(reason), std::move(message), {}, status};
}

template <class BackendStream>
awaitable<policy::AwaitOutcome>
exchangeOn(BackendConnection& connection, http::request<http::string_body>& request,
           const GatewayOptions& options, std::chrono::steady_clock::time_point deadline,
           bool& reusable, beast::error_code& ec) {
    auto& stream = std::get<BackendStream>(connection.stream);
    beast::get_lowest_layer(stream).expires_at(deadline);
    co_await http::async_write(stream, request, onError(ec));
    http::response_parser<http::string_body> parser;
    parser.body_limit(options.maxBufferedResponseBytes);
    parser.header_limit(static_cast<std::uint32_t>(options.maxHeaderBytes + 4)); // as forwards
    if (request.method() == http::verb::head) {
        parser.skip(true);
    }
    if (!ec) {
        // Beast buffers a trailer section whole, and throws on a trailer value over 64 KiB: a
        // limit on the buffer (as on the body reads of proxied answers) makes those an error.
        connection.buffer.max_size(std::max<std::size_t>(
            {connection.buffer.size(), 64 * 1024, options.maxHeaderBytes + 4}));
        co_await http::async_read(stream, connection.buffer, parser, onError(ec));
        connection.buffer.max_size(std::numeric_limits<std::size_t>::max());
    }
    policy::AwaitOutcome outcome;
    if (ec == http::error::body_limit) {
        outcome.error = sideError("ResponseTooLarge", "the response is larger than the gateway "
                                                      "buffers for policies");
        co_return outcome;
    }
    if (ec) {
        const auto failure = describeBackendFailure(ec);
        outcome.error = sideError(failure.status == 504 ? "Timeout" : "ConnectionFailure",
                                  failure.message, failure.status);
        co_return outcome;
    }
    auto& response = parser.get();
    reusable = response.keep_alive();
    policy::HttpOutcome answer;
    answer.status = response.result_int();
    answer.reason = std::string(response.reason());
    for (const auto& field : response)
        answer.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    answer.body = std::move(response.body());
    outcome.response = std::move(answer);
    co_return outcome;
}

} // namespace

awaitable<policy::AwaitOutcome> sendSideRequest(BackendPool& pool, const policy::HttpWork& work,
                                                const GatewayOptions& options,
                                                secrets::TokenCache& tokens,
                                                const net::ClientIdentity* identity) {
    policy::AwaitOutcome outcome;
    std::string bearer;
    if (work.bearer) {
        outcome = co_await managedIdentityToken(pool, *work.bearer, options, tokens);
        if (outcome.error)
            co_return outcome;
        bearer = std::move(outcome.token);
        outcome = {};
    }
    const auto queryAt = work.url.find_first_of("?#");
    const std::string_view base = std::string_view(work.url).substr(0, queryAt);
    // Split scheme://authority from the path, which may be anything after it.
    const auto authorityEnd =
        base.find('/', base.find("://") == std::string_view::npos ? 0 : base.find("://") + 3);
    auto parsed = net::parseBackendUrl(base.substr(0, authorityEnd));
    if (!parsed.url) {
        outcome.error = sideError("InvalidUrl", "send-request URL: " + parsed.error);
        co_return outcome;
    }
    std::string target = authorityEnd == std::string_view::npos
                             ? std::string("/")
                             : std::string(base.substr(authorityEnd));
    if (queryAt != std::string::npos && work.url[queryAt] == '?')
        target += work.url.substr(queryAt, work.url.find('#', queryAt) - queryAt);

    http::request<http::string_body> request;
    const auto verb = http::string_to_verb(work.method);
    if (verb == http::verb::unknown) {
        request.method_string(work.method);
    } else {
        request.method(verb);
    }
    request.target(target);
    request.version(11);
    request.set(http::field::host, parsed.url->hostHeader);
    for (const auto& [name, value] : work.headers)
        request.insert(name, value);
    if (!bearer.empty())
        request.set(http::field::authorization, "Bearer " + bearer);
    request.body() = work.body;
    if (!work.body.empty() || verb == http::verb::post || verb == http::verb::put ||
        verb == http::verb::patch) {
        request.prepare_payload();
    }

    const auto deadline = std::chrono::steady_clock::now() + work.timeout;
    const BackendTls tls{{}, true, true, identity};
    // As for forwarded calls: only an idempotent request goes again when its reused connection
    // turns out closed; any other is sent on a connection probed open (RFC 9112 9.3.1).
    const bool repeatable = isIdempotent(request.method());
    for (int attempt = 0;; ++attempt) {
        beast::error_code ec;
        auto connection = attempt == 0 ? pool.takeIdle(*parsed.url, tls,
                                                       repeatable ? BackendPool::IdleCheck::Recent
                                                                  : BackendPool::IdleCheck::Always)
                                       : nullptr;
        if (!connection) {
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            connection = co_await pool.connect(*parsed.url, tls,
                                               std::max(left, std::chrono::milliseconds(1)), ec);
            if (ec) {
                const auto failure = describeBackendFailure(ec);
                outcome.error = sideError(failure.status == 504 ? "Timeout" : "ConnectionFailure",
                                          failure.message, failure.status);
                co_return outcome;
            }
        }
        bool reusable = false;
        if (parsed.url->tls) {
            outcome = co_await exchangeOn<TlsBackendStream>(*connection, request, options, deadline,
                                                            reusable, ec);
        } else {
            outcome = co_await exchangeOn<PlainBackendStream>(*connection, request, options,
                                                              deadline, reusable, ec);
        }
        if (connection->reused && repeatable && attempt == 0 && closedWhileIdle(ec)) {
            continue;
        }
        if (reusable && !outcome.error) {
            pool.release(std::move(connection));
        }
        co_return outcome;
    }
}

awaitable<policy::AwaitOutcome> managedIdentityToken(BackendPool& pool,
                                                     const policy::TokenWork& work,
                                                     const GatewayOptions& options,
                                                     secrets::TokenCache& tokens) {
    policy::AwaitOutcome outcome;
    const auto failed = [&](const std::string& why) {
        logMessage(LogLevel::Warning, "authentication-managed-identity: no token for resource '" +
                                          work.resource + "': " + why);
        outcome.error = policy::PolicyError{"authentication-managed-identity",
                                            "ManagedIdentityTokenFailure",
                                            "Could not get a managed identity access token for "
                                            "the backend.",
                                            {},
                                            500};
        return outcome;
    };
    if (work.resource.empty() || net::hasControlCharacter(work.resource) ||
        net::hasControlCharacter(work.clientId))
        co_return failed("the resource is empty or holds control characters");
    // Another call may be fetching this token already: wait for its answer, then look again.
    const auto executor = co_await asio::this_coro::executor;
    const auto deadline = std::chrono::steady_clock::now() + options.backendTimeout;
    for (;;) {
        if (auto token = tokens.find(work.resource, work.clientId)) {
            outcome.token = std::move(*token);
            co_return outcome;
        }
        auto signal = std::make_shared<asio::steady_timer>(executor, deadline);
        const auto claim = tokens.claimFetch(work.resource, work.clientId, [signal, executor] {
            asio::post(executor, [signal] { signal->cancel(); });
        });
        if (claim == secrets::TokenCache::Fetch::Mine)
            break;
        beast::error_code ec;
        co_await signal->async_wait(onError(ec));
        if (ec != asio::error::operation_aborted)
            co_return failed("another call's request for the same token did not end in time");
    }
    // Ends the claim however this coroutine ends, so that waiters never wait on a lost fetch.
    struct Claim {
        secrets::TokenCache& tokens;
        const policy::TokenWork& work;
        bool open = true;
        ~Claim() {
            if (open)
                tokens.abandonFetch(work.resource, work.clientId);
        }
    } claim{tokens, work};
    policy::HttpWork ask;
    ask.url =
        secrets::managedIdentityTokenUrl(options.identityEndpoint, work.resource, work.clientId);
    ask.headers.emplace_back("Metadata", "true");
    ask.timeout = options.backendTimeout;
    const auto answer = co_await sendSideRequest(pool, ask, options, tokens);
    identity::HttpResponse response;
    if (answer.error) {
        response.error = answer.error->message;
    } else {
        response.status = answer.response->status;
        response.body = answer.response->body;
    }
    auto token = secrets::readTokenAnswer(response, "the managed identity endpoint");
    if (token.value.empty())
        co_return failed(token.error);
    tokens.keep(work.resource, work.clientId, token.value, token.expiresAt);
    claim.open = false;
    outcome.token = std::move(token.value);
    co_return outcome;
}

} // namespace portico::gateway::detail
