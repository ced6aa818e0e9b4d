#include "core/identity/scope_check.h"

#include <algorithm>

namespace portico::identity {

namespace {

using Granted = boost::container::small_vector<std::string_view, 16>;

void addSpaceSeparated(std::string_view text, Granted& out) {
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
    const auto scp = claims.stringViews("scp");
    const auto roles = claims.stringViews("roles");
    Granted granted; // views into the claims
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
