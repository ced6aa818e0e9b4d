// libFuzzer target for the gateway's request path: the raw-head checks, Beast's parser with the
// gateway's limits, target normalisation and routing. Invariants are asserted, not just crashes.
#include "core/gateway/router.h"
#include "core/net/request_guard.h"

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

const portico::gateway::Router& router() {
    static const portico::gateway::Router instance = [] {
        portico::model::DiagnosticList diagnostics;
        std::vector<portico::gateway::RouteApi> apis(2);
        apis[0].id = "orders";
        apis[0].path = "orders";
        apis[0].operations = {{"get", "GET", "/{id}", {}},
                              {"lines", "GET", "/{id}/lines/{line}", {}},
                              {"mine", "GET", "/mine", {}},
                              {"create", "POST", "/", {}}};
        apis[1].id = "files";
        apis[1].path = "files";
        apis[1].operations = {{"any", "*", "/*", {}}};
        return portico::gateway::Router::build(std::move(apis), diagnostics);
    }();
    return instance;
}

void checkNormalised(std::string_view path) {
    if (path.empty() || path.front() != '/' || path.find("//") != std::string_view::npos ||
        path.find("/../") != std::string_view::npos || path.find("/./") != std::string_view::npos ||
        path.ends_with("/..") || path.ends_with("/.")) {
        std::abort(); // a path that escaped normalisation would be forwarded as is
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto headEnd = input.find("\r\n\r\n");
    if (headEnd == std::string_view::npos) {
        portico::net::normalizeTarget(input); // the target alone is worth exercising too
        return 0;
    }
    const auto head = input.substr(0, headEnd + 4);
    const portico::net::HeadLimits limits;
    const auto verdict = portico::net::checkRequestHead(head, limits);
    if (!verdict.ok()) {
        return 0;
    }

    namespace http = boost::beast::http;
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.maxHeaderBytes + 4));
    parser.body_limit(64 * 1024);
    parser.eager(true);
    boost::beast::error_code ec;
    std::size_t offset = 0;
    while (offset < input.size() && !parser.is_done()) {
        const auto used =
            parser.put(boost::asio::buffer(input.data() + offset, input.size() - offset), ec);
        if (ec || used == 0) {
            break;
        }
        offset += used;
    }
    if (!parser.is_header_done()) {
        return 0;
    }
    const auto& request = parser.get();
    // The checks already refused every framing ambiguity; Beast must agree on the framing.
    if (parser.chunked() && request.has_content_length()) {
        std::abort();
    }
    const auto target = portico::net::normalizeTarget(
        std::string_view(request.target().data(), request.target().size()));
    if (!target.verdict.ok() || target.asterisk) {
        return 0;
    }
    checkNormalised(target.path);
    const auto method = request.method_string();
    const auto match =
        router().match(std::string_view(method.data(), method.size()), target.path, nullptr);
    if (match.kind == portico::gateway::RouteMatch::Kind::Found) {
        if (!match.api || !match.operation || match.remainder.size() > target.path.size()) {
            std::abort();
        }
    }
    return 0;
}
