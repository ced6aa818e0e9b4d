#pragma once

#include "core/policy/expr/members.h"
#include "core/policy/expr/program.h"

#include <string_view>

namespace portico::policy::expr {

// The .NET exception types a policy expression raises, by their name without namespace. Catch
// clauses may name these (with or without namespace) and their bases (Exception,
// SystemException, ArithmeticException, MemberAccessException, TimeoutException).
bool isCatchableException(std::string_view name);

// Whether `catch (caught)` catches a raised `thrown` (a base catches its derived types).
bool exceptionCatches(std::string_view caught, std::string_view thrown);

// The value `catch (Exception ex)` binds: `ex.Message`, and `ex.ToString()` as .NET gives it
// without a stack trace ("System.FormatException: Input string was not in a correct format.").
Value exceptionValue(const Raise& raised);
std::string exceptionText(const Value& exception);

// Members of a caught exception, and `new FormatException([message])` for every catchable type.
void addExceptionMembers(std::vector<MemberDef>& table, std::vector<ConstructorDef>& constructors);

// `throw exception;`: raises it as the interpreter raises its own.
[[noreturn]] void raiseException(const Value& exception);

// One bound `catch (type name) when (filter) { body }`.
struct CatchClause {
    std::string type; // empty: every exception
    int slot = -1;    // where the caught exception goes (named or not)
    Thunk filter;     // may be empty
    StatementThunk body;
};

// Runs a `try` statement: the first catch that matches and whose filter holds handles what
// the body raised, and `finally` (may be empty) runs after either. Budget overruns are not .NET
// exceptions: they pass every catch and finally and end the evaluation.
Flow runTry(Eval& e, const StatementThunk& body, const std::vector<CatchClause>& catches,
            const StatementThunk& finally);

} // namespace portico::policy::expr
