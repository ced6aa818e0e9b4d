#include "core/policies/validation_policy.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/expr/json_box.h"
#include "core/text/ascii.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

std::optional<ValidationAction> parseAction(std::string_view text) {
    if (text::equalsIgnoringAsciiCase(text, "ignore"))
        return ValidationAction::Ignore;
    if (text::equalsIgnoringAsciiCase(text, "detect"))
        return ValidationAction::Detect;
    if (text::equalsIgnoringAsciiCase(text, "prevent"))
        return ValidationAction::Prevent;
    return std::nullopt;
}

} // namespace

AttributeRule actionRule(std::string_view name, bool required) {
    return {name, ValueType::Enum, required, {"ignore", "prevent", "detect"}};
}

std::optional<ActionSetting> ActionSetting::read(const PolicyNode& node, CompileContext& context,
                                                 const xml::XmlNode& element,
                                                 std::string_view name) {
    ActionSetting setting;
    const auto* attribute = element.attribute(name);
    if (!attribute)
        return setting;
    auto value = context.value(node, element, name);
    if (!value)
        return std::nullopt;
    // Literals were checked when the document loaded; a named value is checked now, without
    // its value in the message.
    if (!value->isExpression() && !parseAction(value->literal())) {
        context.error(codes::kBadAttributeValue, context.where(node, attribute->valueWhere),
                      "attribute '" + std::string(name) + "' of <" + element.name +
                          "> must be ignore, prevent or detect");
        return std::nullopt;
    }
    setting.m_set = true;
    setting.m_value = std::move(*value);
    return setting;
}

std::optional<ValidationAction> ActionSetting::evaluate(RequestContext& context,
                                                        PolicyError& failure) const {
    const auto text = m_value.text(context, failure);
    if (!text)
        return std::nullopt;
    if (auto action = parseAction(*text))
        return action;
    failure.reason = "ExpressionValueEvaluationFailure";
    failure.message = "Expression evaluation failed. The validation action '" + *text +
                      "' is not ignore, prevent or detect.";
    failure.statusCode = 500;
    return std::nullopt;
}

ValidationError missingSchemaError() {
    return {{},
            "ApiSchema",
            {},
            "API's schema does not exist or it could not be resolved.",
            std::string(kInternalValidationError)};
}

const ActionSetting& ActionRules::actionFor(std::string_view name, bool isSpecified) const {
    for (const auto& [overridden, action] : overrides) {
        if (namesIgnoreCase ? text::equalsIgnoringAsciiCase(overridden, name) : overridden == name)
            return action;
    }
    return isSpecified ? specified : unspecified;
}

void ActionRules::readOverrides(const PolicyNode& node, CompileContext& context,
                                const xml::XmlNode& element) {
    for (const auto* child : element.childElements()) {
        auto name = context.text(node, *child, "name");
        auto action = ActionSetting::read(node, context, *child, "action");
        if (name && action)
            overrides.emplace_back(std::move(*name), std::move(*action));
    }
}

std::optional<PolicyError> ValidationPolicy::report(RequestContext& context,
                                                    ValidationAction action,
                                                    const ValidationError& error) const {
    if (action == ValidationAction::Ignore)
        return std::nullopt;
    const bool prevent = action == ValidationAction::Prevent;
    context.trace(kind(), prevent ? "Error" : "Warning", error.details);
    if (!m_errorsVariable.empty()) {
        expr::Json errors = expr::Json::array();
        if (const auto* existing = context.variable(m_errorsVariable);
            existing && existing->type() == expr::Ty::Json &&
            existing->asJson()->value().is_array())
            errors = existing->asJson()->value();
        errors.push_back({{"Name", error.name},
                          {"Type", error.type},
                          {"ValidationRule", error.rule},
                          {"Details", error.details},
                          {"Action", prevent ? "prevent" : "detect"}});
        context.setVariable(m_errorsVariable, expr::makeJson(std::move(errors)));
    }
    if (!prevent)
        return std::nullopt;
    return this->error(m_onRequest ? "Bad request" : "Response not allowed", error.publicResponse,
                       m_onRequest ? 400 : 502);
}

std::optional<RunResult> ValidationPolicy::apply(RequestContext& context,
                                                 const ActionSetting& setting,
                                                 const ValidationError& error) const {
    PolicyError failure = this->error({}, {}, 500);
    const auto action = setting.evaluate(context, failure);
    if (!action)
        return RunResult::fail(std::move(failure));
    if (auto prevented = report(context, *action, error))
        return RunResult::fail(std::move(*prevented));
    return std::nullopt;
}

} // namespace portico::policies
