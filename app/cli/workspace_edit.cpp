#include "app/cli/workspace_edit.h"

#include "app/cli/commands.h"
#include "app/cli/diagnostic_printer.h"
#include "core/model/workspace_loader.h"
#include "core/model/workspace_validator.h"
#include "core/model/workspace_writer.h"
#include "core/policy/workspace_policies.h"

#include <iostream>

namespace portico::cli {

model::LoadResult loadCheckedWorkspace(const std::filesystem::path& dir) {
    auto result = model::loadWorkspace(dir);
    policy::checkWorkspacePolicies(result.workspace, result.diagnostics);
    result.diagnostics.sortByLocation();
    return result;
}

std::optional<model::Workspace> loadWorkspaceForEdit(const std::filesystem::path& dir,
                                                     int& exitCode) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        std::cerr << "portico: " << dir.string() << ": not a workspace folder\n";
        exitCode = kExitIo;
        return std::nullopt;
    }
    auto loaded = loadCheckedWorkspace(dir);
    if (loaded.diagnostics.hasErrors()) {
        printDiagnosticsText(std::cout, loaded.diagnostics, dir);
        std::cerr << dir.string() << ": not changed, the workspace has "
                  << loaded.diagnostics.errorCount()
                  << " error(s); fix them first (portico validate)\n";
        exitCode = kExitDiagnostics;
        return std::nullopt;
    }
    return std::move(loaded.workspace);
}

int validateAndSave(const model::Workspace& workspace, const std::filesystem::path& dir) {
    model::DiagnosticList check;
    model::validateWorkspace(workspace, check);
    if (check.hasErrors()) {
        check.sortByLocation();
        printDiagnosticsText(std::cout, check, dir);
        std::cerr << "portico: not changed: the edit conflicts with the workspace (see above)\n";
        return kExitDiagnostics;
    }
    auto saved = model::saveWorkspace(workspace, dir);
    if (!saved.ok()) {
        std::cerr << "portico: " << saved.error << '\n';
        return kExitIo;
    }
    return kExitOk;
}

} // namespace portico::cli
