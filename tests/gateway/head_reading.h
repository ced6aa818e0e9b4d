#pragma once

// For the head parser's suite and fuzz target: a message read with parseHead and, as the
// reference, with Beast's parser alone, in a form that tells any two readings apart.
#include "core/net/detail/head_parser.h"

#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::testing {

namespace http = boost::beast::http;

// What a parser made of a message: enough to tell any two readings apart.
struct Reading {
    std::string error;
    std::string startLine; // method, target and version, or version, status and reason
    std::map<std::string, std::vector<std::string>> fields; // by lower-case name, in order
    std::size_t fieldCount = 0;
    bool keepAlive = false;
    bool chunked = false;
    std::optional<std::uint64_t> contentLength;
    bool done = false;
    std::string body;

    bool operator==(const Reading&) const = default;
};

inline std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) {
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return out;
}

template <bool isRequest>
std::string startLineOf(const http::parser<isRequest, http::string_body>& p) {
    const auto& m = p.get();
    if constexpr (isRequest) {
        return std::string(m.method_string()) + " " + std::string(m.target()) + " " +
               std::to_string(m.version());
    } else {
        return std::to_string(m.version()) + " " + std::to_string(m.result_int()) + " " +
               std::string(m.reason());
    }
}

// Reads `message`, its head by parseHead or, as the reference, by Beast alone; the body by Beast
// in both cases. `answersHead`: the message is the answer to a HEAD request. The head (up to the
// first empty line) is given whole and alone, as the gateway gives it: a start line too short to
// judge without the bytes after the head is Beast's need_more.
template <bool isRequest>
Reading read(std::string_view message, bool byParseHead, bool answersHead) {
    http::parser<isRequest, http::string_body> parser;
    parser.eager(true);
    parser.header_limit(std::numeric_limits<std::uint32_t>::max()); // the gateway sets its own
    if constexpr (!isRequest) {
        parser.skip(answersHead);
    }
    boost::beast::error_code ec;
    std::string_view rest = message;
    if (const auto end = message.find("\r\n\r\n"); end != message.npos) {
        const auto head = message.substr(0, end + 4);
        if (byParseHead) {
            net::detail::parseHead(head, parser, ec);
        } else {
            parser.put(boost::asio::buffer(head.data(), head.size()), ec);
        }
        rest.remove_prefix(end + 4);
    }
    while (!ec && !parser.is_done() && !rest.empty()) {
        const auto used = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
        rest.remove_prefix(used);
        if (ec == http::error::need_more && rest.empty()) {
            ec = {};
            break;
        }
    }
    if (!ec && parser.is_header_done() && !parser.is_done() && parser.need_eof()) {
        parser.put_eof(ec);
    }
    Reading reading;
    if (ec) {
        reading.error = ec.message();
        return reading;
    }
    reading.startLine = startLineOf(parser);
    for (const auto& field : parser.get()) {
        const auto name = field.name_string();
        const auto value = field.value();
        reading.fields[lower(std::string_view(name.data(), name.size()))].emplace_back(
            value.data(), value.size());
        ++reading.fieldCount;
    }
    reading.keepAlive = parser.keep_alive();
    reading.chunked = parser.chunked();
    if (const auto length = parser.content_length()) {
        reading.contentLength = *length;
    }
    reading.done = parser.is_done();
    reading.body = parser.get().body();
    return reading;
}

inline std::string describe(const Reading& r) {
    std::string out = r.error.empty() ? r.startLine : "error: " + r.error;
    for (const auto& [name, values] : r.fields) {
        for (const auto& value : values) {
            out += " | " + name + ": " + value;
        }
    }
    out += r.keepAlive ? " keep-alive" : " close";
    out += r.chunked ? " chunked" : "";
    out += r.contentLength ? " length " + std::to_string(*r.contentLength) : "";
    out += r.done ? " done" : " pending";
    out += " body=" + r.body;
    return out;
}

} // namespace portico::testing
