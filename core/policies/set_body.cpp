#include "core/policies/builtin_policies.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

class SetBodyPolicy final : public CompiledPolicy {
public:
    SetBodyPolicy(MessageKind message, std::string body)
        : m_message(message)
        , m_body(std::move(body)) {}

    RunResult run(RequestContext& context) const override {
        context.setBody(m_message, m_body);
        return RunResult::next();
    }

private:
    MessageKind m_message;
    std::string m_body;
};

class SetBodyKind final : public PolicyKind {
public:
    const ElementRule& rule() const override { return setBodyRule(); }
    SectionSet sections() const override { return kInbound | kBackend | kOutbound; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        const auto* templateAttribute = node.element.attribute("template");
        if (templateAttribute && templateAttribute->value == "liquid") {
            context.error(codes::kPolicyNotRunnable,
                          context.where(node, templateAttribute->valueWhere),
                          "Liquid templates in <set-body> are not supported yet");
            return nullptr;
        }
        auto body = context.innerText(node, node.element);
        if (!body)
            return nullptr;
        return std::make_unique<SetBodyPolicy>(messageFor(context.section()), std::move(*body));
    }
};

} // namespace

const ElementRule& setBodyRule() {
    static const ElementRule rule{
        .name = "set-body",
        .attributes = {{"template", ValueType::Enum, false, {"liquid", "none"}},
                       {"xsi-nil", ValueType::Enum, false, {"blank", "null"}},
                       {"parse-date", ValueType::Bool, false, {}}},
        .text = TextRule::Allowed,
    };
    return rule;
}

std::unique_ptr<PolicyKind> makeSetBodyKind() {
    return std::make_unique<SetBodyKind>();
}

} // namespace portico::policies
