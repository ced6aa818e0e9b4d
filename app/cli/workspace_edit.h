#pragma once

#include "core/model/workspace.h"

#include <filesystem>
#include <optional>

namespace portico::cli {

// Loads a workspace that a command is about to change. A workspace with errors is refused (they
// are printed): saving what the loader could not read would lose it. Sets `exitCode` on failure.
std::optional<model::Workspace> loadWorkspaceForEdit(const std::filesystem::path& dir,
                                                     int& exitCode);

// Re-validates the edited workspace and saves it; nothing is written when the edit introduced an
// error. Returns the exit code.
int validateAndSave(const model::Workspace& workspace, const std::filesystem::path& dir);

} // namespace portico::cli
