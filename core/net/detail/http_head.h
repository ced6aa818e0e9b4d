#pragma once

// Internal to core/net and core/gateway: a message head in one contiguous buffer.
#include "core/net/detail/asio.h"

#include <string>

namespace portico::net::detail {

// Append the start line and the header fields of `head` to `out`, byte for byte as Beast's
// serializer writes them. The proxy sends a head and a body it already holds in one write of two
// buffers; Beast's serializer walks one buffer per field, on every write, and cost more CPU than
// the rest of the relay. For heads of any fields allocator, into any std::basic_string.
template <class Fields, class String>
void appendHead(const http::header<true, Fields>& head, String& out);
template <class Fields, class String>
void appendHead(const http::header<false, Fields>& head, String& out);

namespace head_detail {

template <class String> void appendView(beast::string_view text, String& out) {
    out.append(text.data(), text.size());
}

template <class String> void appendVersion(unsigned version, String& out) {
    out += "HTTP/";
    out += static_cast<char>('0' + version / 10);
    out += '.';
    out += static_cast<char>('0' + version % 10);
}

// The bytes appendFields adds, so that a head costs one allocation rather than one per doubling.
template <class Fields> std::size_t fieldsSize(const Fields& fields) {
    std::size_t size = 2;
    for (const auto& field : fields) {
        size += field.name_string().size() + field.value().size() + 4;
    }
    return size;
}

template <class Fields, class String> void appendFields(const Fields& fields, String& out) {
    for (const auto& field : fields) {
        appendView(field.name_string(), out);
        out += ": ";
        appendView(field.value(), out);
        out += "\r\n";
    }
    out += "\r\n";
}

} // namespace head_detail

template <class Fields, class String>
void appendHead(const http::header<true, Fields>& head, String& out) {
    using namespace head_detail;
    // Two spaces, "HTTP/1.1" and CRLF: 12 bytes besides the method and the target.
    out.reserve(out.size() + head.method_string().size() + head.target().size() + 12 +
                fieldsSize(head));
    appendView(head.method_string(), out);
    out += ' ';
    appendView(head.target(), out);
    out += ' ';
    appendVersion(head.version(), out);
    out += "\r\n";
    appendFields(head, out);
}

template <class Fields, class String>
void appendHead(const http::header<false, Fields>& head, String& out) {
    using namespace head_detail;
    const auto given = head.reason();
    const auto reason =
        given.empty() ? http::obsolete_reason(static_cast<http::status>(head.result_int())) : given;
    out.reserve(out.size() + 15 + reason.size() + fieldsSize(head));
    appendVersion(head.version(), out);
    const unsigned code = head.result_int();
    const char digits[] = {' ', static_cast<char>('0' + code / 100),
                           static_cast<char>('0' + code / 10 % 10),
                           static_cast<char>('0' + code % 10), ' '};
    out.append(digits, sizeof digits);
    appendView(reason, out);
    out += "\r\n";
    appendFields(head, out);
}

} // namespace portico::net::detail
