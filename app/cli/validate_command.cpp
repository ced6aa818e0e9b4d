#include "app/cli/commands.h"
#include "app/cli/workspace_edit.h"
#include "app/cli/workspace_report.h"

namespace portico::cli {

int runValidate(const Args& args) {
    int exitCode = kExitOk;
    auto report = parseWorkspaceReport(args, "validate", exitCode);
    if (!report)
        return exitCode;
    return printWorkspaceReport(*report, loadCheckedWorkspace(report->dir).diagnostics);
}

} // namespace portico::cli
