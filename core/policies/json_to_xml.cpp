#include "core/policies/builtin_policies.h"

namespace portico::policies {

using namespace portico::policy;

std::unique_ptr<PolicyKind> makeJsonToXmlKind() {
    return std::make_unique<RuleOnlyPolicyKind>(
        ElementRule{
            .name = "json-to-xml",
            .attributes = {{"apply", ValueType::Enum, true, {"always", "content-type-json"}},
                           {"consider-accept-header", ValueType::Bool, false, {}},
                           {"parse-date", ValueType::Bool, false, {}},
                           {"namespace-separator", ValueType::String, false, {}},
                           {"namespace-prefix", ValueType::String, false, {}},
                           {"attribute-block-name", ValueType::String, false, {}}}},
        kInbound | kOutbound | kOnError);
}

} // namespace portico::policies
