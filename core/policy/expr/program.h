#pragma once

#include "core/policy/expr/runtime.h"

#include <functional>
#include <memory>
#include <vector>

namespace portico::policy::expr {

// What a statement leaves its enclosing statements to do: go on, return (the value is in
// Eval::result), or leave or restart the innermost loop.
enum class Flow : std::uint8_t { Next, Return, Break, Continue };

using StatementThunk = std::function<Flow(Eval&)>;

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
