#pragma once

#include "core/model/diagnostic.h"
#include "core/openapi/document.h"

#include <optional>
#include <string_view>

namespace portico::openapi::detail {

// Both readers report their own syntax errors (PT2003 / PT2004, PT2015, PT2022) and return
// nothing when the text cannot be read at all.
std::optional<Document> readJson(std::string_view text, const std::string& fileName,
                                 model::DiagnosticList& diagnostics);
std::optional<Document> readYaml(std::string_view text, const std::string& fileName,
                                 model::DiagnosticList& diagnostics);

// JSON when the first significant character opens an object or an array, YAML otherwise.
bool looksLikeJson(std::string_view text);

// Reports keys that appear twice in one mapping (the first one is the one used).
void reportDuplicateKeys(const Document& document, model::DiagnosticList& diagnostics);

} // namespace portico::openapi::detail
