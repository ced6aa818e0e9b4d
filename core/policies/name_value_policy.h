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
    std::vector<std::string> values;
};

void validateNameValuePolicy(const policy::PolicyNode& node, policy::ValidationContext& context);

// Reads the settings once validated; nothing after reporting an error.
std::optional<NameValueSettings> compileNameValuePolicy(const policy::PolicyNode& node,
                                                        policy::CompileContext& context);

} // namespace portico::policies
