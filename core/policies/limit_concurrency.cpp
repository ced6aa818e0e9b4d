#include "core/policies/builtin_policies.h"

namespace portico::policies {

using namespace portico::policy;

// Its key is usually an expression; it compiles with the counters of the throttling issue.
std::unique_ptr<PolicyKind> makeLimitConcurrencyKind() {
    return std::make_unique<RuleOnlyPolicyKind>(
        ElementRule{.name = "limit-concurrency",
                    .attributes = {{"key", ValueType::String, true, {}},
                                   {"max-count", ValueType::Count, true, {}}},
                    .text = TextRule::Allowed,
                    .anyChildren = true},
        kAnySection, Nesting::Direct);
}

} // namespace portico::policies
