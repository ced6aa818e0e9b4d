#pragma once

#include "core/model/diagnostic.h"
#include "core/model/workspace.h"

namespace portico::model {

// Cross-reference checks (products -> APIs, subscriptions -> scopes and owners, backends, named
// values in policies, API path clashes, operation policies). Usable after edits in the studio.
void validateWorkspace(const Workspace& workspace, DiagnosticList& diagnostics);

} // namespace portico::model
