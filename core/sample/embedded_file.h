#pragma once

#include <string_view>
#include <vector>

namespace portico::sample {

struct EmbeddedFile {
    std::string_view path; // relative, '/'-separated
    std::string_view content;
};

// The files of resources/sample-workspace/, compiled in so that `portico init` and the studio's
// File > New work from any install location.
const std::vector<EmbeddedFile>& sampleWorkspaceFiles();

} // namespace portico::sample
