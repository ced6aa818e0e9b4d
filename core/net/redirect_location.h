#pragma once

#include "core/net/backend_url.h"

#include <optional>
#include <string>
#include <string_view>

namespace portico::net {

// Where a backend's redirect points, for forward-request follow-redirects.
struct RedirectTarget {
    BackendUrl url;     // the origin to call (basePath empty)
    std::string target; // origin-form request target: path and query
};

// Resolves a Location header (RFC 9110 10.2.2, RFC 3986 5.2) against the request that got it:
// `current` is the origin called and `currentTarget` the origin-form target sent. Absolute
// (http/https only), scheme-relative, absolute-path and relative references; the fragment is
// dropped. Nothing for anything else (another scheme, credentials, control characters).
std::optional<RedirectTarget> resolveRedirect(const BackendUrl& current,
                                              std::string_view currentTarget,
                                              std::string_view location);

} // namespace portico::net
