#pragma once

#include "core/policy/expr/runtime.h"

#include <functional>
#include <memory>
#include <vector>

namespace portico::policy::expr {

// Runs a statement; true when a `return` ran (its value is in Eval::result).
using StatementThunk = std::function<bool(Eval&)>;

// The bound form of one expression: closures with resolved slots and members.
struct Program {
    Thunk expression;     // for @(...)
    StatementThunk block; // for @{...}
    bool isBlock = false;
    int slotCount = 0;
    Ty resultType = Ty::Unknown;
    std::vector<std::unique_ptr<BoundLambda>> lambdas;
};

} // namespace portico::policy::expr
