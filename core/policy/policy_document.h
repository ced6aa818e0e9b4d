#pragma once

#include "core/model/diagnostic.h"
#include "core/policy/section.h"
#include "core/policy/xml/xml_node.h"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace portico::policy {

// Where a policy came from, kept through the merge so traces and the studio can point at it.
struct PolicyOrigin {
    Scope scope = Scope::Global;
    std::string fragmentId; // set when the policy was inlined from a fragment
    model::SourceLocation where;
};

// An attribute or text value written as a policy expression; the policy kind compiles it.
struct PolicyExpression {
    std::string attribute; // empty for element text
    std::string element;   // the element holding it, e.g. "value" or "set-variable"
    std::string text;      // "@(...)" or "@{...}"
    model::SourceLocation where;
};

struct PolicyNode;

// Policies nested inside a container: a <when>/<otherwise> branch, or the body of <retry>.
struct PolicyBlock {
    xml::XmlNode header; // the branch element without its children (for <retry>, the element)
    std::vector<PolicyNode> policies;
};

struct PolicyNode {
    std::string kind;     // the element name, also "base" and "include-fragment"
    std::string id;       // optional id attribute
    xml::XmlNode element; // as written; for containers, without the nested policies
    PolicyOrigin origin;
    std::vector<PolicyBlock> blocks; // containers only
    std::vector<PolicyExpression> expressions;

    bool isBase() const { return kind == "base"; }
    bool isInclude() const { return kind == "include-fragment"; }
    std::string fragmentId() const; // include-fragment's fragment-id
};

struct PolicySection {
    bool present = false;
    model::SourceLocation where;
    std::vector<PolicyNode> policies;
};

struct PolicyDocument {
    enum class Kind { Policies, Fragment };
    Kind kind = Kind::Policies;
    Scope scope = Scope::Global;
    std::string file;
    std::array<PolicySection, 4> sections;    // indexed by Section; Policies documents only
    std::vector<PolicyNode> fragmentPolicies; // Fragment documents only

    PolicySection& section(Section s) { return sections[static_cast<std::size_t>(s)]; }
    const PolicySection& section(Section s) const { return sections[static_cast<std::size_t>(s)]; }
};

// True for "@(...)" and "@{...}" values: APIM policy expressions.
bool isExpression(std::string_view value);

} // namespace portico::policy
