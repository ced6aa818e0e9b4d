#include "core/policies/builtin_policies.h"

#include "core/policies/http_text.h"
#include "core/policies/typed_value.h"

#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

class SetStatusPolicy final : public CompiledPolicy {
public:
    SetStatusPolicy(PolicyValue code, std::optional<PolicyValue> reason)
        : m_code(std::move(code))
        , m_reason(std::move(reason)) {}

    RunResult run(RequestContext& context) const override {
        PolicyError failure = error({}, {}, 500);
        const auto code = boundedInteger(m_code, context, 100, 599, "The status code", failure);
        if (!code)
            return RunResult::fail(std::move(failure));
        std::string reason = reasonPhrase(*code);
        if (m_reason) {
            auto text = m_reason->text(context, failure);
            if (!text)
                return RunResult::fail(std::move(failure));
            if (hasControlCharacter(*text))
                return RunResult::fail(error("ExpressionValueEvaluationFailure",
                                             "The reason phrase contains a control character.",
                                             500));
            reason = std::move(*text);
        }
        context.setStatus(static_cast<int>(*code), std::move(reason));
        return RunResult::next();
    }

private:
    PolicyValue m_code;
    std::optional<PolicyValue> m_reason; // none: the code's standard phrase
};

class SetStatusKind final : public PolicyKind {
public:
    const ElementRule& rule() const override { return setStatusRule(); }
    SectionSet sections() const override { return kAnySection; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        auto code = typedValue(node, context, setStatusRule().attributes[0], "200");
        if (!code)
            return nullptr;
        std::optional<PolicyValue> reason;
        if (node.element.attribute("reason")) {
            reason = context.value(node, node.element, "reason");
            if (!reason)
                return nullptr;
        }
        return std::make_unique<SetStatusPolicy>(std::move(*code), std::move(reason));
    }
};

} // namespace

const ElementRule& setStatusRule() {
    static const ElementRule rule{
        .name = "set-status",
        .attributes = {{"code", ValueType::StatusCode, true, {}},
                       {"reason", ValueType::String, false, {}}},
    };
    return rule;
}

std::unique_ptr<PolicyKind> makeSetStatusKind() {
    return std::make_unique<SetStatusKind>();
}

} // namespace portico::policies
