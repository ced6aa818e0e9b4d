#include "core/model/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace portico::model {

std::string Diagnostic::toString() const {
    std::string out = where.file.empty() ? std::string("<input>") : where.file;
    if (where.line > 0) {
        out += ':' + std::to_string(where.line);
        if (where.column > 0)
            out += ':' + std::to_string(where.column);
    }
    out += severity == Severity::Error ? ": error: " : ": warning: ";
    out += code;
    out += ' ';
    out += message;
    return out;
}

void DiagnosticList::add(Diagnostic diagnostic) {
    if (diagnostic.severity == Severity::Error)
        ++m_errorCount;
    m_items.push_back(std::move(diagnostic));
}

void DiagnosticList::error(std::string code, SourceLocation where, std::string message) {
    add({Severity::Error, std::move(code), std::move(message), std::move(where)});
}

void DiagnosticList::warning(std::string code, SourceLocation where, std::string message) {
    add({Severity::Warning, std::move(code), std::move(message), std::move(where)});
}

void DiagnosticList::append(const DiagnosticList& other) {
    for (const auto& d : other.items())
        add(d);
}

void DiagnosticList::sortByLocation() {
    std::stable_sort(m_items.begin(), m_items.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.where.file, a.where.line, a.where.column) <
               std::tie(b.where.file, b.where.line, b.where.column);
    });
}

} // namespace portico::model
