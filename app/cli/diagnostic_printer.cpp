#include "app/cli/diagnostic_printer.h"

#include <nlohmann/json.hpp>

namespace portico::cli {

namespace {
std::string displayPath(const std::filesystem::path& base, const std::string& file) {
    if (file.empty())
        return base.empty() ? std::string(".") : base.lexically_normal().string();
    std::filesystem::path p(file);
    if (p.is_absolute() || base.empty())
        return p.lexically_normal().string();
    return (base / p).lexically_normal().string();
}
} // namespace

void printDiagnosticsText(std::ostream& out, const model::DiagnosticList& diagnostics,
                          const std::filesystem::path& base) {
    for (const auto& d : diagnostics.items()) {
        model::Diagnostic shown = d;
        shown.where.file = displayPath(base, d.where.file);
        out << shown.toString() << '\n';
    }
}

void printDiagnosticsJson(std::ostream& out, const model::DiagnosticList& diagnostics,
                          const std::filesystem::path& base) {
    auto list = nlohmann::json::array();
    for (const auto& d : diagnostics.items()) {
        list.push_back({{"file", d.where.file},
                        {"path", displayPath(base, d.where.file)},
                        {"line", d.where.line},
                        {"column", d.where.column},
                        {"severity", d.severity == model::Severity::Error ? "error" : "warning"},
                        {"code", d.code},
                        {"message", d.message}});
    }
    nlohmann::json doc{{"errors", diagnostics.errorCount()},
                       {"warnings", diagnostics.warningCount()},
                       {"diagnostics", std::move(list)}};
    // Replace, not throw, on invalid UTF-8 from a broken file name or message.
    out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

} // namespace portico::cli
