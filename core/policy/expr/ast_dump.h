#pragma once

#include "core/policy/expr/ast.h"

#include <string>

namespace portico::policy::expr {

// A compact S-expression form of a tree, with line:col of each node when `positions` is set;
// used by tests and by `portico` diagnostics.
std::string dumpAst(const Node& node, bool positions = false);

} // namespace portico::policy::expr
