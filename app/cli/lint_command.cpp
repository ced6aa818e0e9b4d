#include "app/cli/command_line.h"
#include "app/cli/commands.h"
#include "app/cli/diagnostic_printer.h"
#include "app/cli/workspace_edit.h"
#include "core/posture/lint.h"

#include <filesystem>
#include <iostream>

namespace portico::cli {

int runLint(const Args& args) {
    CommandLine cl({"--format"}, {"--strict"});
    if (auto error = cl.parse(args))
        return usageError(*error, "lint");
    if (cl.positionals().size() > 1)
        return usageError("lint takes one workspace folder", "lint");
    const std::string format = cl.value("--format").value_or("text");
    if (format != "text" && format != "json")
        return usageError("--format must be 'text' or 'json', not '" + format + "'", "lint");
    const std::filesystem::path dir = cl.positionals().empty() ? "." : cl.positionals().front();
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        std::cerr << "portico: " << dir.string()
                  << ": not a workspace folder (no such directory)\n";
        return kExitIo;
    }

    // Lint findings only make sense on a workspace that loads; load errors come first.
    auto loaded = loadCheckedWorkspace(dir);
    model::DiagnosticList findings = loaded.diagnostics;
    if (!loaded.diagnostics.hasErrors())
        findings.append(posture::lintWorkspace(loaded.workspace));
    findings.sortByLocation();
    if (format == "json") {
        printDiagnosticsJson(std::cout, findings, dir);
    } else {
        printDiagnosticsText(std::cout, findings, dir);
        std::cerr << dir.string() << ": " << findings.errorCount() << " error(s), "
                  << findings.warningCount() << " warning(s)\n";
    }
    const bool failed = findings.hasErrors() || (cl.has("--strict") && findings.warningCount() > 0);
    return failed ? kExitDiagnostics : kExitOk;
}

} // namespace portico::cli
