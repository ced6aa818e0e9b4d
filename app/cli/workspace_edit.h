#pragma once

#include "core/model/workspace.h"
#include "core/model/workspace_loader.h"

#include <filesystem>
#include <optional>

namespace portico::cli {

// Loads the workspace and checks its policy documents too, as every command that reads one does.
model::LoadResult loadCheckedWorkspace(const std::filesystem::path& dir);

// Loads a workspace that a command is about to change. A workspace with errors is refused (they
// are printed): saving what the loader could not read would lose it. Sets `exitCode` on failure.
std::optional<model::Workspace> loadWorkspaceForEdit(const std::filesystem::path& dir,
                                                     int& exitCode);

// Re-validates the edited workspace and saves it; nothing is written when the edit introduced an
// error. Returns the exit code.
int validateAndSave(const model::Workspace& workspace, const std::filesystem::path& dir);

} // namespace portico::cli
