#pragma once

#include "core/model/workspace.h"

#include <filesystem>
#include <string>
#include <vector>

namespace portico::model {

struct SaveResult {
    std::vector<std::string> written; // paths relative to the target folder, in write order
    std::vector<std::string> removed;
    std::string error; // empty on success
    bool ok() const { return error.empty(); }
};

// Writes the workspace in canonical YAML (fixed key order, defaults omitted), specs and XML
// verbatim. Files whose content would not change are left alone, as are hand-written files of
// entities unchanged since load. Files of removed entities are deleted. Every write is atomic.
SaveResult saveWorkspace(const Workspace& workspace, const std::filesystem::path& root);

} // namespace portico::model
