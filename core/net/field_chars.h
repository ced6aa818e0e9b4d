#pragma once

#include <array>
#include <string_view>

// The characters of HTTP/1.1 message heads (RFC 9110 5.1, 5.5), shared by the request checks and
// the head splitter so that both judge a byte alike.
namespace portico::net {

namespace field_chars_detail {
// A table rather than std::isalnum, which is a call per byte and follows the process's locale,
// where a byte above 0x7f may count as a letter.
inline constexpr std::array<bool, 256> kTokenChars = [] {
    std::array<bool, 256> table{};
    for (int c = '0'; c <= '9'; ++c) {
        table[c] = true;
    }
    for (int c = 'a'; c <= 'z'; ++c) {
        table[c] = table[c - 'a' + 'A'] = true;
    }
    for (const char c : std::string_view("!#$%&'*+-.^_`|~")) {
        table[static_cast<unsigned char>(c)] = true;
    }
    return table;
}();
} // namespace field_chars_detail

// RFC 9110 tchar: what a method and a field name are made of.
inline bool isTokenChar(unsigned char c) {
    return field_chars_detail::kTokenChars[c];
}

// A field value without the optional whitespace (spaces and tabs) around it (RFC 9110 5.6.3).
constexpr std::string_view trimOws(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

// The first byte in [from, end) below 0x20 other than a tab, or a DEL; `end` if there is none.
// Looks at 16 bytes at a time where the CPU allows.
const char* findControlCharacter(const char* from, const char* end);

// Whether a field value holds a byte below 0x20 other than a tab, or a DEL: bytes that could end
// or split a line. obs-text (0x80 and up) is allowed, as RFC 9110 5.5 allows it.
bool hasControlCharacter(std::string_view value);

} // namespace portico::net
