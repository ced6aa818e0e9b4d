#pragma once

#include <string>
#include <string_view>

namespace portico::model {

// Each check returns an empty string when the value is fine, otherwise what was expected.

// Entity ids (folder and file names) and named value names: 1-80 of letters, digits, '.', '-',
// '_', starting with a letter or digit, not ending with '.'.
std::string checkId(std::string_view id);

// Absolute http:// or https:// URL with a host, optional port, path and query, no blanks.
std::string checkHttpUrl(std::string_view url);

// API URL suffix: '/'-separated segments, no leading or trailing '/'; empty for the root API.
std::string checkApiPath(std::string_view path);

// ADDR:PORT, ADDR an IPv4 address, a host name, or [IPv6]; PORT 1-65535.
std::string checkListenAddress(std::string_view address);

// local@domain, loosely: one '@', non-empty parts, a dot in the domain, no blanks.
std::string checkEmail(std::string_view email);

} // namespace portico::model
