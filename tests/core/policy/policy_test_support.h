#pragma once

#include "core/model/diagnostic.h"
#include "core/policy/policy_parser.h"

#include <QString>
#include <QStringList>

#include <string>

namespace portico::policy::test {

// QString literals for data rows (the project builds with QT_NO_CAST_FROM_ASCII).
inline QString operator""_q(const char* text, std::size_t size) {
    return QString::fromUtf8(text, static_cast<qsizetype>(size));
}

// A <policies> document with `content` alone in `section`: content starts at line 3, column 1.
inline std::string inSection(const std::string& section, const std::string& content) {
    return "<policies>\n<" + section + ">\n" + content + "\n</" + section + ">\n</policies>\n";
}

inline std::optional<PolicyDocument> parse(const std::string& text, model::DiagnosticList& out,
                                           Scope scope = Scope::Api,
                                           const std::string& file = "policy.xml") {
    ParseOptions options;
    options.file = file;
    options.scope = scope;
    if (scope == Scope::Fragment)
        options.fragmentId =
            std::string("f"); // not a literal assignment: GCC 12 -Wrestrict false positive
    return parsePolicyDocument(text, options, out);
}

inline QString describe(const model::DiagnosticList& diagnostics) {
    QStringList lines;
    for (const auto& d : diagnostics.items())
        lines << QString::fromStdString(d.toString());
    return lines.join(QLatin1Char('\n'));
}

} // namespace portico::policy::test
