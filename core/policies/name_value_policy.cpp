#include "core/policies/name_value_policy.h"

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
    std::vector<std::string> values;
    for (const auto* value : node.element.childElements()) {
        if (auto text = context.innerText(node, *value))
            values.push_back(std::move(*text));
    }
    const auto parsedAction = action ? existsActionFromName(*action) : std::nullopt;
    if (!name || !parsedAction || context.failed())
        return std::nullopt;
    return NameValueSettings{*name, *parsedAction, std::move(values)};
}

} // namespace portico::policies
