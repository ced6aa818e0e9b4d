#include "core/policies/parameter_check.h"

#include "core/openapi/specification.h"
#include "core/policy/diagnostic_codes.h"
#include "core/text/ascii.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace portico::policies {

using namespace portico::policy;

namespace {

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& names, std::string_view name) {
    return std::any_of(names.begin(), names.end(), [&](std::string_view listed) {
        return text::equalsIgnoringAsciiCase(listed, name);
    });
}

bool startsWithIgnoringCase(std::string_view name, std::string_view prefix) {
    return name.size() >= prefix.size() &&
           text::equalsIgnoringAsciiCase(name.substr(0, prefix.size()), prefix);
}

} // namespace

std::optional<CheckedParameter> compileParameter(const openapi::Parameter& parameter,
                                                 const PolicyNode& node, CompileContext& context) {
    CheckedParameter checked{parameter.name, parameter.required, nullptr};
    if (parameter.schemaJson.empty())
        return checked;
    std::string problem;
    checked.schema = JsonSchema::compile(parameter.schemaJson, problem);
    if (!checked.schema) {
        context.error(codes::kBadAttributeValue, node.origin.where,
                      "<" + node.element.name + "> cannot check " + parameter.in + " parameter '" +
                          parameter.name + "': its schema " + problem);
        return std::nullopt;
    }
    return checked;
}

std::optional<ValidationError> checkParameter(const CheckedParameter& parameter,
                                              const std::vector<std::string>& values,
                                              const ParameterPlace& place) {
    const std::string named = std::string(place.what) + " " + parameter.name;
    const auto error = [&](std::string details, std::string publicResponse) {
        return ValidationError{
            parameter.name, std::string(place.type), "IncorrectMessage", std::move(details),
            place.inRequest ? std::move(publicResponse) : std::string(kInternalValidationError)};
    };
    if (values.empty()) {
        if (!parameter.required)
            return std::nullopt;
        const std::string details = "Required " + named + " is missing.";
        return error(details, details);
    }
    if (values.size() > 1 && !(parameter.schema && parameter.schema->describesArray())) {
        const std::string details = std::string(place.inRequest ? "Request" : "Response") +
                                    " cannot contain multiple values for the " + named + ".";
        return error(details, details);
    }
    if (!parameter.schema)
        return std::nullopt;
    std::string problem;
    const auto value = parameter.schema->parameterValue(values, problem);
    if (!value)
        return error("Value of the " + named + " cannot be parsed according to the definition. " +
                         problem,
                     "Value of the " + named + " couldn't be parsed according to the definition. " +
                         problem);
    problem = parameter.schema->check(*value);
    if (problem.empty())
        return std::nullopt;
    return error("Value of the " + named + " does not conform to the definition. " + problem,
                 "The value of the " + named + " does not conform to the definition. " + problem);
}

ValidationError unspecifiedParameter(std::string_view name, const ParameterPlace& place) {
    const std::string details =
        "Unspecified " + std::string(place.what) + " " + std::string(name) + " is not allowed.";
    return {std::string(name), std::string(place.type), "Unspecified", details,
            place.inRequest ? details : std::string(kInternalValidationError)};
}

bool isProtocolRequestHeader(std::string_view name) {
    static constexpr std::array<std::string_view, 37> names{"Accept",
                                                            "Accept-Charset",
                                                            "Accept-Encoding",
                                                            "Accept-Language",
                                                            "Authorization",
                                                            "Cache-Control",
                                                            "Connection",
                                                            "Content-Encoding",
                                                            "Content-Language",
                                                            "Content-Length",
                                                            "Content-Type",
                                                            "Cookie",
                                                            "Date",
                                                            "DNT",
                                                            "Expect",
                                                            "Forwarded",
                                                            "Host",
                                                            "If-Match",
                                                            "If-Modified-Since",
                                                            "If-None-Match",
                                                            "If-Range",
                                                            "If-Unmodified-Since",
                                                            "Keep-Alive",
                                                            "Origin",
                                                            "Pragma",
                                                            "Priority",
                                                            "Proxy-Connection",
                                                            "Range",
                                                            "Referer",
                                                            "TE",
                                                            "Trailer",
                                                            "Transfer-Encoding",
                                                            "Upgrade",
                                                            "User-Agent",
                                                            "Via",
                                                            "X-Request-Id",
                                                            "Ocp-Apim-Subscription-Key"};
    // CORS preflights, tracing, proxies and APIM's own debugging headers.
    static constexpr std::array<std::string_view, 8> prefixes{"Access-Control-Request-",
                                                              "Sec-",
                                                              "X-Forwarded-",
                                                              "Ocp-Apim-",
                                                              "Apim-Debug-",
                                                              "traceparent",
                                                              "tracestate",
                                                              "baggage"};
    return listed(names, name) || std::any_of(prefixes.begin(), prefixes.end(), [&](auto prefix) {
               return startsWithIgnoringCase(name, prefix);
           });
}

bool isProtocolResponseHeader(std::string_view name) {
    static constexpr std::array<std::string_view, 29> names{"Accept-Ranges",
                                                            "Age",
                                                            "Allow",
                                                            "Cache-Control",
                                                            "Connection",
                                                            "Content-Disposition",
                                                            "Content-Encoding",
                                                            "Content-Language",
                                                            "Content-Length",
                                                            "Content-Location",
                                                            "Content-Range",
                                                            "Content-Type",
                                                            "Date",
                                                            "ETag",
                                                            "Expires",
                                                            "Keep-Alive",
                                                            "Last-Modified",
                                                            "Location",
                                                            "Pragma",
                                                            "Retry-After",
                                                            "Server",
                                                            "Set-Cookie",
                                                            "Strict-Transport-Security",
                                                            "Trailer",
                                                            "Transfer-Encoding",
                                                            "Upgrade",
                                                            "Vary",
                                                            "Via",
                                                            "X-Request-Id"};
    static constexpr std::array<std::string_view, 3> prefixes{"Access-Control-", "Ocp-Apim-",
                                                              "traceparent"};
    return listed(names, name) || std::any_of(prefixes.begin(), prefixes.end(), [&](auto prefix) {
               return startsWithIgnoringCase(name, prefix);
           });
}

} // namespace portico::policies
