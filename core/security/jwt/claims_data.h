#pragma once

// Internal to core/security/jwt.

#include <nlohmann/json.hpp>

namespace portico::security::jwt {

struct ClaimsData {
    nlohmann::json object = nlohmann::json::object();
};

} // namespace portico::security::jwt
