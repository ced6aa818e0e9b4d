#include "core/identity/dev_idp/dev_idp_server.h"

#include "core/identity/dev_idp/dev_idp.h"
#include "core/net/detail/asio.h"

namespace portico::identity::dev_idp {

using namespace portico::net::detail;

namespace {

constexpr auto kTimeout = std::chrono::seconds(10);

awaitable<void> session(Socket socket, DevIdentityProvider& provider) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    while (true) {
        http::request_parser<http::string_body> parser;
        parser.header_limit(16 * 1024);
        parser.body_limit(64 * 1024);
        beast::error_code ec;
        stream.expires_after(kTimeout);
        co_await http::async_read(stream, buffer, parser, onError(ec));
        if (ec) {
            if (ec == http::error::body_limit || ec == http::error::header_limit) {
                http::response<http::string_body> tooLarge{http::status::payload_too_large, 11};
                tooLarge.set(http::field::content_type, "application/json");
                tooLarge.body() = R"({"error":"invalid_request","error_description":)"
                                  R"("The request is too large."})";
                tooLarge.keep_alive(false);
                tooLarge.prepare_payload();
                co_await http::async_write(stream, tooLarge, onError(ec));
            }
            break;
        }
        const auto& in = parser.get();
        Request request;
        request.method = std::string(in.method_string());
        request.target = std::string(in.target());
        request.contentType = std::string(in[http::field::content_type]);
        request.authorization = std::string(in[http::field::authorization]);
        request.body = in.body();
        const Response answer = provider.handle(request);

        http::response<http::string_body> out{static_cast<http::status>(answer.status),
                                              in.version()};
        out.set(http::field::content_type, answer.contentType);
        for (const auto& [name, value] : answer.headers)
            out.set(name, value);
        out.body() = in.method() == http::verb::head ? std::string() : answer.body;
        out.keep_alive(in.keep_alive());
        out.prepare_payload();
        co_await http::async_write(stream, out, onError(ec));
        if (ec || !out.keep_alive())
            break;
    }
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

awaitable<void> acceptLoop(Acceptor& acceptor, DevIdentityProvider& provider) {
    while (acceptor.is_open()) {
        beast::error_code ec;
        auto socket = co_await acceptor.async_accept(onError(ec));
        if (ec == asio::error::operation_aborted || !acceptor.is_open())
            co_return;
        if (ec)
            continue;
        asio::co_spawn(acceptor.get_executor(), session(std::move(socket), provider),
                       asio::detached);
    }
}

} // namespace

struct DevIdpServer::Impl {
    explicit Impl(asio::io_context& context)
        : acceptor(context) {}
    Acceptor acceptor;
};

DevIdpServer::DevIdpServer(std::unique_ptr<Impl> impl)
    : d(std::move(impl)) {}

DevIdpServer::~DevIdpServer() {
    stop();
}

void DevIdpServer::stop() {
    beast::error_code ec;
    d->acceptor.close(ec);
}

std::unique_ptr<DevIdpServer> DevIdpServer::start(asio::io_context& context,
                                                  net::Endpoint& endpoint,
                                                  DevIdentityProvider& provider,
                                                  std::string& error) {
    if (!endpoint.isLoopback()) {
        error = "--dev-idp: '" + endpoint.toString() +
                "' is not a loopback address; the development identity provider listens only "
                "on 127.0.0.1 or [::1]";
        return nullptr;
    }
    beast::error_code ec;
    const auto address = asio::ip::make_address(endpoint.host, ec);
    if (ec) {
        error = "--dev-idp: invalid address '" + endpoint.host + "'";
        return nullptr;
    }
    auto impl = std::make_unique<Impl>(context);
    const tcp::endpoint at(address, endpoint.port);
    impl->acceptor.open(at.protocol(), ec);
    if (!ec)
        impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec)
        impl->acceptor.bind(at, ec);
    if (!ec)
        impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        error = "cannot listen on " + endpoint.toString() + " (dev-idp): " + ec.message();
        return nullptr;
    }
    endpoint.port = impl->acceptor.local_endpoint().port();
    asio::co_spawn(context, acceptLoop(impl->acceptor, provider), asio::detached);
    return std::unique_ptr<DevIdpServer>(new DevIdpServer(std::move(impl)));
}

} // namespace portico::identity::dev_idp
