#include "core/policies/builtin_policies.h"

#include "core/policy/policy_registry.h"

namespace portico::policies {

using namespace portico::policy;

void addKnownPolicyNames(PolicyRegistry& registry) {
    struct Known {
        std::string_view name;
        SectionSet sections;
    };
    // Sections as APIM's policy reference lists them.
    static const Known known[] = {
        {"log-to-eventhub", kAnySection},
    };
    for (const auto& k : known) {
        ElementRule rule;
        rule.name = k.name;
        rule.text = TextRule::Allowed;
        rule.anyAttributes = true;
        rule.anyChildren = true;
        registry.add(std::make_unique<RuleOnlyPolicyKind>(rule, k.sections));
    }
}

} // namespace portico::policies
