#include "core/policies/name_value_policy.h"

#include "core/policies/http_text.h"

#include "core/policy/diagnostic_codes.h"

namespace portico::policies {

using namespace portico::policy;

void validateNameValuePolicy(const PolicyNode& node, ValidationContext& context) {
    const auto* action = node.element.attribute("exists-action");
    const bool deleting = action && action->value == "delete";
    if (!deleting && node.element.childElements().empty())
        context.error(codes::kMissingChild, node.element.where,
                      "<" + node.kind + "> needs a <value> unless exists-action is delete");
}

std::optional<NameValueSettings> compileNameValuePolicy(const PolicyNode& node,
                                                        CompileContext& context) {
    const auto name = context.text(node, node.element, "name");
    const auto action = context.text(node, node.element, "exists-action", "override");
    std::vector<PolicyValue> values;
    for (const auto* value : node.element.childElements()) {
        auto compiled = context.innerValue(node, *value);
        if (!compiled)
            continue;
        if (!compiled->isExpression() && hasControlCharacter(compiled->literal())) {
            context.error(codes::kBadValue, node.origin.where,
                          "a value of <" + node.kind +
                              "> contains a line break or control character");
            continue;
        }
        values.push_back(std::move(*compiled));
    }
    const auto parsedAction = action ? existsActionFromName(*action) : std::nullopt;
    if (!name || !parsedAction || context.failed())
        return std::nullopt;
    return NameValueSettings{*name, *parsedAction, std::move(values)};
}

std::optional<std::vector<std::string>> evaluateValues(const std::vector<PolicyValue>& values,
                                                       RequestContext& context,
                                                       PolicyError& failure) {
    std::vector<std::string> texts;
    texts.reserve(values.size());
    for (const auto& value : values) {
        auto text = value.text(context, failure);
        if (!text)
            return std::nullopt;
        if (hasControlCharacter(*text)) {
            failure.reason = "ExpressionValueEvaluationFailure";
            failure.message = "An expression produced a value with a line break or control "
                              "character, which HTTP does not allow here.";
            failure.statusCode = 500;
            return std::nullopt;
        }
        texts.push_back(std::move(*text));
    }
    return texts;
}

} // namespace portico::policies
