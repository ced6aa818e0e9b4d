#include "core/policy/workspace_documents.h"

#include "core/policy/policy_parser.h"

namespace portico::policy {

namespace {

std::optional<PolicyDocument> parse(const std::string& text, const std::string& file, Scope scope,
                                    model::DiagnosticList& diagnostics) {
    if (text.empty())
        return std::nullopt;
    ParseOptions options;
    options.file = file;
    options.scope = scope;
    return parsePolicyDocument(text, options, diagnostics);
}

const PolicyDocument* pointer(const std::optional<PolicyDocument>& d) {
    return d ? &*d : nullptr;
}

template <typename Map, typename Key> const PolicyDocument* find(const Map& map, const Key& key) {
    auto it = map.find(key);
    return it == map.end() ? nullptr : pointer(it->second);
}

} // namespace

std::vector<const PolicyDocument*> WorkspaceDocuments::chain(const PolicyDocument* product,
                                                             const std::string& apiId,
                                                             const std::string& operationId) const {
    return {pointer(global), product, find(apis, apiId),
            find(operations, std::make_pair(apiId, operationId))};
}

const PolicyDocument* WorkspaceDocuments::product(const std::string& id) const {
    return find(products, id);
}

WorkspaceDocuments parseWorkspaceDocuments(const model::Workspace& ws,
                                           model::DiagnosticList& diagnostics) {
    WorkspaceDocuments parsed;
    parsed.global = parse(ws.globalPolicyXml, ws.globalPolicyFile, Scope::Global, diagnostics);
    for (const auto& product : ws.products)
        parsed.products[product.id] =
            parse(product.policyXml, "products/" + product.id + "/policy.xml", Scope::Product,
                  diagnostics);
    for (const auto& api : ws.apis) {
        parsed.apis[api.id] =
            parse(api.policyXml, "apis/" + api.id + "/policy.xml", Scope::Api, diagnostics);
        for (const auto& [operationId, xml] : api.operationPolicies)
            parsed.operations[{api.id, operationId}] =
                parse(xml, "apis/" + api.id + "/operations/" + operationId + "/policy.xml",
                      Scope::Operation, diagnostics);
    }
    for (const auto& fragment : ws.fragments) {
        ParseOptions options;
        options.file = "fragments/" + fragment.id + ".xml";
        options.scope = Scope::Fragment;
        options.fragmentId = fragment.id;
        if (auto doc = parsePolicyDocument(fragment.xml, options, diagnostics))
            parsed.fragments.emplace(fragment.id, std::move(*doc));
    }
    return parsed;
}

std::vector<std::string> chainOperationIds(const model::Api& api) {
    std::vector<std::string> ids{std::string()};
    for (const auto& op : api.specification.operations)
        ids.push_back(op.id);
    return ids;
}

} // namespace portico::policy
