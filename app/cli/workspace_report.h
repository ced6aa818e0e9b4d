#pragma once

#include "app/cli/commands.h"
#include "core/model/diagnostic.h"

#include <filesystem>
#include <optional>
#include <string>

namespace portico::cli {

// What `validate` and `lint` share: [DIR] [--format text|json] [--strict] [--quiet].
struct WorkspaceReport {
    std::filesystem::path dir;
    bool json = false;
    bool strict = false; // warnings fail too
    bool quiet = false;  // no summary line
};

// Parses the arguments and checks that DIR is a folder; on failure prints why and sets exitCode.
std::optional<WorkspaceReport> parseWorkspaceReport(const Args& args, const std::string& command,
                                                    int& exitCode);

// Prints the diagnostics as asked; returns 1 when they fail the report, else 0.
int printWorkspaceReport(const WorkspaceReport& report, model::DiagnosticList diagnostics);

} // namespace portico::cli
