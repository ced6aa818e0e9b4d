#pragma once

#include "core/policy/policy_compiler.h"
#include "core/policy/policy_kind.h"

#include <optional>
#include <string_view>

namespace portico::policies {

// An attribute that takes a typed literal (a status code, seconds, a bool) or a policy
// expression: literals are checked against `rule` when the policy compiles, expressions when
// they run. Nothing after reporting an error.
std::optional<policy::PolicyValue> typedValue(const policy::PolicyNode& node,
                                              policy::CompileContext& context,
                                              const policy::AttributeRule& rule,
                                              std::string fallback);

// A run-time whole number within [low, high]; nothing, with `failure` filled, otherwise.
std::optional<std::int64_t> boundedInteger(const policy::PolicyValue& value,
                                           policy::RequestContext& context, std::int64_t low,
                                           std::int64_t high, std::string_view what,
                                           policy::PolicyError& failure);

// A run-time bool: "true"/"false" in any case, or a bool expression.
std::optional<bool> flagValue(const policy::PolicyValue& value, policy::RequestContext& context,
                              policy::PolicyError& failure);

} // namespace portico::policies
