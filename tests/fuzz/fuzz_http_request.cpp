// libFuzzer target for the gateway's request path: the raw-head checks, Beast's parser with the
// gateway's limits and its pooled header fields, the early refusal of a head still arriving, the
// removal of hop-by-hop headers, target normalisation and routing. Invariants are asserted, not
// just crashes.
#include "core/gateway/detail/request_handler.h"
#include "core/gateway/router.h"
#include "core/net/request_guard.h"

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

const portico::gateway::Router& router() {
    static const portico::gateway::Router instance = [] {
        portico::model::DiagnosticList diagnostics;
        std::vector<portico::gateway::RouteApi> apis(2);
        apis[0].id = "orders";
        apis[0].path = "orders";
        // By field name: the struct has grown since, and positional braces would shift.
        auto operation = [](std::string id, std::string method, std::string urlTemplate) {
            portico::gateway::RouteOperation made;
            made.id = id;
            made.name = std::move(id);
            made.method = std::move(method);
            made.urlTemplate = std::move(urlTemplate);
            return made;
        };
        apis[0].operations = {operation("get", "GET", "/{id}"),
                              operation("lines", "GET", "/{id}/lines/{line}"),
                              operation("mine", "GET", "/mine"), operation("create", "POST", "/")};
        apis[1].id = "files";
        apis[1].path = "files";
        apis[1].operations = {operation("any", "*", "/*")};
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

// What goes to a backend carries no hop-by-hop header, nor any header Connection named.
// The list and the parsing of Connection are written out again on purpose: an oracle that called
// the gateway's own would agree with any mistake in them.
void checkHopByHopRemoved(const portico::gateway::detail::Fields& received) {
    namespace http = boost::beast::http;
    std::vector<std::string> named;
    for (const auto& field : received) {
        if (field.name() != http::field::connection)
            continue;
        std::string_view list(field.value().data(), field.value().size());
        while (!list.empty()) {
            const auto comma = list.find(',');
            auto token = list.substr(0, comma);
            while (!token.empty() && (token.front() == ' ' || token.front() == '\t'))
                token.remove_prefix(1);
            while (!token.empty() && (token.back() == ' ' || token.back() == '\t'))
                token.remove_suffix(1);
            if (!token.empty())
                named.emplace_back(token);
            list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        }
    }
    portico::gateway::detail::Fields sent = received;
    portico::gateway::detail::stripHopByHop(sent);
    for (const auto& field : sent) {
        switch (field.name()) {
        case http::field::connection:
        case http::field::keep_alive:
        case http::field::proxy_connection:
        case http::field::te:
        case http::field::trailer:
        case http::field::transfer_encoding:
        case http::field::upgrade:
        case http::field::proxy_authorization:
        case http::field::proxy_authenticate:
            std::abort();
        default:
            break;
        }
        for (const auto& name : named) {
            if (boost::beast::iequals(field.name_string(), name))
                std::abort();
        }
    }
}

// A head refused while it is still arriving must be one that checkRequestHead refuses however it
// ends: refusing early may never turn away a request that would have been served. And the bytes
// judged as they come, one at a time, must meet the same fate as when judged at once.
void checkEarlyRefusal(std::string_view input) {
    const auto soFar = input.substr(0, input.find("\r\n\r\n"));
    const bool refusedAtOnce = !portico::net::checkHeadSoFar(soFar, 0).ok();
    bool refusedOnTheWay = false;
    for (std::size_t size = 1; size <= soFar.size() && !refusedOnTheWay; ++size) {
        refusedOnTheWay = !portico::net::checkHeadSoFar(soFar.substr(0, size), size - 1).ok();
    }
    if (refusedAtOnce != refusedOnTheWay) {
        std::abort();
    }
    if (refusedAtOnce && portico::net::checkRequestHead(std::string(soFar) + "\r\n\r\n", {}).ok()) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    checkEarlyRefusal(input);
    const auto headEnd = input.find("\r\n\r\n");
    if (headEnd == std::string_view::npos) {
        portico::net::normalizeTarget(input); // the target alone is worth exercising too
        return 0;
    }
    const auto head = input.substr(0, headEnd + 4);
    const portico::net::HeadLimits limits;
    const auto verdict = portico::net::checkRequestHead(head, limits);
    if (verdict.reason == "Malformed request head") {
        std::abort(); // the byte walk passed a head the splitter refused: they disagree
    }
    if (!verdict.ok()) {
        return 0;
    }

    namespace http = boost::beast::http;
    portico::gateway::detail::RequestParser<http::string_body> parser;
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
    checkHopByHopRemoved(request);
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
