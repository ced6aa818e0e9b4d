#pragma once

#include "core/policy/expr/ast.h"
#include "core/policy/expr/expression.h"
#include "core/policy/expr/program.h"

#include <memory>
#include <vector>

namespace portico::policy::expr {

// Resolves every name and member of a parsed expression against the allow-list and turns it
// into closures; the first problem stops binding and is returned with its position.
std::shared_ptr<Program> bindProgram(const Node& root, bool block,
                                     std::vector<ExpressionError>& errors);

} // namespace portico::policy::expr
