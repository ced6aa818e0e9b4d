#pragma once

#include "core/policies/exists_action.h"
#include "core/policy/policy_compiler.h"
#include "core/policy/policy_kind.h"

#include <optional>
#include <string>
#include <vector>

namespace portico::policies {

// What <set-header> and <set-query-parameter> share: a name, an exists-action and <value>
// children (none needed when deleting).
struct NameValueSettings {
    std::string name;
    ExistsAction action = ExistsAction::Override;
    std::vector<policy::PolicyValue> values; // literals or expressions (APIM allows both)
};

void validateNameValuePolicy(const policy::PolicyNode& node, policy::ValidationContext& context);

// Reads the settings once validated; nothing after reporting an error. Literal values with a
// control character are refused here; expression results are checked by evaluateValues().
std::optional<NameValueSettings> compileNameValuePolicy(const policy::PolicyNode& node,
                                                        policy::CompileContext& context);

// The values for this request; nothing when an expression fails or yields a control character
// (which would split the HTTP message), with `failure` saying why.
std::optional<std::vector<std::string>>
evaluateValues(const std::vector<policy::PolicyValue>& values, policy::RequestContext& context,
               policy::PolicyError& failure);

} // namespace portico::policies
