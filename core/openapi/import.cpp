#include "core/openapi/import.h"

#include "core/openapi/diagnostic_codes.h"
#include "core/openapi/readers.h"
#include "core/openapi/spec_reader.h"

#include <fstream>
#include <sstream>

namespace portico::openapi {

namespace {

// Offset of the first byte that is not valid UTF-8, or npos.
std::size_t invalidUtf8At(std::string_view text) {
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
        if (length == 0 || c > 0xF4 || (length == 2 && c < 0xC2) || i + length > n)
            return i;
        auto c1 = static_cast<unsigned char>(text[i + 1]);
        if ((length == 3 && ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F))) ||
            (length == 4 && ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F))))
            return i;
        for (std::size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80)
                return i;
        i += length;
    }
    return std::string_view::npos;
}

model::SourceLocation locate(const std::string& fileName, std::string_view text,
                             std::size_t offset) {
    int line = 1;
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i)
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    return {fileName, line, static_cast<int>(offset - lineStart) + 1};
}

} // namespace

std::optional<Specification> parseSpecification(std::string_view text, const std::string& fileName,
                                                model::DiagnosticList& diagnostics) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    if (auto bad = invalidUtf8At(text); bad != std::string_view::npos) {
        diagnostics.error(codes::kNotUtf8, locate(fileName, text, bad),
                          "the file is not valid UTF-8 (bad byte here); OpenAPI documents must "
                          "be UTF-8");
        return std::nullopt;
    }
    auto document = detail::looksLikeJson(text) ? detail::readJson(text, fileName, diagnostics)
                                                : detail::readYaml(text, fileName, diagnostics);
    if (!document)
        return std::nullopt;
    // Generous for real specs (GitHub's expands to ~5x its size) yet bounded for hostile ones.
    const std::size_t budget = 64u * 1024 * 1024 + 16 * text.size();
    detail::SpecReader reader(*document, diagnostics, budget);
    return reader.read();
}

std::optional<Specification> loadSpecification(const std::filesystem::path& file,
                                               model::DiagnosticList& diagnostics) {
    std::error_code error;
    if (std::filesystem::is_directory(file, error)) {
        diagnostics.error(codes::kFileNotReadable, {file.string(), 0, 0},
                          "is a directory, expected a specification file");
        return std::nullopt;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        diagnostics.error(codes::kFileNotReadable, {file.string(), 0, 0},
                          "cannot read the specification file");
        return std::nullopt;
    }
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) {
        diagnostics.error(codes::kFileNotReadable, {file.string(), 0, 0},
                          "error while reading the specification file");
        return std::nullopt;
    }
    return parseSpecification(content.str(), file.string(), diagnostics);
}

} // namespace portico::openapi
