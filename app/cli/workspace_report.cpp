#include "app/cli/workspace_report.h"

#include "app/cli/command_line.h"
#include "app/cli/diagnostic_printer.h"

#include <iostream>

namespace portico::cli {

std::optional<WorkspaceReport> parseWorkspaceReport(const Args& args, const std::string& command,
                                                    int& exitCode) {
    CommandLine cl({"--format"}, {"--strict", "--quiet"});
    auto fail = [&](const std::string& message) -> std::optional<WorkspaceReport> {
        exitCode = usageError(message, command);
        return std::nullopt;
    };
    if (auto error = cl.parse(args))
        return fail(*error);
    if (cl.positionals().size() > 1)
        return fail(command + " takes one workspace folder, got " +
                    std::to_string(cl.positionals().size()));
    const std::string format = cl.value("--format").value_or("text");
    if (format != "text" && format != "json")
        return fail("--format must be 'text' or 'json', not '" + format + "'");

    WorkspaceReport report;
    report.dir = cl.positionals().empty() ? "." : cl.positionals().front();
    report.json = format == "json";
    report.strict = cl.has("--strict");
    report.quiet = cl.has("--quiet");
    std::error_code ec;
    if (!std::filesystem::is_directory(report.dir, ec)) {
        std::cerr << "portico: " << report.dir.string()
                  << ": not a workspace folder (no such directory)\n";
        exitCode = kExitIo;
        return std::nullopt;
    }
    return report;
}

int printWorkspaceReport(const WorkspaceReport& report, model::DiagnosticList diagnostics) {
    diagnostics.sortByLocation();
    if (report.json) {
        printDiagnosticsJson(std::cout, diagnostics, report.dir);
    } else {
        printDiagnosticsText(std::cout, diagnostics, report.dir);
        if (!report.quiet) {
            std::cerr << report.dir.string() << ": " << diagnostics.errorCount() << " error(s), "
                      << diagnostics.warningCount() << " warning(s)\n";
        }
    }
    const bool failed =
        diagnostics.hasErrors() || (report.strict && diagnostics.warningCount() > 0);
    return failed ? kExitDiagnostics : kExitOk;
}

} // namespace portico::cli
