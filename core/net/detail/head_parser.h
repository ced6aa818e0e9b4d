#pragma once

// Internal to core/net and core/gateway: a complete message head into a Beast parser.
#include "core/net/detail/asio.h"
#include "core/net/head_lines.h"

#include <boost/container/small_vector.hpp>

#include <string_view>

namespace portico::net::detail {

// Gives `parser` the complete head `head` (start line through the empty line), as parser.put
// would, so that the parser goes on with the body. Beast's parser walks every byte of every
// field value one at a time, which cost a request with a bearer token more than routing, admission
// and the JWT check together. Here splitHead cuts the field lines, Beast parses only the start
// line and the fields that frame the body (so it judges them and learns the framing as it always
// has), and the other fields are added after them in their order. Fields of different names keep
// no order that means anything (RFC 9110 5.3); those of one name keep theirs. A head splitHead
// does not pass goes to Beast whole, so that every verdict on an unusual head is Beast's as before.
template <bool isRequest, class Body, class Allocator>
void parseHead(std::string_view head, http::parser<isRequest, Body, Allocator>& parser,
               beast::error_code& ec);

// The same for a head splitHead has already cut into `lines`.
template <bool isRequest, class Body, class Allocator>
void parseHead(const HeadLines& lines, http::parser<isRequest, Body, Allocator>& parser,
               beast::error_code& ec) {
    boost::container::small_vector<char, 512> framing(lines.startLine.begin(),
                                                      lines.startLine.end());
    auto append = [&framing](std::string_view text) {
        framing.insert(framing.end(), text.begin(), text.end());
    };
    append("\r\n");
    for (const auto line : lines.framing) {
        append(line);
    }
    append("\r\n");
    parser.put(asio::buffer(framing.data(), framing.size()), ec);
    if (ec == http::error::need_more) {
        // Only a start line too short to judge (a version cut off) wants bytes past its CRLF,
        // and Beast's verdict on it depends on the bytes that follow: a parser of its own reads
        // the whole head for it. This parser is left broken, as by any error.
        http::parser<isRequest, Body, Allocator> whole;
        whole.put(asio::buffer(lines.head.data(), lines.head.size()), ec);
        if (!ec) {
            ec = http::error::partial_message; // cannot be: the start line was refused
        }
    }
    if (ec) {
        return;
    }
    if (!parser.is_header_done()) {
        ec = http::error::partial_message; // cannot be: the head is whole
        return;
    }
    auto& fields = parser.get();
    for (const auto& field : lines.fields) {
        if (!field.frames) {
            fields.insert(beast::string_view(field.name.data(), field.name.size()),
                          beast::string_view(field.value.data(), field.value.size()));
        }
    }
}

template <bool isRequest, class Body, class Allocator>
void parseHead(std::string_view head, http::parser<isRequest, Body, Allocator>& parser,
               beast::error_code& ec) {
    HeadLines lines;
    if (splitHead(head, lines)) {
        parseHead(lines, parser, ec);
        return;
    }
    parser.put(asio::buffer(head.data(), head.size()), ec);
    if (!ec && !parser.is_header_done()) {
        ec = http::error::partial_message; // Beast wanted more than a complete head
    }
}

} // namespace portico::net::detail
