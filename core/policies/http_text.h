#pragma once

#include <string_view>

namespace portico::policies {

// An HTTP header name (RFC 9110 token): what set-header and check-header may name.
inline bool isHeaderName(std::string_view name) {
    if (name.empty())
        return false;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') ||
                        std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
        if (!ok)
            return false;
    }
    return true;
}

// Control characters (CR, LF, NUL, ...) would let a value split or smuggle HTTP messages.
inline bool hasControlCharacter(std::string_view value) {
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7F)
            return true;
    }
    return false;
}

} // namespace portico::policies
