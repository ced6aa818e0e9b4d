#include "core/policy/policy_document.h"

namespace portico::policy {

std::string PolicyNode::fragmentId() const {
    const auto* attribute = element.attribute("fragment-id");
    return attribute ? attribute->value : std::string();
}

bool isExpression(std::string_view value) {
    const auto start = value.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos)
        return false;
    value.remove_prefix(start);
    return value.size() >= 2 && value[0] == '@' && (value[1] == '(' || value[1] == '{');
}

} // namespace portico::policy
