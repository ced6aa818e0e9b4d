#include "core/identity/scope_check.h"

#include <algorithm>

namespace portico::identity {

namespace {

void addSpaceSeparated(std::string_view text, std::vector<std::string_view>& out) {
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find(' ', start), text.size());
        if (end > start)
            out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
}

} // namespace

ScopeCheck checkScopes(const security::jwt::Claims& claims,
                       std::span<const std::string> requiredScopes) {
    ScopeCheck result;
    if (requiredScopes.empty())
        return result;
    const auto scp = claims.strings("scp");
    const auto roles = claims.strings("roles");
    std::vector<std::string_view> granted;
    for (const auto& item : scp)
        addSpaceSeparated(item, granted);
    for (const auto& role : roles)
        granted.push_back(role);
    for (const auto& required : requiredScopes) {
        if (std::find(granted.begin(), granted.end(), required) == granted.end()) {
            result.granted = false;
            result.missingScope = required;
            result.message = "Access denied: the token does not grant the scope '" + required +
                             "' that this operation requires.";
            return result;
        }
    }
    return result;
}

} // namespace portico::identity
