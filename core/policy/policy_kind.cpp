#include "core/policy/policy_kind.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/edit_distance.h"
#include "core/policy/expr/expression.h"
#include "core/text/ascii.h"

#include <algorithm>

namespace portico::policy {
namespace {

bool allDigits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

const ElementRule* findChildRule(const ElementRule& rule, std::string_view name) {
    for (const auto& child : rule.children) {
        if (child.name == name)
            return &child;
    }
    return nullptr;
}

std::string expectedChildren(const ElementRule& rule) {
    std::string list;
    for (const auto& child : rule.children) {
        if (!list.empty())
            list += ", ";
        list += "<" + std::string(child.name) + ">";
    }
    return list.empty() ? "no child elements" : list;
}

} // namespace

std::string checkValue(std::string_view value, const AttributeRule& rule) {
    const std::string found = "'" + std::string(value) + "'";
    switch (rule.type) {
    case ValueType::String:
        return {};
    case ValueType::Bool:
        if (text::equalsIgnoringAsciiCase(value, "true") ||
            text::equalsIgnoringAsciiCase(value, "false"))
            return {};
        return "expected true or false, found " + found;
    case ValueType::Int: {
        const std::string_view digits = value.substr(!value.empty() && value[0] == '-' ? 1 : 0);
        if (allDigits(digits) && digits.size() <= 18)
            return {};
        return "expected a whole number, found " + found;
    }
    case ValueType::Count:
        if (allDigits(value) && value.size() <= 18)
            return {};
        return "expected a non-negative whole number, found " + found;
    case ValueType::Seconds:
        if (allDigits(value) && value.size() <= 18)
            return {};
        return "expected a duration in whole seconds, found " + found;
    case ValueType::StatusCode:
        if (allDigits(value) && value.size() == 3 && value >= "100" && value <= "599")
            return {};
        return "expected an HTTP status code between 100 and 599, found " + found;
    case ValueType::Enum: {
        if (std::find(rule.values.begin(), rule.values.end(), value) != rule.values.end())
            return {};
        std::string list;
        for (auto v : rule.values)
            list += (list.empty() ? "" : ", ") + std::string(v);
        return "expected one of " + list + ", found " + found + didYouMean(value, rule.values);
    }
    }
    return {};
}

void ValidationContext::error(const char* code, xml::TextPosition where, std::string message) {
    m_diagnostics.error(code, at(where), std::move(message));
}

bool ValidationContext::noteExpression(std::string_view value, xml::TextPosition where,
                                       std::string attribute, std::string element,
                                       std::vector<PolicyExpression>& expressions) {
    if (!isExpression(value))
        return false;
    const auto start = value.find_first_not_of(" \t\r\n");
    PolicyExpression expression{std::move(attribute), std::move(element),
                                std::string(value.substr(start)), at(where)};
    // Named values are substituted before compiling, so such an expression is checked then.
    if (expression.text.find("{{") == std::string::npos) {
        const auto compiled = expr::compileExpression(expression.text, {where.line, where.column});
        for (const auto& e : compiled.errors)
            m_diagnostics.error(codes::kExpressionError, {m_file, e.where.line, e.where.column},
                                e.message);
    }
    expressions.push_back(std::move(expression));
    return true;
}

void ValidationContext::checkElement(const xml::XmlNode& element, const ElementRule& rule,
                                     std::vector<PolicyExpression>& expressions) {
    checkAttributes(element, rule, expressions);
    checkText(element, rule, expressions);
    if (rule.anyChildren)
        return;
    std::vector<std::string_view> names;
    for (const auto& child : rule.children)
        names.push_back(child.name);
    std::vector<int> counts(rule.children.size(), 0);
    for (const xml::XmlNode* child : element.childElements()) {
        const ElementRule* childRule = findChildRule(rule, child->name);
        if (!childRule) {
            error(codes::kUnexpectedChild, child->where,
                  "unexpected element <" + child->name + "> in <" + element.name + "> (expected " +
                      expectedChildren(rule) + ")" + didYouMean(child->name, names));
            continue;
        }
        const auto index = static_cast<std::size_t>(childRule - rule.children.data());
        if (++counts[index] == 2 &&
            (childRule->occurs == Occurs::One || childRule->occurs == Occurs::Optional))
            error(codes::kTooManyChildren, child->where,
                  "<" + element.name + "> takes at most one <" + child->name + ">");
        checkElement(*child, *childRule, expressions);
    }
    for (std::size_t i = 0; i < rule.children.size(); ++i) {
        const Occurs occurs = rule.children[i].occurs;
        if (counts[i] == 0 && (occurs == Occurs::One || occurs == Occurs::OneOrMore))
            error(codes::kMissingChild, element.where,
                  "<" + element.name + "> needs a <" + std::string(rule.children[i].name) +
                      "> element");
    }
}

void ValidationContext::checkAttributes(const xml::XmlNode& element, const ElementRule& rule,
                                        std::vector<PolicyExpression>& expressions) {
    std::vector<std::string_view> names{"id"};
    for (const auto& a : rule.attributes)
        names.push_back(a.name);
    for (const auto& attribute : element.attributes) {
        const AttributeRule* attributeRule = nullptr;
        for (const auto& a : rule.attributes) {
            if (a.name == attribute.name)
                attributeRule = &a;
        }
        if (noteExpression(attribute.value, attribute.valueWhere, attribute.name, element.name,
                           expressions))
            continue;
        if (!attributeRule) {
            if (attribute.name != "id" && !rule.anyAttributes)
                error(codes::kUnknownAttribute, attribute.where,
                      "unknown attribute '" + attribute.name + "' on <" + element.name + ">" +
                          didYouMean(attribute.name, names));
            continue;
        }
        if (attribute.value.find("{{") != std::string::npos)
            continue; // named values are substituted, then checked, when the policy compiles
        const std::string problem = checkValue(attribute.value, *attributeRule);
        if (!problem.empty())
            error(codes::kBadAttributeValue, attribute.valueWhere,
                  "attribute '" + attribute.name + "' of <" + element.name + ">: " + problem);
    }
    for (const auto& a : rule.attributes) {
        if (a.required && !element.attribute(a.name))
            error(codes::kMissingAttribute, element.where,
                  "<" + element.name + "> needs attribute '" + std::string(a.name) + "'");
    }
}

void ValidationContext::checkText(const xml::XmlNode& element, const ElementRule& rule,
                                  std::vector<PolicyExpression>& expressions) {
    const xml::XmlNode* firstText = nullptr;
    for (const auto& child : element.children) {
        const bool significant = child.kind == xml::XmlNode::Kind::CData ||
                                 (child.kind == xml::XmlNode::Kind::Text &&
                                  child.text.find_first_not_of(" \t\r\n") != std::string::npos);
        if (significant && !firstText)
            firstText = &child;
    }
    if (!firstText) {
        if (rule.text == TextRule::Required)
            error(codes::kBadValue, element.where, "<" + element.name + "> needs a value");
        return;
    }
    if (rule.text == TextRule::None) {
        error(codes::kUnexpectedText, firstText->firstNonBlank(),
              "<" + element.name + "> does not take text");
        return;
    }
    noteExpression(element.innerText(), firstText->firstNonBlank(), {}, element.name, expressions);
}

void ValidationContext::noteNestedExpressions(const xml::XmlNode& element,
                                              std::vector<PolicyExpression>& expressions) {
    for (const xml::XmlNode* child : element.childElements()) {
        for (const auto& attribute : child->attributes)
            noteExpression(attribute.value, attribute.valueWhere, attribute.name, child->name,
                           expressions);
        for (const auto& text : child->children) {
            if (text.kind == xml::XmlNode::Kind::Text || text.kind == xml::XmlNode::Kind::CData) {
                if (noteExpression(child->innerText(), text.firstNonBlank(), {}, child->name,
                                   expressions))
                    break;
            }
        }
        noteNestedExpressions(*child, expressions);
    }
}

void PolicyKind::validate(const PolicyNode&, ValidationContext&) const {}

const std::vector<ElementRule>& PolicyKind::branchRules() const {
    static const std::vector<ElementRule> none;
    return none;
}

} // namespace portico::policy
