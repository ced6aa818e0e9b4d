#include "core/policies/builtin_policies.h"

#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

class TracePolicy final : public CompiledPolicy {
public:
    TracePolicy(std::string source, std::string severity, std::string message)
        : m_source(std::move(source))
        , m_severity(std::move(severity))
        , m_message(std::move(message)) {}

    RunResult run(RequestContext& context) const override {
        context.trace(m_source, m_severity, m_message);
        return RunResult::next();
    }

private:
    std::string m_source;
    std::string m_severity;
    std::string m_message;
};

class TraceKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "trace",
            .attributes =
                {{"source", ValueType::String, true, {}},
                 {"severity", ValueType::Enum, false, {"verbose", "information", "error"}}},
            .children = {{.name = "message", .occurs = Occurs::One, .text = TextRule::Allowed},
                         {.name = "metadata",
                          .attributes = {{"name", ValueType::String, true, {}},
                                         {"value", ValueType::String, true, {}}},
                          .occurs = Occurs::Many}},
        };
        return rule;
    }
    SectionSet sections() const override { return kAnySection; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        const auto source = context.text(node, node.element, "source");
        const auto severity = context.text(node, node.element, "severity", "verbose");
        std::optional<std::string> message;
        for (const auto* child : node.element.childElements()) {
            if (child->name == "message")
                message = context.innerText(node, *child);
        }
        if (!source || !severity || !message)
            return nullptr;
        return std::make_unique<TracePolicy>(*source, *severity, *message);
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeTraceKind() {
    return std::make_unique<TraceKind>();
}

} // namespace portico::policies
