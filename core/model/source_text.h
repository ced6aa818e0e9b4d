#pragma once

#include "core/model/diagnostic.h"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace portico::model {

// Reads a whole file; on failure returns nothing and sets `error` to the reason.
std::optional<std::string> readTextFile(const std::filesystem::path& file, std::string& error);

// Offset of the first byte that is not part of well-formed UTF-8, or nothing when all is well.
std::optional<std::size_t> findInvalidUtf8(std::string_view text);

// 1-based line and column (in bytes) of `offset` inside `text`.
SourceLocation locate(std::string_view text, std::size_t offset, const std::string& file);

} // namespace portico::model
