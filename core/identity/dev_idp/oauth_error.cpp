#include "core/identity/dev_idp/oauth_error.h"

#include "core/security/key_hash.h"
#include "core/text/json_text.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>

namespace portico::identity::dev_idp {

namespace {

std::string utcNow() {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%SZ", &tm);
    return text;
}

// A random id shaped like a GUID, as Entra's trace and correlation ids are.
std::string traceId() {
    const auto random = security::generateSubscriptionKey();
    std::string hex;
    static constexpr char kHex[] = "0123456789abcdef";
    for (std::size_t i = 0; hex.size() < 32; ++i)
        hex += kHex[static_cast<unsigned char>(random[i]) & 15];
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
           hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

} // namespace

Response oauthError(int status, std::string_view error, int code, std::string_view description) {
    nlohmann::json body;
    body["error"] = error;
    body["error_description"] =
        code > 0 ? "AADSTS" + std::to_string(code) + ": " + std::string(description)
                 : std::string(description);
    body["error_codes"] = code > 0 ? nlohmann::json::array({code}) : nlohmann::json::array();
    body["timestamp"] = utcNow();
    body["trace_id"] = traceId();
    body["correlation_id"] = traceId();
    Response response;
    response.status = status;
    response.body = text::jsonText(body);
    response.headers.emplace_back("Cache-Control", "no-store");
    response.headers.emplace_back("Pragma", "no-cache");
    if (status == 401)
        response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"portico-dev-idp\"");
    return response;
}

} // namespace portico::identity::dev_idp
