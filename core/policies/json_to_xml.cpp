#include "core/policies/builtin_policies.h"
#include "core/policies/json_xml.h"
#include "core/policies/media_type.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

class JsonToXmlPolicy final : public CompiledPolicy {
public:
    JsonToXmlPolicy(MessageKind message, bool always, bool considerAccept, JsonToXmlOptions options)
        : m_message(message)
        , m_always(always)
        , m_considerAccept(considerAccept)
        , m_options(std::move(options)) {}

    RunResult run(RequestContext& context) const override {
        if (!m_always && !contentTypeContains(context, m_message, "json"))
            return RunResult::next();
        if (m_considerAccept && !acceptAllows(context, "xml"))
            return RunResult::next();
        const auto value = text::OrderedJson::parse(context.body(m_message), nullptr, false);
        if (value.is_discarded())
            return RunResult::next(); // not JSON: left as it is
        context.setBody(m_message, jsonToXml(value, m_options));
        context.setHeader(m_message, "Content-Type", {"application/xml"});
        return RunResult::next();
    }
    bool readsBody() const override { return true; }

private:
    MessageKind m_message;
    bool m_always;
    bool m_considerAccept;
    JsonToXmlOptions m_options;
};

class JsonToXmlKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "json-to-xml",
            .attributes = {{"apply", ValueType::Enum, true, {"always", "content-type-json"}},
                           {"consider-accept-header", ValueType::Bool, false, {}},
                           {"parse-date", ValueType::Bool, false, {}},
                           {"namespace-separator", ValueType::String, false, {}},
                           {"namespace-prefix", ValueType::String, false, {}},
                           {"attribute-block-name", ValueType::String, false, {}}}};
        return rule;
    }
    SectionSet sections() const override { return kInbound | kOutbound | kOnError; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        for (const char* unsupported : {"namespace-separator", "namespace-prefix"}) {
            if (const auto* a = node.element.attribute(unsupported)) {
                context.error(codes::kPolicyNotRunnable, context.where(node, a->valueWhere),
                              std::string("attribute '") + unsupported +
                                  "' of <json-to-xml> is not supported yet");
                return nullptr;
            }
        }
        const auto apply = context.text(node, node.element, "apply");
        const auto accept = context.flag(node, node.element, "consider-accept-header", true);
        const auto block = context.text(node, node.element, "attribute-block-name");
        if (!apply || !accept || !block)
            return nullptr;
        return std::make_unique<JsonToXmlPolicy>(messageFor(context.section()), *apply == "always",
                                                 *accept, JsonToXmlOptions{*block});
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeJsonToXmlKind() {
    return std::make_unique<JsonToXmlKind>();
}

} // namespace portico::policies
