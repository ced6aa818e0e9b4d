#pragma once

#include "core/model/diagnostic.h"
#include "core/policy/policy_document.h"
#include "core/policy/section.h"
#include "core/policy/xml/xml_node.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace portico::policy {

class CompiledPolicy;
class CompileContext;

enum class ValueType {
    String,
    Bool,       // true | false
    Int,        // signed decimal
    Count,      // non-negative decimal
    Seconds,    // a duration in whole seconds, as APIM writes them
    StatusCode, // 100..599
    Enum,       // one of AttributeRule::values
};

struct AttributeRule {
    std::string_view name{};
    ValueType type = ValueType::String;
    bool required = false;
    std::vector<std::string_view> values{}; // Enum only
};

enum class Occurs { Optional, One, Many, OneOrMore };
enum class TextRule { None, Allowed, Required };

// The shape of an element: its attributes, its text and its child elements.
struct ElementRule {
    std::string_view name{};
    std::vector<AttributeRule> attributes{};
    Occurs occurs = Occurs::Optional; // as a child of its parent
    TextRule text = TextRule::None;
    std::vector<ElementRule> children{};
    bool anyAttributes = false; // kinds known by name only
    bool anyChildren = false;
};

// Collects diagnostics and expressions while a policy element is checked against its rules.
class ValidationContext {
public:
    ValidationContext(std::string file, model::DiagnosticList& diagnostics)
        : m_file(std::move(file))
        , m_diagnostics(diagnostics) {}

    model::SourceLocation at(xml::TextPosition where) const {
        return {m_file, where.line, where.column};
    }
    void error(const char* code, xml::TextPosition where, std::string message);
    const std::string& file() const { return m_file; }
    model::DiagnosticList& diagnostics() { return m_diagnostics; }

    // Checks `element` against `rule`, recording expressions into `expressions`.
    void checkElement(const xml::XmlNode& element, const ElementRule& rule,
                      std::vector<PolicyExpression>& expressions);
    // Reports expressions anywhere below `element` (for kinds whose children are not checked).
    void noteNestedExpressions(const xml::XmlNode& element,
                               std::vector<PolicyExpression>& expressions);
    // Records an expression and reports its syntax and binding errors; false when `value` is
    // none.
    bool noteExpression(std::string_view value, xml::TextPosition where, std::string attribute,
                        std::string element, std::vector<PolicyExpression>& expressions);

private:
    void checkAttributes(const xml::XmlNode& element, const ElementRule& rule,
                         std::vector<PolicyExpression>& expressions);
    void checkText(const xml::XmlNode& element, const ElementRule& rule,
                   std::vector<PolicyExpression>& expressions);

    std::string m_file;
    model::DiagnosticList& m_diagnostics;
};

// Checks one attribute value against its type; empty when the value is fine.
std::string checkValue(std::string_view value, const AttributeRule& rule);

enum class Nesting {
    None,     // children are the policy's own settings
    Direct,   // children are policies (retry, limit-concurrency)
    Branches, // <when>/<otherwise> children hold policies (choose)
};

// One policy element kind (set-header, cors, ...): its rules and how it compiles.
class PolicyKind {
public:
    virtual ~PolicyKind() = default;

    virtual const ElementRule& rule() const = 0;
    virtual SectionSet sections() const = 0;
    virtual Nesting nesting() const { return Nesting::None; }
    // For Nesting::Branches: the branch elements (<when>, <otherwise>), in their required order.
    virtual const std::vector<ElementRule>& branchRules() const;
    std::string_view name() const { return rule().name; }

    // Checks what the rule cannot express (e.g. "base-url or backend-id"); rule() is checked first.
    virtual void validate(const PolicyNode& node, ValidationContext& context) const;

    // Turns a validated policy into its ready-to-run form; nullptr after reporting an error.
    virtual std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                                    CompileContext& context) const;
};

} // namespace portico::policy
