#include "app/cli/command_line.h"
#include "app/cli/commands.h"
#include "app/cli/diagnostic_printer.h"
#include "app/cli/workspace_edit.h"

#include <filesystem>
#include <iostream>

namespace portico::cli {

int runValidate(const Args& args) {
    CommandLine cl({"--format"}, {"--strict", "--quiet"});
    if (auto error = cl.parse(args))
        return usageError(*error, "validate");
    if (cl.positionals().size() > 1)
        return usageError("validate takes one workspace folder, got " +
                              std::to_string(cl.positionals().size()),
                          "validate");
    const std::string format = cl.value("--format").value_or("text");
    if (format != "text" && format != "json")
        return usageError("--format must be 'text' or 'json', not '" + format + "'", "validate");

    const std::filesystem::path dir = cl.positionals().empty() ? "." : cl.positionals().front();
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        std::cerr << "portico: " << dir.string()
                  << ": not a workspace folder (no such directory)\n";
        return kExitIo;
    }

    auto result = loadCheckedWorkspace(dir);
    result.diagnostics.sortByLocation();
    const auto& diagnostics = result.diagnostics;
    if (format == "json") {
        printDiagnosticsJson(std::cout, diagnostics, dir);
    } else {
        printDiagnosticsText(std::cout, diagnostics, dir);
        if (!cl.has("--quiet")) {
            std::cerr << dir.string() << ": " << diagnostics.errorCount() << " error(s), "
                      << diagnostics.warningCount() << " warning(s)\n";
        }
    }
    const bool failed =
        diagnostics.hasErrors() || (cl.has("--strict") && diagnostics.warningCount() > 0);
    return failed ? kExitDiagnostics : kExitOk;
}

} // namespace portico::cli
