#pragma once

// Internal to core/security/jwt: the sources include it, public headers never do.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace portico::security::jwt {

enum class JsonProblem { None, Syntax, DuplicateKey, TooDeep };

struct StrictJson {
    nlohmann::json value;
    JsonProblem problem = JsonProblem::None;
    std::string detail; // for load-time diagnostics: "line 3, column 7: ..." or the duplicate key
};

// Parses JSON text strictly: UTF-8, no comments, no duplicate object keys at any depth (RFC 7515
// §5.2 lets a JWS implementation reject them, and we must: two parsers reading different values
// from the same token is a classic bypass), nesting limited to kMaxJsonDepth. Never throws.
StrictJson parseStrictJson(std::string_view text, bool withDetail = false);

inline constexpr int kMaxJsonDepth = 32;

} // namespace portico::security::jwt
