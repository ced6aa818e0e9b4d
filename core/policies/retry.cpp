#include "core/policies/builtin_policies.h"

namespace portico::policies {

using namespace portico::policy;

// Runs its policies again while the condition holds; the condition is an expression, so it
// compiles once policy expressions land.
std::unique_ptr<PolicyKind> makeRetryKind() {
    return std::make_unique<RuleOnlyPolicyKind>(
        ElementRule{.name = "retry",
                    .attributes = {{"condition", ValueType::String, true, {}},
                                   {"count", ValueType::Count, true, {}},
                                   {"interval", ValueType::Seconds, true, {}},
                                   {"max-interval", ValueType::Seconds, false, {}},
                                   {"delta", ValueType::Seconds, false, {}},
                                   {"first-fast-retry", ValueType::Bool, false, {}}},
                    .text = TextRule::Allowed,
                    .anyChildren = true},
        kAnySection, Nesting::Direct);
}

} // namespace portico::policies
