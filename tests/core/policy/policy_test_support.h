#pragma once

#include "core/model/diagnostic.h"
#include "core/policy/policy_compiler.h"
#include "core/policy/policy_parser.h"
#include "core/policy/scope_merge.h"

#include <QString>
#include <QStringList>
#include <QtGlobal>

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

// A whole <policies> document at API scope, merged alone and compiled.
inline std::optional<CompiledPipeline> compileDocument(const std::string& document,
                                                       model::DiagnosticList& diagnostics) {
    auto parsed = parse(document, diagnostics);
    if (!parsed || diagnostics.hasErrors())
        return std::nullopt;
    const auto merged = mergeScopes({nullptr, nullptr, &*parsed, nullptr}, {}, diagnostics);
    return compilePipeline(merged, {}, diagnostics);
}

// compileDocument() for documents a test expects to compile; anything else ends the test.
inline CompiledPipeline compiled(const std::string& document) {
    model::DiagnosticList diagnostics;
    auto pipeline = compileDocument(document, diagnostics);
    if (!pipeline)
        qFatal("did not compile: %s", qPrintable(describe(diagnostics)));
    return std::move(*pipeline);
}

} // namespace portico::policy::test
