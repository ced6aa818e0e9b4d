#pragma once

#include "core/model/diagnostic.h"
#include "core/openapi/specification.h"

#include <filesystem>
#include <optional>
#include <string_view>

namespace portico::openapi {

// Parses a specification (YAML or JSON, detected from the content). Problems go to `diagnostics`
// with `fileName` and line/column; returns nothing when the document cannot be used at all.
std::optional<Specification> parseSpecification(std::string_view text, const std::string& fileName,
                                                model::DiagnosticList& diagnostics);

std::optional<Specification> loadSpecification(const std::filesystem::path& file,
                                               model::DiagnosticList& diagnostics);

} // namespace portico::openapi
