#include "core/openapi/api_from_specification.h"

namespace portico::openapi {

std::string apiIdFromTitle(std::string_view title) {
    constexpr std::size_t kMaxLength = 80;
    std::string id;
    for (char c : title) {
        if (c >= 'A' && c <= 'Z')
            id += static_cast<char>(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            id += c;
        else if (!id.empty() && id.back() != '-')
            id += '-';
        if (id.size() >= kMaxLength)
            break;
    }
    while (!id.empty() && id.back() == '-')
        id.pop_back();
    return id.empty() ? std::string("api") : id;
}

model::Api apiFromSpecification(const Specification& specification,
                                const ApiImportOptions& options) {
    model::Api api;
    api.id = options.id.empty() ? apiIdFromTitle(specification.title) : options.id;
    api.displayName = specification.title.empty() ? api.id : specification.title;
    api.description = specification.description;
    std::string path = options.path.empty() ? api.id : options.path;
    while (!path.empty() && path.front() == '/')
        path.erase(path.begin());
    while (!path.empty() && path.back() == '/')
        path.pop_back();
    api.path = path;
    if (!specification.serverUrls.empty())
        api.serviceUrl = specification.serverUrls.front();
    api.subscriptionRequired = true;
    for (const auto& [name, description] : specification.oauthScopes())
        api.oauthScopes.push_back({name, description});
    api.specificationFile = options.specificationFile;
    api.specification = specification;
    return api;
}

} // namespace portico::openapi
