#include "app/cli/commands.h"
#include "app/cli/workspace_edit.h"
#include "app/cli/workspace_report.h"
#include "core/posture/lint.h"

namespace portico::cli {

int runLint(const Args& args) {
    int exitCode = kExitOk;
    auto report = parseWorkspaceReport(args, "lint", exitCode);
    if (!report)
        return exitCode;
    // Lint findings only make sense on a workspace that loads; load errors come first.
    auto loaded = loadCheckedWorkspace(report->dir);
    model::DiagnosticList findings = loaded.diagnostics;
    if (!findings.hasErrors())
        findings.append(posture::lintWorkspace(loaded.workspace));
    return printWorkspaceReport(*report, std::move(findings));
}

} // namespace portico::cli
