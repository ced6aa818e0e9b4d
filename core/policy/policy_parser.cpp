#include "core/policy/policy_parser.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/edit_distance.h"
#include "core/policy/policy_kind.h"
#include "core/policy/policy_registry.h"

namespace portico::policy {
namespace {

const ElementRule& baseRule() {
    static const ElementRule rule{"base", {}, Occurs::Optional, TextRule::None, {}};
    return rule;
}

const ElementRule& includeRule() {
    static const ElementRule rule{"include-fragment",
                                  {{"fragment-id", ValueType::String, true, {}}},
                                  Occurs::Optional,
                                  TextRule::None,
                                  {}};
    return rule;
}

std::string sectionList(SectionSet sections) {
    std::string list;
    for (Section s : kAllSections) {
        if (sections & sectionBit(s))
            list += (list.empty() ? "" : ", ") + std::string(sectionName(s));
    }
    return list;
}

xml::XmlNode withoutChildren(const xml::XmlNode& element) {
    xml::XmlNode copy;
    copy.kind = element.kind;
    copy.name = element.name;
    copy.attributes = element.attributes;
    copy.where = element.where;
    return copy;
}

class Parser {
public:
    Parser(const ParseOptions& options, const PolicyRegistry& registry,
           model::DiagnosticList& diagnostics)
        : m_options(options)
        , m_registry(registry)
        , m_context(options.file, diagnostics) {}

    PolicyDocument parse(const xml::XmlNode& root) {
        PolicyDocument document;
        document.file = m_options.file;
        document.scope = m_options.scope;
        if (m_options.scope == Scope::Fragment) {
            document.kind = PolicyDocument::Kind::Fragment;
            if (root.name != "fragment") {
                m_context.error(codes::kBadRoot, root.where,
                                "expected <fragment> as the root element of a policy fragment, "
                                "found <" +
                                    root.name + ">");
                return document;
            }
            checkRootAttributes(root);
            document.fragmentPolicies = parseList(root, std::nullopt, true);
            return document;
        }
        if (root.name != "policies") {
            m_context.error(
                codes::kBadRoot, root.where,
                "expected <policies> as the root element, found <" + root.name + ">" +
                    (root.name == "fragment" ? " (a fragment belongs in fragments/<id>.xml)" : ""));
            return document;
        }
        checkRootAttributes(root);
        checkNoText(root);
        std::vector<std::string_view> names;
        for (Section s : kAllSections)
            names.push_back(sectionName(s));
        for (const xml::XmlNode* child : root.childElements()) {
            const auto section = sectionFromName(child->name);
            if (!section) {
                m_context.error(codes::kUnknownSection, child->where,
                                "unknown section <" + child->name +
                                    "> (expected inbound, backend, outbound or on-error)" +
                                    didYouMean(child->name, names));
                continue;
            }
            PolicySection& target = document.section(*section);
            if (target.present) {
                m_context.error(codes::kDuplicateSection, child->where,
                                "section <" + child->name + "> appears twice (first at " +
                                    std::to_string(target.where.line) + ":" +
                                    std::to_string(target.where.column) + ")");
                continue;
            }
            target.present = true;
            target.where = m_context.at(child->where);
            for (const auto& attribute : child->attributes)
                m_context.error(codes::kUnknownAttribute, attribute.where,
                                "unknown attribute '" + attribute.name + "' on <" + child->name +
                                    ">");
            target.policies = parseList(*child, *section, true);
        }
        checkSingleForwardRequest(document.section(Section::Backend).policies,
                                  m_context.diagnostics());
        return document;
    }

private:
    void checkRootAttributes(const xml::XmlNode& root) {
        for (const auto& attribute : root.attributes)
            m_context.error(codes::kUnknownAttribute, attribute.where,
                            "unknown attribute '" + attribute.name + "' on <" + root.name + ">");
    }

    void checkNoText(const xml::XmlNode& parent) {
        for (const auto& child : parent.children) {
            const bool significant = child.kind == xml::XmlNode::Kind::CData ||
                                     (child.kind == xml::XmlNode::Kind::Text &&
                                      child.text.find_first_not_of(" \t\r\n") != std::string::npos);
            if (significant)
                m_context.error(codes::kUnexpectedText, child.firstNonBlank(),
                                "text is not allowed in <" + parent.name +
                                    "> (only policy elements)");
        }
    }

    // The policies inside a section, fragment, branch or container. `direct` is true for a
    // section's or fragment's own children, the only place <base/> may stand.
    std::vector<PolicyNode> parseList(const xml::XmlNode& parent, std::optional<Section> section,
                                      bool direct) {
        checkNoText(parent);
        std::vector<PolicyNode> policies;
        const xml::XmlNode* base = nullptr;
        for (const xml::XmlNode* child : parent.childElements()) {
            if (child->name == "base") {
                if (!checkBase(*child, parent, direct, base))
                    continue;
                base = child;
            }
            if (auto node = parsePolicy(*child, section))
                policies.push_back(std::move(*node));
        }
        return policies;
    }

    bool checkBase(const xml::XmlNode& element, const xml::XmlNode& parent, bool direct,
                   const xml::XmlNode* earlier) {
        if (m_options.scope == Scope::Fragment) {
            m_context.error(codes::kMisplacedBase, element.where,
                            "<base/> is not allowed in a policy fragment");
            return false;
        }
        if (!direct) {
            m_context.error(codes::kMisplacedBase, element.where,
                            "<base/> must be a direct child of a section, not of <" + parent.name +
                                ">");
            return false;
        }
        if (m_options.scope == Scope::Global) {
            m_context.error(codes::kBaseAtGlobalScope, element.where,
                            "<base/> is not allowed at global scope: there is no parent scope "
                            "to inherit from");
            return false;
        }
        if (earlier) {
            m_context.error(codes::kMisplacedBase, element.where,
                            "<base/> appears twice in <" + parent.name + "> (first at " +
                                std::to_string(earlier->where.line) + ":" +
                                std::to_string(earlier->where.column) + ")");
            return false;
        }
        return true;
    }

    std::optional<PolicyNode> parsePolicy(const xml::XmlNode& element,
                                          std::optional<Section> section) {
        PolicyNode node;
        node.kind = element.name;
        node.origin.scope = m_options.scope;
        node.origin.fragmentId = m_options.fragmentId;
        node.origin.where = m_context.at(element.where);
        if (const auto* id = element.attribute("id"))
            node.id = id->value;

        if (element.name == "base" || element.name == "include-fragment") {
            m_context.checkElement(element, element.name == "base" ? baseRule() : includeRule(),
                                   node.expressions);
            node.element = element;
            return node;
        }
        const PolicyKind* kind = m_registry.find(element.name);
        if (!kind) {
            auto names = m_registry.names();
            names.push_back("base");
            names.push_back("include-fragment");
            m_context.error(codes::kUnknownPolicy, element.where,
                            "unknown policy <" + element.name + ">" +
                                didYouMean(element.name, names));
            return std::nullopt;
        }
        if (section && !(kind->sections() & sectionBit(*section)))
            m_context.error(codes::kPolicyNotAllowedInSection, element.where,
                            "<" + element.name + "> is not allowed in <" +
                                std::string(sectionName(*section)) + "> (allowed in " +
                                sectionList(kind->sections()) + ")");
        m_context.checkElement(element, kind->rule(), node.expressions);
        switch (kind->nesting()) {
        case Nesting::None:
            node.element = element;
            if (kind->rule().anyChildren)
                m_context.noteNestedExpressions(element, node.expressions);
            break;
        case Nesting::Direct:
            node.element = withoutChildren(element);
            node.blocks.push_back({withoutChildren(element), parseList(element, section, false)});
            break;
        case Nesting::Branches:
            node.element = withoutChildren(element);
            parseBranches(element, *kind, section, node);
            break;
        }
        kind->validate(node, m_context);
        return node;
    }

    void parseBranches(const xml::XmlNode& element, const PolicyKind& kind,
                       std::optional<Section> section, PolicyNode& node) {
        checkNoText(element);
        const auto& rules = kind.branchRules();
        std::vector<std::string_view> names;
        for (const auto& rule : rules)
            names.push_back(rule.name);
        std::vector<int> counts(rules.size(), 0);
        std::size_t lastIndex = 0;
        for (const xml::XmlNode* child : element.childElements()) {
            std::size_t index = 0;
            while (index < rules.size() && rules[index].name != child->name)
                ++index;
            if (index == rules.size()) {
                m_context.error(codes::kUnexpectedChild, child->where,
                                "unexpected element <" + child->name + "> in <" + element.name +
                                    ">" + didYouMean(child->name, names));
                continue;
            }
            if (index < lastIndex)
                m_context.error(codes::kUnexpectedChild, child->where,
                                "<" + child->name + "> must come before <" +
                                    std::string(rules[lastIndex].name) + "> in <" + element.name +
                                    ">");
            lastIndex = std::max(lastIndex, index);
            if (++counts[index] == 2 && rules[index].occurs == Occurs::Optional)
                m_context.error(codes::kTooManyChildren, child->where,
                                "<" + element.name + "> takes at most one <" + child->name + ">");
            m_context.checkElement(*child, rules[index], node.expressions);
            node.blocks.push_back({withoutChildren(*child), parseList(*child, section, false)});
        }
        for (std::size_t i = 0; i < rules.size(); ++i) {
            if (counts[i] == 0 &&
                (rules[i].occurs == Occurs::One || rules[i].occurs == Occurs::OneOrMore))
                m_context.error(codes::kMissingChild, element.where,
                                "<" + element.name + "> needs a <" + std::string(rules[i].name) +
                                    "> element");
        }
    }

    const ParseOptions& m_options;
    const PolicyRegistry& m_registry;
    ValidationContext m_context;
};

const char* codeFor(xml::XmlError::Kind kind) {
    switch (kind) {
    case xml::XmlError::Kind::Dtd:
        return codes::kDtdNotAllowed;
    case xml::XmlError::Kind::Limit:
        return codes::kXmlLimitExceeded;
    case xml::XmlError::Kind::Encoding:
        return codes::kNotUtf8;
    case xml::XmlError::Kind::Malformed:
        break;
    }
    return codes::kMalformedXml;
}

// Counts forward-requests along one path; returns true once a second one was reported.
void walkForwardRequests(const std::vector<PolicyNode>& policies, int& seen,
                         model::DiagnosticList& diagnostics) {
    for (const auto& node : policies) {
        if (node.kind == "forward-request") {
            if (++seen == 2)
                diagnostics.error(codes::kSecondForwardRequest, node.origin.where,
                                  "a second <forward-request>: the request can be forwarded "
                                  "only once");
        } else if (node.kind == "choose") {
            int most = seen;
            for (const auto& block : node.blocks) {
                int branch = seen;
                walkForwardRequests(block.policies, branch, diagnostics);
                most = std::max(most, branch);
            }
            seen = most;
        } else {
            for (const auto& block : node.blocks)
                walkForwardRequests(block.policies, seen, diagnostics);
        }
    }
}

} // namespace

std::optional<PolicyDocument> parsePolicyDocument(std::string_view text,
                                                  const ParseOptions& options,
                                                  model::DiagnosticList& diagnostics) {
    const auto xmlResult = xml::readXml(text, options.limits);
    if (!xmlResult.ok()) {
        const auto& error = *xmlResult.error;
        diagnostics.error(codeFor(error.kind), {options.file, error.where.line, error.where.column},
                          error.message);
        return std::nullopt;
    }
    const PolicyRegistry& registry = options.registry ? *options.registry : builtinPolicies();
    Parser parser(options, registry, diagnostics);
    return parser.parse(*xmlResult.root);
}

void checkSectionPlacement(const std::vector<PolicyNode>& policies, Section section,
                           const PolicyRegistry& registry, model::DiagnosticList& diagnostics) {
    for (const auto& node : policies) {
        if (const PolicyKind* kind = registry.find(node.kind)) {
            if (!(kind->sections() & sectionBit(section)))
                diagnostics.error(codes::kPolicyNotAllowedInSection, node.origin.where,
                                  "<" + node.kind + "> is not allowed in <" +
                                      std::string(sectionName(section)) + "> (allowed in " +
                                      sectionList(kind->sections()) + ")");
        }
        for (const auto& block : node.blocks)
            checkSectionPlacement(block.policies, section, registry, diagnostics);
    }
}

void checkSingleForwardRequest(const std::vector<PolicyNode>& policies,
                               model::DiagnosticList& diagnostics) {
    int seen = 0;
    walkForwardRequests(policies, seen, diagnostics);
}

} // namespace portico::policy
