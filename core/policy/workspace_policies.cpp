#include "core/policy/workspace_policies.h"

#include "core/policy/policy_parser.h"
#include "core/policy/scope_merge.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace portico::policy {

namespace {

struct Parsed {
    std::optional<PolicyDocument> global;
    std::map<std::string, std::optional<PolicyDocument>> products;
    std::map<std::string, std::optional<PolicyDocument>> apis;
    std::map<std::pair<std::string, std::string>, std::optional<PolicyDocument>> operations;
    FragmentSet fragments;
};

std::optional<PolicyDocument> parse(const std::string& text, const std::string& file, Scope scope,
                                    model::DiagnosticList& diagnostics) {
    if (text.empty())
        return std::nullopt;
    ParseOptions options;
    options.file = file;
    options.scope = scope;
    return parsePolicyDocument(text, options, diagnostics);
}

Parsed parseAll(const model::Workspace& ws, model::DiagnosticList& diagnostics) {
    Parsed parsed;
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

const PolicyDocument* pointer(const std::optional<PolicyDocument>& d) {
    return d ? &*d : nullptr;
}

template <typename Map, typename Key> const PolicyDocument* find(const Map& map, const Key& key) {
    auto it = map.find(key);
    return it == map.end() ? nullptr : pointer(it->second);
}

// The same fragment problem shows up in every chain that includes it; report it once.
void appendUnique(const model::DiagnosticList& from, model::DiagnosticList& to,
                  std::set<std::tuple<std::string, std::string, int, int, std::string>>& seen) {
    for (const auto& d : from.items()) {
        if (seen.emplace(d.code, d.where.file, d.where.line, d.where.column, d.message).second)
            to.add(d);
    }
}

} // namespace

void checkWorkspacePolicies(const model::Workspace& ws, model::DiagnosticList& diagnostics) {
    const std::size_t errorsBefore = diagnostics.errorCount();
    Parsed parsed = parseAll(ws, diagnostics);
    if (diagnostics.errorCount() != errorsBefore)
        return; // merging broken documents would only repeat their errors

    std::set<std::tuple<std::string, std::string, int, int, std::string>> seen;
    auto mergeChain = [&](const PolicyDocument* product, const model::Api& api,
                          const std::string& operationId) {
        model::DiagnosticList merged;
        mergeScopes({pointer(parsed.global), product, find(parsed.apis, api.id),
                     find(parsed.operations, std::make_pair(api.id, operationId))},
                    parsed.fragments, merged);
        appendUnique(merged, diagnostics, seen);
    };
    for (const auto& api : ws.apis) {
        std::vector<std::string> operationIds;
        for (const auto& op : api.specification.operations)
            operationIds.push_back(op.id);
        if (operationIds.empty())
            operationIds.push_back({}); // the API's own chain still merges
        for (const auto& operationId : operationIds) {
            mergeChain(nullptr, api, operationId);
            for (const auto& product : ws.products) {
                const auto* doc = find(parsed.products, product.id);
                if (doc && std::find(product.apis.begin(), product.apis.end(), api.id) !=
                               product.apis.end())
                    mergeChain(doc, api, operationId);
            }
        }
    }
}

} // namespace portico::policy
