#pragma once

#include "core/policy/expr/value.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace portico::policy::expr {

// A response send-request received, kept in a variable: `(IResponse)context.Variables["r"]`
// reads StatusCode, StatusReason, Headers and Body from it, as from context.Response.
struct HttpResponseData {
    int statusCode = 0;
    std::string statusReason;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

Value makeHttpResponse(std::shared_ptr<const HttpResponseData> response);

} // namespace portico::policy::expr
