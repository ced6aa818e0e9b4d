#include "core/policies/builtin_policies.h"

#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

// A literal value is a string, as in APIM; typed values come from expressions.
class SetVariablePolicy final : public CompiledPolicy {
public:
    SetVariablePolicy(std::string name, PolicyValue value)
        : m_name(std::move(name))
        , m_value(std::move(value)) {}

    RunResult run(RequestContext& context) const override {
        PolicyError failure = error({}, {}, 500);
        auto value = m_value.evaluate(context, failure);
        if (!value)
            return RunResult::fail(std::move(failure));
        context.setVariable(m_name, std::move(*value));
        return RunResult::next();
    }

private:
    std::string m_name;
    PolicyValue m_value;
};

class SetVariableKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "set-variable",
            .attributes = {{"name", ValueType::String, true, {}},
                           {"value", ValueType::String, true, {}}},
        };
        return rule;
    }
    SectionSet sections() const override { return kAnySection; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        const auto name = context.text(node, node.element, "name");
        auto value = context.value(node, node.element, "value");
        if (!name || !value)
            return nullptr;
        return std::make_unique<SetVariablePolicy>(*name, std::move(*value));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeSetVariableKind() {
    return std::make_unique<SetVariableKind>();
}

} // namespace portico::policies
