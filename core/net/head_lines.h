#pragma once

#include <boost/container/small_vector.hpp>

#include <string_view>

namespace portico::net {

struct HeadField {
    std::string_view name;
    std::string_view value; // without the whitespace around it
    bool frames = false;    // one of the fields `framing` lists
};

// A complete message head (start line, field lines, empty line) cut into views of its bytes.
struct HeadLines {
    std::string_view head;      // the whole of it
    std::string_view startLine; // without its CRLF
    boost::container::small_vector<HeadField, 24> fields;
    // The whole lines, CRLF included, of the fields that frame the body or say whether the
    // connection stays open (Content-Length, Transfer-Encoding, Connection, Proxy-Connection,
    // Upgrade), in the order they came.
    boost::container::small_vector<std::string_view, 4> framing;
};

// Cuts `head` into lines when every field line is plainly well formed: a token, a colon, a value
// without control bytes, CRLF. Anything else (obsolete line folding, a space before the colon, a
// bare CR or LF, an empty line before the end) returns false and is left to a full parser, whose
// verdict then stands. The start line is not judged here. A line is found with memchr and a value
// is checked 16 bytes at a time, where a byte-by-byte parser spends most of its time on long
// values such as tokens.
bool splitHead(std::string_view head, HeadLines& out);

} // namespace portico::net
