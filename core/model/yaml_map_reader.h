#pragma once

#include "core/model/diagnostic.h"
#include "core/model/entities.h"

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace YAML {
class Node;
}

namespace portico::model {

// Reads one YAML mapping of a workspace file field by field, reporting wrong types, missing
// keys, duplicate keys and (on finish) unknown keys. yaml-cpp stays behind this interface.
class YamlMapReader {
public:
    // `file` is relative to the workspace root; `prefix` names nested fields ("tls.") in origins.
    YamlMapReader(const YAML::Node& node, std::string file, DiagnosticList& diagnostics,
                  Origin* origin = nullptr, std::string prefix = {});
    ~YamlMapReader();
    YamlMapReader(const YamlMapReader&) = delete;
    YamlMapReader& operator=(const YamlMapReader&) = delete;

    bool isMapping() const;
    bool has(std::string_view key) const; // present with a non-null value

    // Each returns true when the key was present and valid; `out` is untouched otherwise.
    bool string(std::string_view key, std::string& out, bool required = false);
    bool boolean(std::string_view key, bool& out);
    bool integer(std::string_view key, int& out, int min, int max);
    // A list of strings; `allowScalar` also accepts a single string.
    bool stringList(std::string_view key, std::vector<std::string>& out, bool allowScalar = false,
                    bool noDuplicates = true);
    template <typename E>
    bool choice(std::string_view key, E& out,
                std::initializer_list<std::pair<std::string_view, E>> values,
                bool required = false) {
        std::string text;
        if (!string(key, text, required))
            return false;
        for (const auto& [name, value] : values)
            if (name == text) {
                out = value;
                return true;
            }
        std::string expected;
        for (const auto& v : values)
            expected += (expected.empty() ? "" : ", ") + std::string(v.first);
        reportBadChoice(key, text, expected);
        return false;
    }

    // A nested mapping or list, for further reading; nothing when absent or null.
    std::optional<YAML::Node> mapping(std::string_view key);
    std::optional<YAML::Node> sequence(std::string_view key);
    // Consumes a key without reading it (e.g. keys rejected by the caller).
    void consume(std::string_view key);

    // Where the value (or the key) of `key` starts; the mapping's start when absent.
    SourceLocation valueLocation(std::string_view key) const;
    SourceLocation keyLocation(std::string_view key) const;
    // Location of a byte offset inside a single-line scalar value (quotes accounted for).
    SourceLocation offsetLocation(std::string_view key, std::size_t offset) const;
    SourceLocation location() const;
    const std::string& file() const;

    void error(const char* code, SourceLocation where, std::string message);
    void missing(std::string_view key, std::string_view what);

    // Warns about every key nobody read.
    void finish();

private:
    void reportBadChoice(std::string_view key, const std::string& found,
                         const std::string& expected);
    struct Data;
    std::unique_ptr<Data> d;
};

// The node's position as a 1-based location (1:1 when yaml-cpp has none).
SourceLocation yamlLocation(const YAML::Node& node, const std::string& file);
// "a string", "a list", "a mapping", "null"
std::string yamlKindName(const YAML::Node& node);

} // namespace portico::model
