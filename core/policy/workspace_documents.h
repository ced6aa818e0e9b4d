#pragma once

#include "core/model/diagnostic.h"
#include "core/model/workspace.h"
#include "core/policy/scope_merge.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace portico::policy {

// Every policy document of a workspace, parsed in its scope; nullopt where a scope has none.
struct WorkspaceDocuments {
    std::optional<PolicyDocument> global;
    std::map<std::string, std::optional<PolicyDocument>> products;
    std::map<std::string, std::optional<PolicyDocument>> apis;
    std::map<std::pair<std::string, std::string>, std::optional<PolicyDocument>> operations;
    FragmentSet fragments;

    // The chain mergeScopes() takes for one call; `product` may be nullptr.
    std::vector<const PolicyDocument*> chain(const PolicyDocument* product,
                                             const std::string& apiId,
                                             const std::string& operationId) const;
    const PolicyDocument* product(const std::string& id) const;
};

WorkspaceDocuments parseWorkspaceDocuments(const model::Workspace& workspace,
                                           model::DiagnosticList& diagnostics);

// The operation ids whose chains merge for `api`: an empty id for the API's own chain (what
// serves a CORS preflight that matches no operation), then its operations.
std::vector<std::string> chainOperationIds(const model::Api& api);

} // namespace portico::policy
