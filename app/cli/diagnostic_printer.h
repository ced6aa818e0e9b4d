#pragma once

#include "core/model/diagnostic.h"

#include <filesystem>
#include <ostream>

namespace portico::cli {

// Text: one "path:line:col: error|warning: CODE message" line each, paths joined to `base` so
// that editors can open them. JSON: one object with every diagnostic and the counts.
void printDiagnosticsText(std::ostream& out, const model::DiagnosticList& diagnostics,
                          const std::filesystem::path& base);
void printDiagnosticsJson(std::ostream& out, const model::DiagnosticList& diagnostics,
                          const std::filesystem::path& base);

} // namespace portico::cli
