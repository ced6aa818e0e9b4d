#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace portico::model {

// Writes `content` to a temporary file in the same folder, fsyncs it, renames it over `file` and
// fsyncs the folder, so a crash leaves either the old or the new file, never half of one.
// Creates missing parent folders. Returns an empty string on success, else the reason.
std::string writeFileAtomically(const std::filesystem::path& file, std::string_view content);

} // namespace portico::model
