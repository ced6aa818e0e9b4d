#include "core/policies/builtin_policies.h"

namespace portico::policies {

using namespace portico::policy;

// Needs the matched operation's OpenAPI examples, which the gateway provides.
std::unique_ptr<PolicyKind> makeMockResponseKind() {
    return std::make_unique<RuleOnlyPolicyKind>(
        ElementRule{.name = "mock-response",
                    .attributes = {{"status-code", ValueType::StatusCode, false, {}},
                                   {"content-type", ValueType::String, false, {}}}},
        kInbound | kOutbound | kOnError);
}

} // namespace portico::policies
