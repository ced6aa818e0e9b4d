#include "core/policies/builtin_policies.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"
#include "core/policy/policy_registry.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

class ReturnResponsePolicy final : public CompiledPolicy {
public:
    explicit ReturnResponsePolicy(CompiledPolicyList parts)
        : m_parts(std::move(parts)) {}

    RunResult run(RequestContext& context) const override {
        context.resetResponse();
        const RunResult result = runPolicies(m_parts, context);
        if (result.flow == RunResult::Flow::Fail)
            return result;
        return RunResult::respond();
    }

private:
    CompiledPolicyList m_parts; // set-status, set-header and set-body acting on the response
};

class ReturnResponseKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "return-response",
            .attributes = {{"response-variable-name", ValueType::String, false, {}}},
            .children = {optional(setStatusRule(), Occurs::Optional),
                         optional(setHeaderRule(), Occurs::Many),
                         optional(setBodyRule(), Occurs::Optional)},
        };
        return rule;
    }
    SectionSet sections() const override { return kAnySection; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        if (const auto* variable = node.element.attribute("response-variable-name")) {
            context.error(codes::kPolicyNotRunnable, context.where(node, variable->valueWhere),
                          "response-variable-name needs <send-request>, which is not supported "
                          "yet");
            return nullptr;
        }
        // The nested policies always shape the response, whatever the section.
        CompileContext responseContext = context.forSection(Section::Outbound);
        CompiledPolicyList compiled;
        for (const auto* child : node.element.childElements()) {
            PolicyNode part;
            part.kind = child->name;
            part.element = *child;
            part.origin = node.origin;
            part.origin.where = context.where(node, child->where);
            const PolicyKind* kind = context.registry().find(part.kind);
            auto policy = kind ? kind->compile(part, responseContext) : nullptr;
            if (!policy)
                return nullptr;
            policy->describe(part.kind, {}, part.origin);
            compiled.push_back(std::move(policy));
        }
        return std::make_unique<ReturnResponsePolicy>(std::move(compiled));
    }

private:
    static ElementRule optional(ElementRule rule, Occurs occurs) {
        rule.occurs = occurs;
        return rule;
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeReturnResponseKind() {
    return std::make_unique<ReturnResponseKind>();
}

} // namespace portico::policies
