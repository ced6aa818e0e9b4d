#include "core/gateway/detail/admin.h"
#include "core/text/json_text.h"

#include <nlohmann/json.hpp>

namespace portico::gateway::detail {

namespace {

constexpr auto kAdminTimeout = std::chrono::seconds(10);

http::response<http::string_body> jsonResponse(http::status status, const nlohmann::json& body,
                                               unsigned version) {
    http::response<http::string_body> response{status, version};
    response.set(http::field::content_type, "application/json");
    response.body() = text::jsonText(body);
    return response;
}

http::response<http::string_body> handle(const http::request<http::string_body>& request,
                                         AdminContext& admin) {
    auto& runtime = admin.runtime;
    const auto target = std::string_view(request.target().data(), request.target().size());
    const auto path = target.substr(0, target.find('?'));
    const auto version = request.version();
    const bool get = request.method() == http::verb::get || request.method() == http::verb::head;
    auto notAllowed = [&](const char* allow) {
        auto response =
            jsonResponse(http::status::method_not_allowed,
                         {{"statusCode", 405}, {"message", "Method not allowed"}}, version);
        response.set(http::field::allow, allow);
        return response;
    };

    if (path == "/health") {
        if (!get) {
            return notAllowed("GET");
        }
        return jsonResponse(http::status::ok, {{"status", "live"}}, version);
    }
    if (path == "/ready") {
        if (!get) {
            return notAllowed("GET");
        }
        const bool ready = runtime.snapshots.version() > 0 && !runtime.draining.load();
        return jsonResponse(
            ready ? http::status::ok : http::status::service_unavailable,
            {{"status", ready ? "ready" : (runtime.draining ? "draining" : "not ready")},
             {"configVersion", runtime.snapshots.version()}},
            version);
    }
    if (path == "/metrics") {
        if (!get) {
            return notAllowed("GET");
        }
        http::response<http::string_body> response{http::status::ok, version};
        response.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
        response.body() = runtime.metrics.prometheusText();
        return response;
    }
    if (path == "/config") {
        if (!get) {
            return notAllowed("GET");
        }
        const auto snapshot = runtime.snapshots.current();
        nlohmann::json apis = nlohmann::json::array();
        for (const auto& api : snapshot->router.apis()) {
            apis.push_back({{"id", api.id},
                            {"path", "/" + api.path},
                            {"backend", api.backend.url.poolKey() + api.backend.url.basePath},
                            {"operations", api.operations.size()}});
        }
        return jsonResponse(http::status::ok,
                            {{"version", snapshot->version},
                             {"hash", snapshot->hash},
                             {"loadedAt", snapshot->loadedAt},
                             {"workspace", snapshot->workspaceRoot},
                             {"apis", apis}},
                            version);
    }
    if (path == "/reload") {
        if (request.method() != http::verb::post) {
            return notAllowed("POST");
        }
        const auto outcome = admin.reload();
        if (outcome.ok) {
            return jsonResponse(http::status::ok,
                                {{"reloaded", true}, {"version", outcome.version}}, version);
        }
        return jsonResponse(http::status::unprocessable_entity,
                            {{"statusCode", 422},
                             {"message", "Reload refused: the workspace has errors; the previous "
                                         "configuration keeps serving"},
                             {"configVersion", runtime.snapshots.version()},
                             {"diagnostics", outcome.diagnostics}},
                            version);
    }
    if (path == "/dev-idp/rotate-keys" && admin.rotateDevIdpKeys) {
        if (request.method() != http::verb::post) {
            return notAllowed("POST");
        }
        if (auto kid = admin.rotateDevIdpKeys()) {
            return jsonResponse(http::status::ok, {{"rotated", true}, {"kid", *kid}}, version);
        }
        return jsonResponse(http::status::internal_server_error,
                            {{"statusCode", 500}, {"message", "Key generation failed"}}, version);
    }
    if (path == "/debug-credentials") {
        // Like APIM's listDebugCredentials: a short-lived token for Apim-Debug-Authorization.
        if (request.method() != http::verb::post) {
            return notAllowed("POST");
        }
        constexpr auto kValidFor = std::chrono::hours(1);
        return jsonResponse(http::status::ok,
                            {{"token", runtime.traces.issueCredential(kValidFor)},
                             {"header", "Apim-Debug-Authorization"},
                             {"expiresInSeconds",
                              std::chrono::duration_cast<std::chrono::seconds>(kValidFor).count()}},
                            version);
    }
    if (path.starts_with("/traces/")) {
        if (!get) {
            return notAllowed("GET");
        }
        if (auto trace = runtime.traces.get(path.substr(8))) {
            http::response<http::string_body> response{http::status::ok, version};
            response.set(http::field::content_type, "application/json");
            response.set(http::field::cache_control, "no-store");
            response.body() = std::move(*trace);
            return response;
        }
    }
    return jsonResponse(http::status::not_found,
                        {{"statusCode", 404}, {"message", "Resource not found"}}, version);
}

awaitable<void> adminSession(Socket socket, AdminContext& admin) {
    beast::tcp_stream stream(std::move(socket));
    // Beast buffers a trailer section whole, and throws on a trailer value over 64 KiB: the
    // buffer's limit turns both into an error (a body goes into the parser as it comes).
    beast::flat_buffer buffer(64 * 1024);
    while (true) {
        http::request_parser<http::string_body> parser;
        parser.header_limit(16 * 1024);
        parser.body_limit(64 * 1024);
        beast::error_code ec;
        stream.expires_after(kAdminTimeout);
        co_await http::async_read(stream, buffer, parser, onError(ec));
        if (ec) {
            break;
        }
        const auto& request = parser.get();
        auto response = handle(request, admin);
        response.keep_alive(request.keep_alive());
        response.prepare_payload();
        if (request.method() == http::verb::head) {
            response.body().clear();
        }
        co_await http::async_write(stream, response, onError(ec));
        if (ec || !request.keep_alive()) {
            break;
        }
    }
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

} // namespace

awaitable<void> adminAcceptLoop(Acceptor& acceptor, AdminContext& admin) {
    while (acceptor.is_open()) {
        beast::error_code ec;
        auto socket = co_await acceptor.async_accept(onError(ec));
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) {
            co_return;
        }
        if (ec) {
            continue;
        }
        asio::co_spawn(acceptor.get_executor(), adminSession(std::move(socket), admin),
                       asio::detached);
    }
}

} // namespace portico::gateway::detail
