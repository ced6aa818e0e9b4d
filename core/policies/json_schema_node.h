#pragma once

#include "core/policies/json_schema.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// A compiled schema's tree, shared by its compiler (json_schema_compiler.cpp) and its checker
// (json_schema.cpp).
namespace portico::policies {

namespace schema {

// JSON types as bits; a number type admits integers too.
// JSON types as bits; a number type admits integers too.
enum TypeBit : unsigned {
    kNull = 1,
    kBoolean = 2,
    kInteger = 4,
    kNumber = 8,
    kString = 16,
    kArray = 32,
    kObject = 64,
};

// Where a problem is: "#" and a JSON Pointer (RFC 6901).
inline std::string pointer(const std::string& path) {
    return path.empty() ? std::string("#") : "#" + path;
}

// A path segment as JSON Pointer writes it (~ and / escaped).
inline std::string segment(std::string_view name) {
    std::string out = "/";
    for (char c : name) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

// The tree of `schema`; nothing, with `problem` saying what and where, when it is not a schema
// Portico can check.
std::unique_ptr<JsonSchema::Node> compileTree(const nlohmann::json& schema, std::string& problem);

} // namespace schema

struct JsonSchema::Node {
    bool never = false; // the schema `false`
    unsigned types = 0; // 0: any type
    std::optional<nlohmann::json> enumValues;
    std::optional<nlohmann::json> constValue;
    std::optional<double> minimum, maximum, multipleOf;
    bool exclusiveMinimum = false, exclusiveMaximum = false;
    std::optional<std::uint64_t> minLength, maxLength, minItems, maxItems, minProperties,
        maxProperties;
    bool uniqueItems = false;
    std::optional<std::regex> pattern;
    std::string patternText;
    std::string format;
    std::vector<std::pair<std::string, std::unique_ptr<Node>>> properties;
    std::vector<std::string> required;
    enum class Extra { Unset, Allowed, Forbidden, Schema } extra = Extra::Unset;
    std::unique_ptr<Node> extraSchema, items, notSchema;
    std::vector<std::unique_ptr<Node>> allOf, anyOf, oneOf;
};

} // namespace portico::policies
