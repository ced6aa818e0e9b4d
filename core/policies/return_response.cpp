#include "core/policies/builtin_policies.h"

#include "core/policy/expr/http_response.h"
#include "core/policy/policy_compiler.h"
#include "core/policy/policy_registry.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

class ReturnResponsePolicy final : public CompiledPolicy {
public:
    ReturnResponsePolicy(CompiledPolicyList parts, std::string variable)
        : m_parts(std::move(parts))
        , m_variable(std::move(variable)) {}

    RunResult run(RequestContext& context) const override {
        context.resetResponse();
        if (!m_variable.empty()) {
            // Start from a response send-request stored: its status, headers and body.
            const auto* value = context.variable(m_variable);
            const auto* response =
                value && value->type() == expr::Ty::Response
                    ? static_cast<const expr::HttpResponseData*>(value->asObject().raw)
                    : nullptr;
            if (!response)
                return RunResult::fail(
                    error("ResponseVariableNotFound",
                          "Variable '" + m_variable + "' does not hold a response.", 500));
            context.setStatus(response->statusCode, response->statusReason);
            for (const auto& [name, headerValue] : response->headers)
                context.appendHeader(MessageKind::Response, name, headerValue);
            context.setBody(MessageKind::Response, response->body);
        }
        const RunResult result = runPolicies(m_parts, context);
        if (result.flow == RunResult::Flow::Fail)
            return result;
        return RunResult::respond();
    }
    bool readsBody() const override { return policy::readsBody(m_parts); }

private:
    CompiledPolicyList m_parts; // set-status, set-header and set-body acting on the response
    std::string m_variable;     // response-variable-name, may be empty
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
        const auto variable = context.text(node, node.element, "response-variable-name");
        if (!variable)
            return nullptr;
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
        return std::make_unique<ReturnResponsePolicy>(std::move(compiled), *variable);
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
