#pragma once

#include "core/model/diagnostic.h"
#include "core/model/workspace.h"

#include <filesystem>

namespace portico::model {

struct LoadResult {
    Workspace workspace;
    DiagnosticList diagnostics; // paths relative to the workspace root, sorted by location
};

// Loads the folder layout of DESIGN.md "Workspace on disk", then runs validateWorkspace().
// Never throws for bad input: every problem becomes a diagnostic and loading goes on.
LoadResult loadWorkspace(const std::filesystem::path& root);

} // namespace portico::model
