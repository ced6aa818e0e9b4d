#pragma once

#include "core/model/diagnostic.h"
#include "core/model/workspace.h"

namespace portico::posture {

// Security posture rules over a loaded workspace, drawn from the API security brief:
// least-privilege OAuth scopes, no unauthenticated APIs, request bodies validated, subscriptions
// scoped narrowly, secrets kept out of clear text, TLS everywhere, deprecated endpoints removed.
// Every finding is a warning
// (PT6xxx, see docs/lint.md) located at the file and key it is about.
model::DiagnosticList lintWorkspace(const model::Workspace& workspace);

} // namespace portico::posture
