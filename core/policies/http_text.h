#pragma once

#include "core/net/field_chars.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

namespace portico::policies {

// An HTTP header name (RFC 9110 token): what set-header and check-header may name.
inline bool isHeaderName(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return net::isTokenChar(static_cast<unsigned char>(c));
    });
}

// Control characters (CR, LF, NUL, ...) would let a value split or smuggle HTTP messages: the
// gateway's own check on header values.
using net::hasControlCharacter;

// Reason phrases for the codes policies set most; others keep whatever reason was given.
inline std::string reasonPhrase(std::int64_t code) {
    switch (code) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return {};
    }
}

} // namespace portico::policies
