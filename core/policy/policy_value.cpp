#include "core/policy/policy_value.h"

namespace portico::policy {

namespace {

void describeFailure(PolicyError& failure, std::string message) {
    failure.reason = "ExpressionValueEvaluationFailure";
    failure.message = "Expression evaluation failed. " + std::move(message);
    failure.statusCode = 500;
}

// A whole number written in decimal digits, as .NET's int.Parse reads it; nothing otherwise.
std::optional<std::int64_t> wholeNumber(const std::string& text) {
    const std::size_t digits = text.size() - (!text.empty() && text[0] == '-' ? 1 : 0);
    if (digits > 0 && digits <= 18 &&
        text.find_first_not_of("0123456789", text.size() - digits) == std::string::npos)
        return std::stoll(text);
    return std::nullopt;
}

} // namespace

PolicyValue::PolicyValue(std::string literal)
    : m_literal(std::move(literal))
    , m_literalInteger(wholeNumber(m_literal)) {}

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

std::optional<std::int64_t> PolicyValue::integer(RequestContext& context,
                                                 PolicyError& failure) const {
    if (m_literalInteger)
        return m_literalInteger;
    auto value = evaluate(context, failure);
    if (!value)
        return std::nullopt;
    if (value->type() == expr::Ty::Int)
        return value->asInt();
    if (value->type() == expr::Ty::String) {
        if (auto number = wholeNumber(value->asString()))
            return number;
    }
    describeFailure(failure, std::string("The value is a ") + expr::tyName(value->type()) +
                                 ", not a whole number.");
    return std::nullopt;
}

} // namespace portico::policy
