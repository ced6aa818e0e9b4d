#pragma once

#include "core/policy/expr/runtime.h"

namespace portico::policy::expr {

enum class BinaryOp { Add, Sub, Mul, Div, Mod, Eq, Ne, Lt, Gt, Le, Ge, And, Or, Xor };

Value applyBinary(Eval& eval, BinaryOp op, const Value& a, const Value& b);
// Condition of if/while/?:/&&/||; a JSON boolean counts as bool.
bool truthy(const Value& v);

} // namespace portico::policy::expr
