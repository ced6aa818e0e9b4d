#include "core/policy/workspace_policies.h"

#include "core/policy/workspace_documents.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace portico::policy {

namespace {

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
    const WorkspaceDocuments parsed = parseWorkspaceDocuments(ws, diagnostics);
    if (diagnostics.errorCount() != errorsBefore)
        return; // merging broken documents would only repeat their errors

    std::set<std::tuple<std::string, std::string, int, int, std::string>> seen;
    auto mergeChain = [&](const PolicyDocument* product, const model::Api& api,
                          const std::string& operationId) {
        model::DiagnosticList merged;
        mergeScopes(parsed.chain(product, api.id, operationId), parsed.fragments, merged);
        appendUnique(merged, diagnostics, seen);
    };
    for (const auto& api : ws.apis) {
        for (const auto& operationId : chainOperationIds(api)) {
            mergeChain(nullptr, api, operationId);
            for (const auto& product : ws.products) {
                const auto* doc = parsed.product(product.id);
                if (doc && std::find(product.apis.begin(), product.apis.end(), api.id) !=
                               product.apis.end())
                    mergeChain(doc, api, operationId);
            }
        }
    }
}

} // namespace portico::policy
