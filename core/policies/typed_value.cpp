#include "core/policies/typed_value.h"

#include "core/policy/diagnostic_codes.h"

namespace portico::policies {

using namespace portico::policy;

std::optional<PolicyValue> typedValue(const PolicyNode& node, CompileContext& context,
                                      const AttributeRule& rule, std::string fallback) {
    auto value = context.value(node, node.element, rule.name, std::move(fallback));
    if (!value || value->isExpression())
        return value;
    if (!checkValue(value->literal(), rule).empty()) {
        // Literals were checked when the document loaded, so only a named value gets here; its
        // value stays out of the message.
        const auto* attribute = node.element.attribute(rule.name);
        context.error(codes::kBadAttributeValue,
                      attribute ? context.where(node, attribute->valueWhere) : node.origin.where,
                      "the named value in attribute '" + std::string(rule.name) + "' of <" +
                          node.element.name + "> is not valid here");
        return std::nullopt;
    }
    return value;
}

std::optional<std::int64_t> boundedInteger(const PolicyValue& value, RequestContext& context,
                                           std::int64_t low, std::int64_t high,
                                           std::string_view what, PolicyError& failure) {
    const auto number = value.integer(context, failure);
    if (!number)
        return std::nullopt;
    if (*number < low || *number > high) {
        failure.reason = "ExpressionValueEvaluationFailure";
        failure.message = "Expression evaluation failed. " + std::string(what) + " " +
                          std::to_string(*number) + " is outside " + std::to_string(low) + ".." +
                          std::to_string(high) + ".";
        failure.statusCode = 500;
        return std::nullopt;
    }
    return number;
}

std::optional<bool> flagValue(const PolicyValue& value, RequestContext& context,
                              PolicyError& failure) {
    if (!value.isExpression()) {
        const std::string& text = value.literal();
        return !text.empty() && (text[0] == 't' || text[0] == 'T');
    }
    return value.condition(context, failure);
}

} // namespace portico::policies
