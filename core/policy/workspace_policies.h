#pragma once

#include "core/model/diagnostic.h"
#include "core/model/workspace.h"

namespace portico::policy {

// Parses every policy document of the workspace in its scope (global, product, API, operation,
// fragment) and merges each operation's chain, alone and under each product that includes its
// API, so that problems only visible after merging (unknown or cyclic fragments, a second
// forward-request, a fragment's policy in a section APIM forbids) are reported too, once each.
// A workspace that passes is then compiled as the gateway compiles it, so that what the gateway
// would refuse (an expression that does not bind, a policy it cannot run yet) is reported too;
// secret named values are not read for it.
void checkWorkspacePolicies(const model::Workspace& workspace, model::DiagnosticList& diagnostics);

} // namespace portico::policy
