// A small HTTP/1.1 origin for the gateway tests: echoes what it received, and misbehaves on
// request (slow answers, large streamed bodies, dropped connections). Prints "listening PORT".
// With --tls CERT KEY it speaks HTTPS with that certificate chain; adding CA makes it require a
// client certificate issued by that CA and echo its subject. With --corpus-echo it answers
// every request as the policy corpora's stand-in backend does (tests/core/policy/corpus_case.h,
// forwardToEcho): what it received as X-Backend-* and X-Echo-* headers, the body or a greeting.
#include <utility>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <charconv>
#include <chrono>
#include <iostream>
#include <string>
#include <thread>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// Lets the tests see whether the gateway reused its backend connections.
std::atomic<int> acceptedConnections{0};
std::atomic<int> echoedRequests{0};  // lets tests count the calls that reached the backend
std::atomic<int> rawAnswers{0};      // how many canned answers went out, resends included
std::atomic<int> droppedRequests{0}; // requests to /api/close, resends included

// No close_notify: like many origins, the TLS backend just closes its side.
void closeWrite(tcp::socket& socket, beast::error_code& ec) {
    socket.shutdown(tcp::socket::shutdown_send, ec);
}
void closeWrite(asio::ssl::stream<tcp::socket>& stream, beast::error_code& ec) {
    stream.next_layer().shutdown(tcp::socket::shutdown_send, ec);
}

bool corpusEcho = false;

// %XX escapes decoded (a gateway may re-encode a query value it rewrites).
std::string percentDecoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() &&
            std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            out.push_back(
                static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

template <class Stream>
void answerCorpusEcho(Stream& socket, const http::request<http::buffer_body>& request,
                      const std::string& body, beast::error_code& ec) {
    const std::string target(request.target());
    const auto question = target.find('?');
    http::response<http::string_body> response{http::status::ok, request.version()};
    response.set("X-Backend-Path", target.substr(0, question));
    response.set("X-Backend-Query",
                 question == std::string::npos ? "" : target.substr(question + 1));
    response.set("X-Backend-Method", request.method_string());
    response.set("X-Powered-By", "Backend");
    response.set(http::field::content_type, "text/plain");
    for (const auto& field : request) {
        const auto name = field.name_string();
        if (name.size() > 2 && (name[0] == 'X' || name[0] == 'x') && name[1] == '-')
            response.insert("X-Echo-" + std::string(name), field.value());
    }
    response.body() = body.empty() ? "backend says hello from internal" : body;
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    http::write(socket, response, ec);
}

// A bodiless redirect; false when the connection is done with (an error, or no keep-alive).
template <class Stream>
bool answerRedirect(Stream& socket, const http::request<http::buffer_body>& request,
                    http::status status, const std::string& location, beast::error_code& ec) {
    http::response<http::empty_body> response{status, request.version()};
    response.set(http::field::location, location);
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    http::write(socket, response, ec);
    if (ec || !request.keep_alive()) {
        closeWrite(socket, ec);
        return false;
    }
    return true;
}

std::uint64_t numberAfter(std::string_view target, std::string_view prefix) {
    auto rest = target.substr(prefix.size());
    rest = rest.substr(0, rest.find_first_of("/?"));
    std::uint64_t value = 0;
    std::from_chars(rest.data(), rest.data() + rest.size(), value);
    return value;
}

std::string cannedAnswer(std::string_view name) {
    if (name == "split-head") {
        return "HTTP/1.1 200 OK\r\nX-Split: yes\r\nContent-|Length: 2\r\n\r|\nok";
    }
    if (name == "interim") {
        return "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n|"
               "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    }
    if (name == "folded") {
        return "HTTP/1.1 200 OK\r\nX-Folded: a\r\n  b\r\nContent-Length: 2\r\n\r\nok";
    }
    if (name == "large-head") { // within the gateway's default 60 KiB
        return "HTTP/1.1 200 OK\r\nX-Big: " + std::string(20000, 'b') +
               "\r\nContent-Length: 2\r\n\r\nok";
    }
    if (name == "huge-head") {
        return "HTTP/1.1 200 OK\r\nX-Big: " + std::string(70000, 'b') +
               "\r\nContent-Length: 2\r\n\r\nok";
    }
    if (name == "trailers") { // fields after the body, which must not reach the client's head
        return "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"
               "0\r\nSet-Cookie: injected=1\r\nX-Trailer: t\r\n\r\n";
    }
    if (name == "huge-trailer") { // one trailer value over Beast's 64 KiB field limit
        return "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"
               "0\r\nX-Big: " +
               std::string(70000, 'b') + "\r\n\r\n";
    }
    if (name == "bad-field") {
        return "HTTP/1.1 200 OK\r\nX-Bad : y\r\nContent-Length: 2\r\n\r\nok";
    }
    if (name == "bare-lf") {
        return "HTTP/1.1 200 OK\r\nX-A: 1\nX-B: 2\r\nContent-Length: 2\r\n\r\nok";
    }
    if (name == "half-head") {
        return "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n";
    }
    return "HTTP/1.1 500 Unknown canned answer\r\nContent-Length: 0\r\n\r\n";
}

// Writes a canned answer in the pieces a '|' separates, 30 ms apart, and closes: heads that arrive
// in parts, interim answers, heads too large or malformed.
template <class Stream> void answerRaw(Stream& socket, std::string_view name) {
    ++rawAnswers;
    beast::error_code ec;
    const std::string answer = cannedAnswer(name.substr(0, name.find_first_of("/?")));
    std::string_view rest = answer;
    while (!ec) {
        const auto bar = rest.find('|');
        asio::write(socket, asio::buffer(rest.substr(0, bar)), ec);
        if (bar == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(bar + 1);
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }
    closeWrite(socket, ec);
}

// The verified client certificate's subject; empty without one (and for plain HTTP).
std::string clientSubject(tcp::socket&) {
    return {};
}
std::string clientSubject(asio::ssl::stream<tcp::socket>& stream) {
    X509* peer = SSL_get1_peer_certificate(stream.native_handle());
    if (!peer)
        return {};
    char text[256];
    X509_NAME_oneline(X509_get_subject_name(peer), text, sizeof text);
    X509_free(peer);
    return text;
}

template <class Stream> void serve(Stream& socket) {
    beast::flat_buffer buffer;
    beast::error_code ec;
    int requestsOnConnection = 0;
    while (true) {
        ++requestsOnConnection;
        http::request_parser<http::buffer_body> parser;
        parser.body_limit(std::numeric_limits<std::uint64_t>::max());
        http::read_header(socket, buffer, parser, ec);
        if (ec) {
            return;
        }
        std::uint64_t bodyBytes = 0;
        std::uint32_t checksum = 0;
        std::string body; // kept only in corpus echo mode
        char chunk[65536];
        while (!parser.is_done()) {
            parser.get().body().data = chunk;
            parser.get().body().size = sizeof chunk;
            http::read(socket, buffer, parser, ec);
            if (ec == http::error::need_buffer) {
                ec = {};
            }
            if (ec) {
                return;
            }
            const auto n = sizeof chunk - parser.get().body().size;
            if (corpusEcho)
                body.append(chunk, n);
            for (std::size_t i = 0; i < n; ++i) {
                checksum = checksum * 31 + static_cast<unsigned char>(chunk[i]);
            }
            bodyBytes += n;
        }
        const auto& request = parser.get();
        const std::string target(request.target());
        const bool keepAlive = request.keep_alive();
        if (corpusEcho) {
            answerCorpusEcho(socket, request, body, ec);
            if (ec || !keepAlive) {
                closeWrite(socket, ec);
                return;
            }
            continue;
        }

        if (target.starts_with("/api/close")) {
            ++droppedRequests;
            return; // drop the connection without an answer
        }
        if (target.starts_with("/api/slow/")) {
            std::this_thread::sleep_for(
                std::chrono::milliseconds(numberAfter(target, "/api/slow/")));
        }
        if (target.starts_with("/api/big/")) {
            // A chunked body of N bytes written in 64 KiB pieces.
            auto remaining = numberAfter(target, "/api/big/");
            http::response<http::buffer_body> response{http::status::ok, 11};
            response.set(http::field::content_type, "application/octet-stream");
            response.chunked(true);
            response.keep_alive(keepAlive);
            http::response_serializer<http::buffer_body> serializer{response};
            http::write_header(socket, serializer, ec);
            std::string piece(65536, 'x');
            while (!ec) {
                const auto n = std::min<std::uint64_t>(remaining, piece.size());
                remaining -= n;
                response.body().data = n ? piece.data() : nullptr;
                response.body().size = n;
                response.body().more = remaining > 0;
                http::write(socket, serializer, ec);
                if (ec == http::error::need_buffer) {
                    ec = {};
                }
                if (serializer.is_done()) {
                    break;
                }
            }
            if (ec || !keepAlive) {
                return;
            }
            continue;
        }
        if (target.starts_with("/api/sized/")) {
            // A body of N bytes with its Content-Length, written in 64 KiB pieces.
            auto remaining = numberAfter(target, "/api/sized/");
            http::response<http::empty_body> response{http::status::ok, 11};
            response.set(http::field::content_type, "application/octet-stream");
            response.content_length(remaining);
            response.keep_alive(keepAlive);
            http::response_serializer<http::empty_body> serializer{response};
            http::write_header(socket, serializer, ec);
            const std::string piece(65536, 'k');
            while (!ec && remaining > 0) {
                const auto n = std::min<std::uint64_t>(remaining, piece.size());
                asio::write(socket, asio::buffer(piece.data(), n), ec);
                remaining -= n;
            }
            if (ec || !keepAlive) {
                return;
            }
            continue;
        }
        if (target.starts_with("/api/overlong")) {
            // A broken origin: bytes after the answer's end, and the connection kept.
            static constexpr std::string_view kSized =
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloEXTRA";
            static constexpr std::string_view kChunked =
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\nEXTRA";
            asio::write(
                socket,
                asio::buffer(target.starts_with("/api/overlong-chunked") ? kChunked : kSized), ec);
            if (ec) {
                return;
            }
            continue;
        }
        if (target.starts_with("/api/raw/")) {
            answerRaw(socket,
                      std::string_view(target).substr(std::string_view("/api/raw/").size()));
            return;
        }
        if (target.starts_with("/api/loop")) {
            // Redirects to itself, forever.
            if (!answerRedirect(socket, request, http::status::found, "/api/loop", ec))
                return;
            continue;
        }
        if (target.starts_with("/api/redirect/")) {
            // /api/redirect/302?to=/api/status/201 answers that status with that Location.
            const auto to = target.find("?to=");
            if (!answerRedirect(socket, request,
                                static_cast<http::status>(numberAfter(target, "/api/redirect/")),
                                to == std::string::npos ? std::string("/")
                                                        : percentDecoded(target.substr(to + 4)),
                                ec))
                return;
            continue;
        }
        nlohmann::json echo;
        echo["method"] = std::string(request.method_string());
        echo["target"] = target;
        echo["version"] = request.version();
        nlohmann::json headers = nlohmann::json::object();
        for (const auto& field : request) {
            auto name = std::string(field.name_string());
            for (auto& c : name) {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            if (headers.contains(name)) {
                headers[name] = headers[name].get<std::string>() + "," + std::string(field.value());
            } else {
                headers[name] = std::string(field.value());
            }
        }
        echo["headers"] = headers;
        echo["bodyBytes"] = bodyBytes;
        echo["bodyChecksum"] = checksum;
        echo["requestsOnConnection"] = requestsOnConnection;
        echo["acceptedConnections"] = acceptedConnections.load();
        echo["requestNumber"] = ++echoedRequests;
        echo["clientCertificate"] = clientSubject(socket);
        echo["rawAnswers"] = rawAnswers.load();
        echo["droppedRequests"] = droppedRequests.load();

        auto status = http::status::ok;
        if (target.starts_with("/api/status/")) {
            status = static_cast<http::status>(numberAfter(target, "/api/status/"));
        }
        http::response<http::string_body> response{status, request.version()};
        response.set(http::field::content_type, "application/json");
        response.set(http::field::connection, "keep-alive, X-Hop");
        response.set("X-Hop", "must not reach the client");
        response.set("X-Backend", "test-backend");
        // What real origins leak; the gateway strips them by default.
        response.set(http::field::server, "test-backend/1.0");
        response.set("X-Powered-By", "Boost.Beast");
        if (target.starts_with("/api/nolength")) {
            // Close-delimited body: no Content-Length, no chunking.
            response.body() = echo.dump();
            response.set(http::field::connection, "close");
            http::response_serializer<http::string_body> serializer{response};
            http::write(socket, serializer, ec);
            closeWrite(socket, ec);
            return;
        }
        response.body() = echo.dump();
        response.keep_alive(keepAlive);
        response.prepare_payload();
        http::write(socket, response, ec);
        if (ec || !keepAlive) {
            closeWrite(socket, ec);
            return;
        }
    }
}

} // namespace

int main(int argc, char** argv) {
    std::unique_ptr<asio::ssl::context> tls;
    if (argc == 2 && std::string_view(argv[1]) == "--corpus-echo") {
        corpusEcho = true;
    } else if ((argc == 4 || argc == 5) && std::string_view(argv[1]) == "--tls") {
        tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
        tls->use_certificate_chain_file(argv[2]);
        tls->use_private_key_file(argv[3], asio::ssl::context::pem);
        if (argc == 5) {
            tls->load_verify_file(argv[4]);
            tls->set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
        }
    } else if (argc != 1) {
        std::cerr << "usage: portico-test-backend [--tls CERT KEY [CA] | --corpus-echo]\n";
        return 2;
    }
    asio::io_context context;
    tcp::acceptor acceptor(context, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    std::cout << "listening " << acceptor.local_endpoint().port() << std::endl;
    while (true) {
        tcp::socket socket(context);
        acceptor.accept(socket);
        ++acceptedConnections;
        std::thread([s = std::move(socket), &tls]() mutable {
            if (!tls) {
                serve(s);
                return;
            }
            asio::ssl::stream<tcp::socket> stream(std::move(s), *tls);
            beast::error_code ec;
            stream.handshake(asio::ssl::stream_base::server, ec);
            if (!ec) {
                serve(stream);
            }
        }).detach();
    }
}
