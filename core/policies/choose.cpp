#include "core/policies/builtin_policies.h"

#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

// The first <when> whose condition holds runs its policies; else <otherwise>, if any.
class ChoosePolicy final : public CompiledPolicy {
public:
    struct Branch {
        std::optional<PolicyValue> condition; // none for <otherwise>
        CompiledPolicyList policies;
    };

    explicit ChoosePolicy(std::vector<Branch> branches)
        : m_branches(std::move(branches)) {}

    RunResult run(RequestContext& context) const override {
        for (const auto& branch : m_branches) {
            if (branch.condition) {
                PolicyError failure = error({}, {}, 500);
                const auto holds = branch.condition->condition(context, failure);
                if (!holds)
                    return RunResult::fail(std::move(failure));
                if (!*holds)
                    continue;
            }
            return RunResult::enter(branch.policies);
        }
        return RunResult::next();
    }

    bool readsBody() const override {
        for (const auto& branch : m_branches) {
            if (policy::readsBody(branch.policies))
                return true;
        }
        return false;
    }

private:
    std::vector<Branch> m_branches;
};

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

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        std::vector<ChoosePolicy::Branch> branches;
        bool ok = true;
        for (const auto& block : node.blocks) {
            ChoosePolicy::Branch branch;
            if (block.header.name == "when") {
                branch.condition = context.value(node, block.header, "condition");
                ok = ok && branch.condition;
            }
            auto policies = compilePolicies(block.policies, context);
            if (!policies) {
                ok = false;
                continue;
            }
            branch.policies = std::move(*policies);
            branches.push_back(std::move(branch));
        }
        if (!ok)
            return nullptr;
        return std::make_unique<ChoosePolicy>(std::move(branches));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeChooseKind() {
    return std::make_unique<ChooseKind>();
}

} // namespace portico::policies
