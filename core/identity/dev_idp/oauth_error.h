#pragma once

#include "core/identity/dev_idp/http_types.h"

#include <string>
#include <string_view>

namespace portico::identity::dev_idp {

// An OAuth 2.0 error (RFC 6749 §5.2, RFC 8628 §3.5) in the shape Entra answers with:
// {"error", "error_description", "error_codes", "timestamp", "trace_id", "correlation_id"}.
// `code` is the AADSTS number Entra uses for the same failure (0 when it has none); it prefixes
// the description as Entra's does.
Response oauthError(int status, std::string_view error, int code, std::string_view description);

} // namespace portico::identity::dev_idp
