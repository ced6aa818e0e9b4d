#include "core/policies/builtin_policies.h"
#include "core/policies/http_text.h"
#include "core/policies/name_value_policy.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

class SetHeaderPolicy final : public CompiledPolicy {
public:
    SetHeaderPolicy(MessageKind message, std::string name, ExistsAction action,
                    std::vector<PolicyValue> values)
        : m_message(message)
        , m_name(std::move(name))
        , m_action(action)
        , m_values(std::move(values)) {}

    RunResult run(RequestContext& context) const override {
        if (m_action == ExistsAction::Delete) {
            context.removeHeader(m_message, m_name);
            return RunResult::next();
        }
        if (m_action == ExistsAction::Skip && !context.headerValues(m_message, m_name).empty())
            return RunResult::next();
        PolicyError failure = error({}, {}, 500);
        auto values = evaluateValues(m_values, context, failure);
        if (!values)
            return RunResult::fail(std::move(failure));
        switch (m_action) {
        case ExistsAction::Skip:
        case ExistsAction::Override:
            context.setHeader(m_message, m_name, std::move(*values));
            break;
        case ExistsAction::Append:
            for (const auto& value : *values)
                context.appendHeader(m_message, m_name, value);
            break;
        case ExistsAction::Delete:
            context.removeHeader(m_message, m_name);
            break;
        }
        return RunResult::next();
    }

private:
    MessageKind m_message;
    std::string m_name;
    ExistsAction m_action;
    std::vector<PolicyValue> m_values;
};

class SetHeaderKind final : public PolicyKind {
public:
    const ElementRule& rule() const override { return setHeaderRule(); }
    SectionSet sections() const override { return kAnySection; }

    void validate(const PolicyNode& node, ValidationContext& context) const override {
        validateNameValuePolicy(node, context);
    }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        auto settings = compileNameValuePolicy(node, context);
        if (!settings)
            return nullptr;
        if (!isHeaderName(settings->name)) {
            context.error(codes::kBadAttributeValue, node.origin.where,
                          "<" + node.kind + "> needs a valid HTTP header name");
            return nullptr;
        }
        return std::make_unique<SetHeaderPolicy>(messageFor(context.section()), settings->name,
                                                 settings->action, std::move(settings->values));
    }
};

} // namespace

const ElementRule& setHeaderRule() {
    static const ElementRule rule{
        .name = "set-header",
        .attributes =
            {{"name", ValueType::String, true, {}},
             {"exists-action", ValueType::Enum, false, {"override", "skip", "append", "delete"}}},
        .occurs = Occurs::Many,
        .text = TextRule::None,
        .children = {{.name = "value", .occurs = Occurs::Many, .text = TextRule::Allowed}},
    };
    return rule;
}

std::unique_ptr<PolicyKind> makeSetHeaderKind() {
    return std::make_unique<SetHeaderKind>();
}

} // namespace portico::policies
