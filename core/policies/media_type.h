#pragma once

#include "core/policy/request_context.h"
#include "core/text/ascii.h"

#include <algorithm>
#include <string>
#include <string_view>

namespace portico::policies {

// Whether the message's Content-Type mentions `part` ("json" for application/problem+json).
inline bool contentTypeContains(const policy::RequestContext& context, policy::MessageKind message,
                                std::string_view part) {
    for (const auto& value : context.headerValues(message, "Content-Type")) {
        if (text::containsIgnoringAsciiCase(value, part))
            return true;
    }
    return false;
}

// consider-accept-header: the request's Accept asks for `part` ("xml"), anything (*/*), or is
// absent.
inline bool acceptAllows(const policy::RequestContext& context, std::string_view part) {
    const auto values = context.headerValues(policy::MessageKind::Request, "Accept");
    if (values.empty())
        return true;
    for (const auto& value : values) {
        if (text::containsIgnoringAsciiCase(value, part) || value.find("*/*") != std::string::npos)
            return true;
    }
    return false;
}

} // namespace portico::policies
