#include "core/identity/http_get.h"

#include <utility> // before asio's awaitable (Boost 1.74 misses it)

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <optional>

namespace portico::identity {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

struct Url {
    bool tls = false;
    std::string host;
    std::string port;
    std::string target; // path and query
};

std::optional<Url> parseUrl(std::string_view text, std::string& error) {
    Url url;
    if (text.rfind("https://", 0) == 0) {
        url.tls = true;
        text.remove_prefix(8);
    } else if (text.rfind("http://", 0) == 0) {
        text.remove_prefix(7);
    } else {
        error = "not an http:// or https:// URL";
        return std::nullopt;
    }
    const auto slash = text.find_first_of("/?#");
    std::string_view authority = text.substr(0, slash);
    std::string_view rest = slash == std::string_view::npos ? "" : text.substr(slash);
    if (const auto hash = rest.find('#'); hash != std::string_view::npos)
        rest = rest.substr(0, hash);
    url.target = rest.empty() || rest[0] != '/' ? "/" + std::string(rest) : std::string(rest);
    if (authority.find('@') != std::string_view::npos) {
        error = "user information in the URL is not allowed";
        return std::nullopt;
    }
    std::string_view port;
    if (!authority.empty() && authority[0] == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) {
            error = "unterminated IPv6 address";
            return std::nullopt;
        }
        url.host = authority.substr(1, close - 1);
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':') {
                error = "unexpected text after the IPv6 address";
                return std::nullopt;
            }
            port = authority.substr(close + 2);
        }
    } else {
        const auto colon = authority.rfind(':');
        url.host = authority.substr(0, colon);
        if (colon != std::string_view::npos)
            port = authority.substr(colon + 1);
    }
    if (url.host.empty()) {
        error = "the URL has no host";
        return std::nullopt;
    }
    if (!port.empty() &&
        (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos)) {
        error = "the port is not a number";
        return std::nullopt;
    }
    url.port = port.empty() ? (url.tls ? "443" : "80") : std::string(port);
    return url;
}

bool isLoopbackHost(const std::string& host) {
    if (host == "localhost")
        return true;
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(host, ec);
    return !ec && address.is_loopback();
}

template <class Stream>
asio::awaitable<void> exchange(Stream& stream, const Url& url, const HttpRequest& sent,
                               const HttpGetOptions& options, HttpResponse& out) {
    beast::error_code ec;
    auto token = asio::redirect_error(asio::use_awaitable, ec);
    http::request<http::string_body> request{
        sent.method == "POST" ? http::verb::post : http::verb::get, url.target, 11};
    const bool defaultPort = url.port == (url.tls ? "443" : "80");
    const std::string host =
        url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
    request.set(http::field::host, defaultPort ? host : host + ":" + url.port);
    request.set(http::field::user_agent, "Portico");
    request.set(http::field::accept, "application/json");
    request.set(http::field::connection, "close");
    for (const auto& [name, value] : sent.headers)
        request.set(name, value);
    if (!sent.body.empty()) {
        request.set(http::field::content_type, sent.contentType);
        request.body() = sent.body;
    }
    request.prepare_payload();
    co_await http::async_write(stream, request, token);
    if (ec) {
        out.error = "cannot send the request: " + ec.message();
        co_return;
    }
    // The buffer's own limit bounds memory too: Beast 1.74 misses the body limit when the
    // header and the whole body arrive in one read.
    beast::flat_buffer buffer(options.maxBodySize + 64 * 1024);
    http::response_parser<http::string_body> parser;
    parser.body_limit(options.maxBodySize);
    co_await http::async_read(stream, buffer, parser, token);
    if (ec == http::error::body_limit || ec == http::error::buffer_overflow ||
        (!ec && parser.get().body().size() > options.maxBodySize)) {
        out.error = "the response is larger than " + std::to_string(options.maxBodySize) + " bytes";
        co_return;
    }
    if (ec) {
        out.error = "cannot read the response: " + ec.message();
        co_return;
    }
    out.status = static_cast<int>(parser.get().result_int());
    out.body = std::move(parser.get().body());
}

asio::awaitable<void> run(asio::io_context& io, const Url& url, const HttpRequest& request,
                          const HttpGetOptions& options, asio::ssl::context* tls,
                          HttpResponse& out) {
    beast::error_code ec;
    auto token = asio::redirect_error(asio::use_awaitable, ec);
    std::string address = url.host;
    std::string port = url.port;
    for (const auto& to : options.connectTo) {
        if (to.host == url.host) {
            address = to.address;
            port = to.port;
        }
    }
    const std::string where = url.host + ":" + url.port +
                              (address == url.host ? "" : " (at " + address + ":" + port + ")");
    tcp::resolver resolver(io);
    const auto endpoints = co_await resolver.async_resolve(address, port, token);
    if (ec) {
        out.error = "cannot resolve " + address + ": " + ec.message();
        co_return;
    }
    if (!tls) {
        beast::tcp_stream stream(io);
        stream.expires_after(options.timeout);
        co_await stream.async_connect(endpoints, token);
        if (ec) {
            out.error = "cannot connect to " + where + ": " + ec.message();
            co_return;
        }
        co_await exchange(stream, url, request, options, out);
        stream.socket().shutdown(tcp::socket::shutdown_both, ec);
        co_return;
    }
    beast::ssl_stream<beast::tcp_stream> stream(io, *tls);
    beast::get_lowest_layer(stream).expires_after(options.timeout);
    SSL* ssl = stream.native_handle();
    SSL_set_tlsext_host_name(ssl, url.host.c_str());
    // The certificate must name the host (or its IP address).
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    if (X509_VERIFY_PARAM_set1_ip_asc(param, url.host.c_str()) != 1)
        X509_VERIFY_PARAM_set1_host(param, url.host.c_str(), 0);
    co_await beast::get_lowest_layer(stream).async_connect(endpoints, token);
    if (ec) {
        out.error = "cannot connect to " + where + ": " + ec.message();
        co_return;
    }
    co_await stream.async_handshake(asio::ssl::stream_base::client, token);
    if (ec) {
        out.error = "TLS handshake with " + url.host + " failed: " + ec.message();
        co_return;
    }
    co_await exchange(stream, url, request, options, out);
}

} // namespace

std::string checkIdentityUrl(std::string_view text) {
    std::string error;
    const auto url = parseUrl(text, error);
    if (!url)
        return error;
    if (!url->tls && !isLoopbackHost(url->host))
        return "http:// is allowed only for loopback addresses; use https://";
    return {};
}

HttpResponse httpGet(const std::string& url, const HttpGetOptions& options) {
    HttpRequest request;
    request.url = url;
    return httpSend(request, options);
}

HttpResponse httpSend(const HttpRequest& request, const HttpGetOptions& options) {
    HttpResponse out;
    const auto url = parseUrl(request.url, out.error);
    if (!url)
        return out;
    std::optional<asio::ssl::context> tls;
    if (url->tls) {
        tls.emplace(asio::ssl::context::tls_client);
        SSL_CTX* native = tls->native_handle();
        SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
        SSL_CTX_set_default_verify_paths(native);
        if (!options.caFile.empty() &&
            SSL_CTX_load_verify_locations(native, options.caFile.c_str(), nullptr) != 1) {
            out.error = "cannot load CA file '" + options.caFile + "'";
            return out;
        }
        SSL_CTX_set_verify(native, SSL_VERIFY_PEER, nullptr);
    }
    asio::io_context io;
    asio::co_spawn(io, run(io, *url, request, options, tls ? &*tls : nullptr, out), asio::detached);
    // The streams' expiry bounds each step; this bounds name resolution and the whole.
    try {
        io.run_for(options.timeout + std::chrono::seconds(1));
    } catch (const std::exception& e) {
        // Beast throws on some answers it should refuse (a trailer value over 64 KiB).
        out = {};
        out.error = "the answer cannot be read: " + std::string(e.what());
        return out;
    }
    if (!io.stopped()) {
        io.stop();
        out.status = 0;
        out.error = "no answer from " + url->host + " within " +
                    std::to_string(options.timeout.count()) + " ms";
    }
    return out;
}

} // namespace portico::identity
