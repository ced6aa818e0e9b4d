#pragma once

#include "core/policy/expr/ast.h"

#include <string_view>
#include <vector>

namespace portico::policy::expr {

struct ParseError {
    std::string message;
    Position where;
};

struct ParseResult {
    NodePtr root; // an expression for @(...), a Block for @{...}
    bool block = false;
    std::vector<ParseError> errors;
    bool ok() const { return errors.empty() && root; }
};

// Nesting deeper than this is refused at load time instead of risking the stack.
constexpr int kMaxNesting = 64;

// Parses a policy expression as it appears in the XML after entity decoding: "@(...)" or
// "@{...}". `start` is the position of the '@' in the policy file.
ParseResult parsePolicyExpression(std::string_view text, Position start);

} // namespace portico::policy::expr
