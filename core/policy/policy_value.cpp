#include "core/policy/policy_value.h"

namespace portico::policy {

namespace {

void describeFailure(PolicyError& failure, std::string message) {
    failure.reason = "ExpressionValueEvaluationFailure";
    failure.message = "Expression evaluation failed. " + std::move(message);
    failure.statusCode = 500;
}

} // namespace

std::optional<expr::Value> PolicyValue::evaluate(RequestContext& context,
                                                 PolicyError& failure) const {
    if (!m_expression)
        return expr::Value::string(m_literal);
    expr::EvaluationResult result = m_expression->evaluate(context.expressions());
    if (!result.ok()) {
        describeFailure(failure, result.error->message);
        return std::nullopt;
    }
    return std::move(result.value);
}

std::optional<std::string> PolicyValue::text(RequestContext& context, PolicyError& failure) const {
    if (!m_expression)
        return m_literal;
    auto value = evaluate(context, failure);
    if (!value)
        return std::nullopt;
    return value->isNull() ? std::string() : expr::toDisplayString(*value);
}

std::optional<bool> PolicyValue::condition(RequestContext& context, PolicyError& failure) const {
    auto value = evaluate(context, failure);
    if (!value)
        return std::nullopt;
    if (value->type() == expr::Ty::Bool)
        return value->asBool();
    if (value->type() == expr::Ty::String) {
        const std::string& text = value->asString();
        if (text == "true" || text == "True")
            return true;
        if (text == "false" || text == "False")
            return false;
    }
    describeFailure(failure, std::string("The condition is a ") + expr::tyName(value->type()) +
                                 ", not a bool.");
    return std::nullopt;
}

} // namespace portico::policy
