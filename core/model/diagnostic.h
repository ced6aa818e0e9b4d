#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace portico::model {

enum class Severity { Error, Warning };

// 1-based line and column; 0 means "whole file" or "unknown".
struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;
};

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string code; // e.g. "PT1003", see diagnostic_codes.h
    std::string message;
    SourceLocation where;

    // "file:line:col: error: PT1003 message"
    std::string toString() const;
};

// Loading collects every problem instead of stopping at the first one.
class DiagnosticList {
public:
    void add(Diagnostic diagnostic);
    void error(std::string code, SourceLocation where, std::string message);
    void warning(std::string code, SourceLocation where, std::string message);
    void append(const DiagnosticList& other);

    bool hasErrors() const { return m_errorCount > 0; }
    std::size_t errorCount() const { return m_errorCount; }
    std::size_t warningCount() const { return m_items.size() - m_errorCount; }
    bool empty() const { return m_items.empty(); }
    const std::vector<Diagnostic>& items() const { return m_items; }

    // Stable order for output: by file, line, column.
    void sortByLocation();

private:
    std::vector<Diagnostic> m_items;
    std::size_t m_errorCount = 0;
};

} // namespace portico::model
