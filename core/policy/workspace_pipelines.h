#pragma once

#include "core/model/diagnostic.h"
#include "core/model/workspace.h"
#include "core/policy/compiled_policy.h"
#include "core/policy/policy_compiler.h"

#include <map>
#include <memory>
#include <string>
#include <utility>

namespace portico::policy {

// One operation's compiled pipelines: the plain chain (global, API, operation) and, for each
// product that has policies and includes the API, the chain with the product's policies, used
// only for calls made with a subscription to that product (APIM's rule).
struct OperationPipelines {
    std::shared_ptr<const CompiledPipeline> plain;
    std::map<std::string, std::shared_ptr<const CompiledPipeline>, std::less<>> byProduct;
    bool readsRequestBody = false;  // in any of them, inbound or backend
    bool readsResponseBody = false; // in any of them, outbound or on-error

    // True when no chain has a policy: the host may proxy without running the engine.
    bool passThrough = true;

    const CompiledPipeline& select(std::string_view productId) const;
};

// Keyed by (API id, operation id); (API id, "") is the API's own chain, without operation
// policies.
using WorkspacePipelines =
    std::map<std::pair<std::string, std::string>, std::shared_ptr<const OperationPipelines>>;

// Parses, merges and compiles every operation's chains once per configuration snapshot. Errors
// are reported (with file:line:col) and leave the result incomplete; callers refuse it then.
WorkspacePipelines compileWorkspacePipelines(const model::Workspace& workspace,
                                             const NamedValueLookup& namedValues,
                                             model::DiagnosticList& diagnostics);

} // namespace portico::policy
