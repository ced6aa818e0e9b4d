#pragma once

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::policies {

// An OpenAPI schema object (3.0 or 3.1, its $refs resolved and its cycles cut by the spec reader)
// compiled once, to check values against it: `type` (and 3.0's `nullable`), `enum`, `const`,
// numeric bounds and `multipleOf`, string lengths, `pattern` and the formats int32, int64, date,
// date-time and uuid, array sizes and `uniqueItems`, `required`, `additionalProperties`,
// `minProperties`/`maxProperties`, `allOf`, `anyOf`, `oneOf` and `not`. Other keywords are
// annotations and are not checked.
class JsonSchema {
public:
    struct Options {
        std::optional<bool> allowAdditionalProperties; // overrides the schema's own setting
        bool caseInsensitivePropertyNames = false;
    };
    struct Node;

    // The schema written in `schemaJson`; nothing, with `problem` saying what and where, when it
    // is not JSON, not a schema, or holds a pattern that cannot be checked.
    static std::shared_ptr<const JsonSchema> compile(std::string_view schemaJson,
                                                     std::string& problem);
    explicit JsonSchema(std::unique_ptr<Node> root);
    ~JsonSchema();

    // Empty when `value` conforms; otherwise the first problem found, with where it is
    // ("#/items/2/name: expected integer, found string").
    std::string check(const nlohmann::json& value, const Options& options) const;
    std::string check(const nlohmann::json& value) const;

    // A request parameter's text values as the JSON value the schema describes: an integer,
    // number or boolean read from the text, an array from the repeated values or from one
    // comma-separated value, otherwise the text. Nothing, with `problem` set, when a value
    // cannot be read as the type the schema asks for.
    std::optional<nlohmann::json> parameterValue(const std::vector<std::string>& values,
                                                 std::string& problem) const;
    // Whether the schema describes an array (a parameter that may be sent more than once).
    bool describesArray() const;

private:
    std::unique_ptr<Node> m_root;
};

// The nesting depth of the JSON text `body` (arrays and objects), counted without parsing it,
// so that a body nested deeper than any schema can be refused before it is parsed.
std::size_t jsonNestingDepth(std::string_view body);

} // namespace portico::policies
