#include "core/policy/workspace_policies.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/workspace_documents.h"
#include "core/policy/workspace_pipelines.h"

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

// Compiles every chain as the gateway will, so that what it would refuse (an expression that does
// not bind, a policy it cannot run, a bad attribute value) is reported here too. Secret named
// values are not read: their uses count as resolved.
void checkCompiles(const model::Workspace& ws, model::DiagnosticList& diagnostics,
                   std::set<std::tuple<std::string, std::string, int, int, std::string>>& seen) {
    const NamedValueLookup plainValues = [&ws](std::string_view name) {
        const auto* namedValue = ws.findNamedValue(name);
        return namedValue ? namedValue->value : std::nullopt;
    };
    model::DiagnosticList compiled;
    compileWorkspacePipelines(ws, plainValues, compiled);
    model::DiagnosticList kept;
    for (const auto& d : compiled.items()) {
        const bool secretUse =
            d.code == codes::kUnknownNamedValue &&
            std::any_of(ws.namedValues.begin(), ws.namedValues.end(), [&](const auto& nv) {
                return nv.secret && d.message.find("'{{" + nv.name + "}}'") != std::string::npos;
            });
        if (!secretUse)
            kept.add(d);
    }
    appendUnique(kept, diagnostics, seen);
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
    if (diagnostics.errorCount() == errorsBefore)
        checkCompiles(ws, diagnostics, seen);
}

} // namespace portico::policy
