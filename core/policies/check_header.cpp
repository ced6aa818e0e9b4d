#include "core/policies/builtin_policies.h"

#include "core/policies/http_text.h"
#include "core/policies/typed_value.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"
#include "core/text/ascii.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

bool sameText(std::string_view a, std::string_view b, bool ignoreCase) {
    return ignoreCase ? text::equalsIgnoringAsciiCase(a, b) : a == b;
}

class CheckHeaderPolicy final : public CompiledPolicy {
public:
    CheckHeaderPolicy(PolicyValue name, PolicyValue status, PolicyValue message,
                      PolicyValue ignoreCase, std::vector<std::string> allowed)
        : m_name(std::move(name))
        , m_status(std::move(status))
        , m_message(std::move(message))
        , m_ignoreCase(std::move(ignoreCase))
        , m_allowed(std::move(allowed)) {}

    RunResult run(RequestContext& context) const override {
        PolicyError failure = error({}, {}, 500);
        const auto name = m_name.text(context, failure);
        if (!name)
            return RunResult::fail(std::move(failure));
        if (!isHeaderName(*name))
            return RunResult::fail(error("ExpressionValueEvaluationFailure",
                                         "The header name to check is not a valid HTTP header "
                                         "name.",
                                         500));
        const auto values = context.headerValues(MessageKind::Request, *name);
        const char* reason = nullptr;
        if (values.empty()) {
            reason = "HeaderNotFound";
        } else if (!m_allowed.empty()) {
            const auto ignoreCase = flagValue(m_ignoreCase, context, failure);
            if (!ignoreCase)
                return RunResult::fail(std::move(failure));
            if (!anyAllowed(values, *ignoreCase))
                reason = "HeaderValueNotAllowed";
        }
        if (!reason)
            return RunResult::next();
        const auto status = boundedInteger(m_status, context, 100, 599, "The status code", failure);
        const auto message = status ? m_message.text(context, failure) : std::nullopt;
        if (!status || !message)
            return RunResult::fail(std::move(failure));
        return RunResult::fail(error(reason, *message, static_cast<int>(*status)));
    }

private:
    bool anyAllowed(const std::vector<std::string>& values, bool ignoreCase) const {
        for (const auto& value : values) {
            for (const auto& allowed : m_allowed) {
                if (sameText(value, allowed, ignoreCase))
                    return true;
            }
        }
        return false;
    }

    PolicyValue m_name;
    PolicyValue m_status;
    PolicyValue m_message;
    PolicyValue m_ignoreCase;
    std::vector<std::string> m_allowed;
};

class CheckHeaderKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "check-header",
            .attributes = {{"name", ValueType::String, true, {}},
                           {"failed-check-httpcode", ValueType::StatusCode, true, {}},
                           {"failed-check-error-message", ValueType::String, true, {}},
                           {"ignore-case", ValueType::Bool, true, {}}},
            .children = {{.name = "value", .occurs = Occurs::Many, .text = TextRule::Required}},
        };
        return rule;
    }
    SectionSet sections() const override { return kInbound; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        auto name = context.value(node, node.element, "name");
        auto status = typedValue(node, context, rule().attributes[1], "401");
        auto message = context.value(node, node.element, "failed-check-error-message");
        auto ignoreCase = typedValue(node, context, rule().attributes[3], "false");
        std::vector<std::string> allowed;
        for (const auto* value : node.element.childElements()) {
            if (auto text = context.innerText(node, *value))
                allowed.push_back(std::move(*text));
        }
        if (!name || !status || !message || !ignoreCase || context.failed())
            return nullptr;
        if (!name->isExpression() && !isHeaderName(name->literal())) {
            context.error(codes::kBadAttributeValue, node.origin.where,
                          "<check-header> needs a valid HTTP header name");
            return nullptr;
        }
        return std::make_unique<CheckHeaderPolicy>(std::move(*name), std::move(*status),
                                                   std::move(*message), std::move(*ignoreCase),
                                                   std::move(allowed));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeCheckHeaderKind() {
    return std::make_unique<CheckHeaderKind>();
}

} // namespace portico::policies
