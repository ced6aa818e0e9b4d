#include "core/policies/builtin_policies.h"
#include "core/policies/json_xml.h"
#include "core/policies/media_type.h"

#include "core/policy/policy_compiler.h"
#include "core/policy/xml/xml_reader.h"
#include "core/text/json_text.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

class XmlToJsonPolicy final : public CompiledPolicy {
public:
    XmlToJsonPolicy(MessageKind message, bool always, bool considerAccept, XmlToJsonOptions options)
        : m_message(message)
        , m_always(always)
        , m_considerAccept(considerAccept)
        , m_options(options) {}

    RunResult run(RequestContext& context) const override {
        if (!m_always && !contentTypeContains(context, m_message, "xml"))
            return RunResult::next();
        if (m_considerAccept && !acceptAllows(context, "json"))
            return RunResult::next();
        // The policy XML reader: strict, bounded and without DTDs, so hostile bodies cost little.
        const auto read = xml::readXml(context.body(m_message));
        if (!read.ok())
            return RunResult::next(); // not XML: left as it is
        context.setBody(m_message, text::jsonText(xmlToJson(*read.root, m_options)));
        context.setHeader(m_message, "Content-Type", {"application/json"});
        return RunResult::next();
    }
    bool readsBody() const override { return true; }

private:
    MessageKind m_message;
    bool m_always;
    bool m_considerAccept;
    XmlToJsonOptions m_options;
};

class XmlToJsonKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "xml-to-json",
            .attributes = {{"kind", ValueType::Enum, true, {"javascript-friendly", "direct"}},
                           {"apply", ValueType::Enum, true, {"always", "content-type-xml"}},
                           {"consider-accept-header", ValueType::Bool, false, {}},
                           {"always-array-child-elements", ValueType::Bool, false, {}}}};
        return rule;
    }
    SectionSet sections() const override { return kInbound | kOutbound | kOnError; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        const auto kind = context.text(node, node.element, "kind");
        const auto apply = context.text(node, node.element, "apply");
        const auto accept = context.flag(node, node.element, "consider-accept-header", true);
        const auto arrays = context.flag(node, node.element, "always-array-child-elements", false);
        if (!kind || !apply || !accept || !arrays)
            return nullptr;
        return std::make_unique<XmlToJsonPolicy>(messageFor(context.section()), *apply == "always",
                                                 *accept,
                                                 XmlToJsonOptions{*arrays, *kind == "direct"});
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeXmlToJsonKind() {
    return std::make_unique<XmlToJsonKind>();
}

} // namespace portico::policies
