#include "core/policies/builtin_policies.h"

#include "core/policies/http_text.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

bool sameText(std::string_view a, std::string_view b, bool ignoreCase) {
    if (!ignoreCase)
        return a == b;
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

class CheckHeaderPolicy final : public CompiledPolicy {
public:
    CheckHeaderPolicy(std::string name, int status, std::string message, bool ignoreCase,
                      std::vector<std::string> allowed)
        : m_name(std::move(name))
        , m_status(status)
        , m_message(std::move(message))
        , m_ignoreCase(ignoreCase)
        , m_allowed(std::move(allowed)) {}

    RunResult run(RequestContext& context) const override {
        const auto values = context.headerValues(MessageKind::Request, m_name);
        if (values.empty())
            return RunResult::fail(error("HeaderNotFound", m_message, m_status));
        if (m_allowed.empty())
            return RunResult::next();
        for (const auto& value : values) {
            for (const auto& allowed : m_allowed) {
                if (sameText(value, allowed, m_ignoreCase))
                    return RunResult::next();
            }
        }
        return RunResult::fail(error("HeaderValueNotAllowed", m_message, m_status));
    }

private:
    std::string m_name;
    int m_status;
    std::string m_message;
    bool m_ignoreCase;
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
        const auto name = context.text(node, node.element, "name");
        const auto status = context.number(node, node.element, rule().attributes[1], 401);
        const auto message = context.text(node, node.element, "failed-check-error-message");
        const auto ignoreCase = context.flag(node, node.element, "ignore-case", false);
        std::vector<std::string> allowed;
        for (const auto* value : node.element.childElements()) {
            if (auto text = context.innerText(node, *value))
                allowed.push_back(std::move(*text));
        }
        if (!name || !status || !message || !ignoreCase || context.failed())
            return nullptr;
        if (!isHeaderName(*name)) {
            context.error(codes::kBadAttributeValue, node.origin.where,
                          "<check-header> needs a valid HTTP header name");
            return nullptr;
        }
        return std::make_unique<CheckHeaderPolicy>(*name, static_cast<int>(*status), *message,
                                                   *ignoreCase, std::move(allowed));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeCheckHeaderKind() {
    return std::make_unique<CheckHeaderKind>();
}

} // namespace portico::policies
