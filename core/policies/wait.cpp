#include "core/policies/builtin_policies.h"

#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

// Runs its policies one after another. APIM starts them at once; the outcome is the same for
// for="all", and for="any" Portico also lets every child finish before going on.
class WaitPolicy final : public CompiledPolicy {
public:
    explicit WaitPolicy(CompiledPolicyList body)
        : m_body(std::move(body)) {}

    RunResult run(RequestContext&) const override { return RunResult::enter(m_body); }
    bool readsBody() const override { return policy::readsBody(m_body); }

private:
    CompiledPolicyList m_body;
};

class WaitKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "wait",
            .attributes = {{"for", ValueType::Enum, false, {"all", "any"}}},
            .text = TextRule::Allowed,
            .anyChildren = true};
        return rule;
    }
    SectionSet sections() const override { return kAnySection; }
    Nesting nesting() const override { return Nesting::Direct; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        auto body = compilePolicies(node.blocks.at(0).policies, context);
        if (!body)
            return nullptr;
        return std::make_unique<WaitPolicy>(std::move(*body));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeWaitKind() {
    return std::make_unique<WaitKind>();
}

} // namespace portico::policies
