#include "core/net/detail/http_head.h"

namespace portico::net::detail {

namespace {

void appendView(beast::string_view text, std::string& out) {
    out.append(text.data(), text.size());
}

void appendVersion(unsigned version, std::string& out) {
    out += "HTTP/";
    out += static_cast<char>('0' + version / 10);
    out += '.';
    out += static_cast<char>('0' + version % 10);
}

// The bytes appendFields adds, so that a head costs one allocation rather than one per doubling.
std::size_t fieldsSize(const http::fields& fields) {
    std::size_t size = 2;
    for (const auto& field : fields) {
        size += field.name_string().size() + field.value().size() + 4;
    }
    return size;
}

void appendFields(const http::fields& fields, std::string& out) {
    for (const auto& field : fields) {
        appendView(field.name_string(), out);
        out += ": ";
        appendView(field.value(), out);
        out += "\r\n";
    }
    out += "\r\n";
}

} // namespace

void appendHead(const http::request_header<>& head, std::string& out) {
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

void appendHead(const http::response_header<>& head, std::string& out) {
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
