#pragma once

#include "core/policies/json_schema.h"
#include "core/policies/validation_policy.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::openapi {
struct Parameter;
}

// Request parameters and response headers checked against their OpenAPI definitions, for
// validate-parameters and validate-headers.
namespace portico::policies {

struct CheckedParameter {
    std::string name;
    bool required = false;
    std::shared_ptr<const JsonSchema> schema; // none: any value
};

// Where a parameter is: how errors name it and its type in APIM's error reference.
struct ParameterPlace {
    std::string_view what; // "query parameter", "path parameter", "header"
    std::string_view type; // QueryParameter, PathParameter, RequestHeader, ResponseHeader
    bool inRequest = true; // a response's errors show the client nothing of the schema
};

// `parameter` with its schema compiled; nothing, after reporting where, when the schema holds
// what cannot be checked.
std::optional<CheckedParameter> compileParameter(const openapi::Parameter& parameter,
                                                 const policy::PolicyNode& node,
                                                 policy::CompileContext& context);

// The error for the values a message carries for `parameter`, if there is one: a required one
// missing, several values for a single one, a value that cannot be read as its type or does
// not conform to its schema.
std::optional<ValidationError> checkParameter(const CheckedParameter& parameter,
                                              const std::vector<std::string>& values,
                                              const ParameterPlace& place);

// The error for a parameter the schema does not define.
ValidationError unspecifiedParameter(std::string_view name, const ParameterPlace& place);

// Headers that HTTP, the gateway or the client software add to any request or response, which
// an API's schema does not list: never reported as unspecified.
bool isProtocolRequestHeader(std::string_view name);
bool isProtocolResponseHeader(std::string_view name);

} // namespace portico::policies
