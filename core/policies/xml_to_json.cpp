#include "core/policies/builtin_policies.h"

namespace portico::policies {

using namespace portico::policy;

std::unique_ptr<PolicyKind> makeXmlToJsonKind() {
    return std::make_unique<RuleOnlyPolicyKind>(
        ElementRule{
            .name = "xml-to-json",
            .attributes = {{"kind", ValueType::Enum, true, {"javascript-friendly", "direct"}},
                           {"apply", ValueType::Enum, true, {"always", "content-type-xml"}},
                           {"consider-accept-header", ValueType::Bool, false, {}},
                           {"always-array-child-elements", ValueType::Bool, false, {}}}},
        kInbound | kOutbound | kOnError);
}

} // namespace portico::policies
