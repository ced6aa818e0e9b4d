#include "core/openapi/specification.h"

#include <algorithm>

namespace portico::openapi {

std::vector<std::pair<std::string, std::string>> Specification::oauthScopes() const {
    std::vector<std::pair<std::string, std::string>> scopes;
    for (const auto& scheme : securitySchemes)
        for (const auto& flow : scheme.flows)
            for (const auto& scope : flow.scopes)
                if (std::none_of(scopes.begin(), scopes.end(),
                                 [&](const auto& s) { return s.first == scope.first; }))
                    scopes.push_back(scope);
    return scopes;
}

const Operation* Specification::findOperation(std::string_view id) const {
    auto it = std::find_if(operations.begin(), operations.end(),
                           [&](const Operation& op) { return op.id == id; });
    return it == operations.end() ? nullptr : &*it;
}

} // namespace portico::openapi
