#pragma once

#include "core/policy/expr/expression_context.h"
#include "core/policy/expr/lexer.h"
#include "core/policy/expr/value.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::policy::expr {

struct Program;

// A load-time problem: syntax, an unknown or forbidden name, a wrong argument count.
struct ExpressionError {
    std::string message;
    Position where;
};

// A failure while evaluating: a .NET-like exception (type and message, as APIM reports it in
// context.LastError) or an exhausted budget.
struct EvaluationError {
    std::string type; // "FormatException", "NullReferenceException", "BudgetExceeded", ...
    std::string message;
    Position where;
    bool budgetExceeded = false;

    // "line:col: FormatException: Input string was not in a correct format."
    std::string toString() const;
};

// Per-evaluation bounds. Steps count statements, loop iterations, calls and lambda invocations;
// bytes count what strings, lists and JSON values an evaluation creates.
struct Limits {
    std::uint64_t maxSteps = 100'000;
    std::uint64_t maxBytes = 4u << 20;
};

struct EvaluationResult {
    Value value;
    std::optional<EvaluationError> error;
    bool ok() const { return !error; }
};

// An expression bound once (per configuration snapshot) and evaluated per request; immutable
// and safe to share between threads.
class CompiledExpression {
public:
    explicit CompiledExpression(std::shared_ptr<const Program> program);

    EvaluationResult evaluate(ExpressionContext& context, const Limits& limits = {}) const;
    bool isBlock() const;
    Ty resultType() const; // Ty::Unknown when only known at run time

private:
    std::shared_ptr<const Program> m_program;
};

struct CompileResult {
    std::optional<CompiledExpression> expression;
    std::vector<ExpressionError> errors;
    bool ok() const { return expression.has_value(); }
};

// True when an attribute or element value is a policy expression ("@(" or "@{").
bool isPolicyExpression(std::string_view text);

// Parses and binds "@(...)" or "@{...}" (after XML entity decoding). `start` is the position of
// the '@' in the policy file, so that every error points into that file.
CompileResult compileExpression(std::string_view text, Position start);

} // namespace portico::policy::expr
