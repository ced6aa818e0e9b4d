#pragma once

#include "core/policy/expr/lexer.h"

#include <memory>
#include <string>
#include <vector>

namespace portico::policy::expr {

enum class NodeKind {
    // expressions
    Literal,      // literal: see LiteralKind; text holds the value
    Interpolated, // children: String literals and Hole nodes, in order
    Hole,         // children[0]: the expression; text: the format after ':' (may be empty)
    Name,         // text: identifier
    Member,       // children[0]: target; text: member name; typeArgs: generic arguments
    Call,         // children[0]: callee (Member or Name); children[1..]: arguments
    Index,        // children[0]: target; children[1]: index
    Unary,        // text: operator; children[0]
    Binary,       // text: operator; children[0], children[1]
    Conditional,  // children: condition, then, else
    Cast,         // type; children[0]
    As,           // type; children[0]
    Is,           // type; children[0]; text: optional pattern variable name
    Lambda,       // names: parameters; children[0]: body expression
    New,          // type; children: constructor arguments, initializer items for arrays, or (text
                  // "sized") the length of `new T[n]`
    OutArgument,  // text: variable name; type.name "var", a type, or empty for an existing local
    // statements
    Block,         // children: statements
    VarDecl,       // type ("var" or a type); text: name; children[0]: initializer (optional)
    Assign,        // text: "=", "+=", ...; children[0]: target; children[1]: value
    ExprStmt,      // children[0]
    If,            // children: condition, then, optional else
    Foreach,       // type; text: variable; children: collection, body
    While,         // children: condition, body
    For,           // children: Block of initialisers, condition, Block of iterators, body
    DoWhile,       // children: body, condition
    Switch,        // children[0]: the governing expression; then SwitchSection nodes
    SwitchSection, // children: Case nodes, then the section's statements
    Case,          // children[0]: the constant; none for `default:`
    Break,
    Continue,
    Throw,  // children[0]: the exception (absent for `throw;` in a catch)
    Try,    // children: the try Block, Catch nodes, then the finally Block if any
    Catch,  // type: exception type (empty: all); text: variable (optional); children: body,
            // `when` filter (optional)
    Return, // children[0]: value (optional)
};

enum class LiteralKind { Null, Bool, Integer, Real, String, Char };

struct TypeRef {
    std::string name; // empty when absent
    std::vector<TypeRef> arguments;
    bool array = false;
    Position where;

    std::string display() const;
};

struct Node {
    NodeKind kind = NodeKind::Literal;
    Position where;
    std::string text;
    LiteralKind literal = LiteralKind::Null;
    bool nullConditional = false; // ?. and ?[
    bool constant = false;        // a `const` local
    TypeRef type;
    std::vector<TypeRef> typeArgs;
    std::vector<std::string> names;    // lambda parameters
    std::vector<std::string> argNames; // per call argument: "" or the name before ':'
    std::vector<std::unique_ptr<Node>> children;
};

using NodePtr = std::unique_ptr<Node>;

} // namespace portico::policy::expr
