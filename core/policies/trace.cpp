#include "core/policies/builtin_policies.h"

#include "core/policy/policy_compiler.h"

#include <vector>

namespace portico::policies {

using namespace portico::policy;

namespace {

struct TraceMetadata {
    std::string name;
    PolicyValue value;
};

class TracePolicy final : public CompiledPolicy {
public:
    TracePolicy(std::string source, std::string severity, PolicyValue message,
                std::vector<TraceMetadata> metadata)
        : m_source(std::move(source))
        , m_severity(std::move(severity))
        , m_message(std::move(message))
        , m_metadata(std::move(metadata)) {}

    RunResult run(RequestContext& context) const override {
        PolicyError failure = error({}, {}, 500);
        auto message = m_message.text(context, failure);
        if (!message)
            return RunResult::fail(std::move(failure));
        // Metadata travels with the message as name=value pairs, the way APIM's trace lists them.
        for (const auto& item : m_metadata) {
            const auto value = item.value.text(context, failure);
            if (!value)
                return RunResult::fail(std::move(failure));
            *message += " [" + item.name + "=" + *value + "]";
        }
        context.trace(m_source, m_severity, *message);
        return RunResult::next();
    }

private:
    std::string m_source;
    std::string m_severity;
    PolicyValue m_message;
    std::vector<TraceMetadata> m_metadata;
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
        std::optional<PolicyValue> message;
        std::vector<TraceMetadata> metadata;
        bool ok = true;
        for (const auto* child : node.element.childElements()) {
            if (child->name == "message") {
                message = context.innerValue(node, *child);
                ok = ok && message;
            } else if (child->name == "metadata") {
                const auto name = context.text(node, *child, "name");
                auto value = context.value(node, *child, "value");
                if (name && value)
                    metadata.push_back({*name, std::move(*value)});
                else
                    ok = false;
            }
        }
        if (!source || !severity || !message || !ok)
            return nullptr;
        return std::make_unique<TracePolicy>(*source, *severity, std::move(*message),
                                             std::move(metadata));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeTraceKind() {
    return std::make_unique<TraceKind>();
}

} // namespace portico::policies
