#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace portico::security::jwt {

// Base64url without padding (RFC 7515 §2).
std::string base64UrlEncode(std::string_view bytes);

// Strict decoding: only [A-Za-z0-9_-], no padding, no whitespace, and canonical (the unused low
// bits of the last character are zero), so that each byte string has exactly one encoding.
std::optional<std::string> base64UrlDecode(std::string_view text);

// Standard base64 (RFC 4648 §4) with padding (HTTP Basic credentials, Shared Access
// Signatures).
std::string base64Encode(std::string_view bytes);

// Standard base64 (RFC 4648 §4) with padding, as used for symmetric keys and certificates.
// Whitespace is not accepted; the caller trims.
std::optional<std::string> base64Decode(std::string_view text);

} // namespace portico::security::jwt
