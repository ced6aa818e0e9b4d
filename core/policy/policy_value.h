#pragma once

#include "core/policy/expr/expression.h"
#include "core/policy/request_context.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace portico::policy {

// An attribute or element value as a policy uses it at run time: literal text (named values
// already substituted) or a policy expression compiled once per snapshot.
class PolicyValue {
public:
    PolicyValue() = default;
    explicit PolicyValue(std::string literal);
    PolicyValue(expr::CompiledExpression expression, std::string text)
        : m_literal(std::move(text))
        , m_expression(std::move(expression)) {}

    bool isExpression() const { return m_expression.has_value(); }
    // The literal value, or the expression's source text.
    const std::string& literal() const { return m_literal; }

    // The value for this request; on failure, nothing, and `failure` says why as APIM reports
    // it (ExpressionValueEvaluationFailure).
    std::optional<expr::Value> evaluate(RequestContext& context, PolicyError& failure) const;
    // evaluate() as text: .NET's ToString(), "" for null.
    std::optional<std::string> text(RequestContext& context, PolicyError& failure) const;
    // evaluate() as a condition: a bool, or a failure when the expression yields anything else.
    std::optional<bool> condition(RequestContext& context, PolicyError& failure) const;
    // evaluate() as a whole number (an int, or text holding one), e.g. a status code or timeout.
    std::optional<std::int64_t> integer(RequestContext& context, PolicyError& failure) const;

private:
    std::string m_literal;
    std::optional<std::int64_t> m_literalInteger; // parsed once: integer() runs per request
    std::optional<expr::CompiledExpression> m_expression;
};

} // namespace portico::policy
