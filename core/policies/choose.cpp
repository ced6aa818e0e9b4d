#include "core/policies/builtin_policies.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

// Conditions are expressions, so <choose> compiles once policy expressions land.
class ChooseKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{.name = "choose", .anyChildren = true};
        return rule;
    }
    SectionSet sections() const override { return kAnySection; }
    Nesting nesting() const override { return Nesting::Branches; }

    const std::vector<ElementRule>& branchRules() const override {
        static const std::vector<ElementRule> rules{
            {.name = "when",
             .attributes = {{"condition", ValueType::String, true, {}}},
             .occurs = Occurs::OneOrMore,
             .text = TextRule::Allowed,
             .anyChildren = true},
            {.name = "otherwise",
             .occurs = Occurs::Optional,
             .text = TextRule::Allowed,
             .anyChildren = true},
        };
        return rules;
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeChooseKind() {
    return std::make_unique<ChooseKind>();
}

} // namespace portico::policies
