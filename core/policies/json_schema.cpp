#include "core/policies/json_schema.h"

#include "core/text/ascii.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <regex>

namespace portico::policies {

using nlohmann::json;

namespace {

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

// Schemas nest this deep at most: the spec reader cuts cycles, so only a hostile spec gets here.
constexpr int kMostSchemaDepth = 64;
// The schema's text, enums and examples included, nests this deep at most: copying and comparing
// JSON values recurses.
constexpr std::size_t kMostSchemaTextDepth = 256;

unsigned typeBit(std::string_view name) {
    if (name == "null")
        return kNull;
    if (name == "boolean")
        return kBoolean;
    if (name == "integer")
        return kInteger;
    if (name == "number")
        return kNumber | kInteger;
    if (name == "string")
        return kString;
    if (name == "array")
        return kArray;
    if (name == "object")
        return kObject;
    return 0;
}

bool isIntegral(double d) {
    return std::isfinite(d) && std::floor(d) == d;
}

// The bits a value matches: an integer is a number too, and so is 2.0 an integer.
unsigned bitsOf(const json& value) {
    switch (value.type()) {
    case json::value_t::null:
        return kNull;
    case json::value_t::boolean:
        return kBoolean;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
        return kInteger | kNumber;
    case json::value_t::number_float:
        return isIntegral(value.get<double>()) ? kInteger | kNumber : kNumber;
    case json::value_t::string:
        return kString;
    case json::value_t::array:
        return kArray;
    case json::value_t::object:
        return kObject;
    default:
        return 0;
    }
}

const char* typeName(const json& value) {
    switch (value.type()) {
    case json::value_t::null:
        return "null";
    case json::value_t::boolean:
        return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
        return "integer";
    case json::value_t::number_float:
        return "number";
    case json::value_t::string:
        return "string";
    case json::value_t::array:
        return "array";
    case json::value_t::object:
        return "object";
    default:
        return "value";
    }
}

std::string typeList(unsigned types) {
    static const std::pair<unsigned, const char*> names[] = {
        {kObject, "object"},   {kArray, "array"},     {kString, "string"}, {kNumber, "number"},
        {kInteger, "integer"}, {kBoolean, "boolean"}, {kNull, "null"}};
    std::string out;
    for (const auto& [bit, name] : names) {
        if (!(types & bit) || (bit == kInteger && (types & kNumber)))
            continue;
        out += out.empty() ? "" : " or ";
        out += name;
    }
    return out;
}

std::string numberText(double d) {
    if (isIntegral(d) && std::fabs(d) < 1e15)
        return std::to_string(static_cast<long long>(d));
    return json(d).dump();
}

// Characters, not bytes: UTF-8 continuation bytes do not count.
std::size_t codePoints(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool digitsAt(std::string_view text, std::size_t at, std::size_t count) {
    if (at + count > text.size())
        return false;
    return std::all_of(text.begin() + at, text.begin() + at + count,
                       [](char c) { return c >= '0' && c <= '9'; });
}

int numberAt(std::string_view text, std::size_t at, std::size_t count) {
    int n = 0;
    for (std::size_t i = at; i < at + count; ++i)
        n = n * 10 + (text[i] - '0');
    return n;
}

bool isDate(std::string_view text) {
    if (text.size() != 10 || !digitsAt(text, 0, 4) || text[4] != '-' || !digitsAt(text, 5, 2) ||
        text[7] != '-' || !digitsAt(text, 8, 2))
        return false;
    const int year = numberAt(text, 0, 4), month = numberAt(text, 5, 2), day = numberAt(text, 8, 2);
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > days[month - 1])
        return false;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month != 2 || day <= 28 || leap;
}

// RFC 3339 date-time: 2026-12-01T05:30:00Z, with optional fractions and an offset.
bool isDateTime(std::string_view text) {
    if (text.size() < 20 || !isDate(text.substr(0, 10)) || text::asciiLower(text[10]) != 't' ||
        !digitsAt(text, 11, 2) || text[13] != ':' || !digitsAt(text, 14, 2) || text[16] != ':' ||
        !digitsAt(text, 17, 2))
        return false;
    if (numberAt(text, 11, 2) > 23 || numberAt(text, 14, 2) > 59 || numberAt(text, 17, 2) > 60)
        return false;
    std::size_t at = 19;
    if (text[at] == '.') {
        const std::size_t start = ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9')
            ++at;
        if (at == start)
            return false;
    }
    const std::string_view zone = text.substr(at);
    if (zone.size() == 1)
        return text::asciiLower(zone[0]) == 'z';
    return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && digitsAt(zone, 1, 2) &&
           zone[3] == ':' && digitsAt(zone, 4, 2) && numberAt(zone, 1, 2) <= 23 &&
           numberAt(zone, 4, 2) <= 59;
}

bool isUuid(std::string_view text) {
    if (text.size() != 36)
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : !text::isAsciiHexDigit(text[i]))
            return false;
    }
    return true;
}

bool sameName(std::string_view a, std::string_view b, bool ignoreCase) {
    return ignoreCase ? text::equalsIgnoringAsciiCase(a, b) : a == b;
}

std::string pointer(const std::string& path) {
    return path.empty() ? std::string("#") : "#" + path;
}

// A path segment as JSON Pointer writes it (RFC 6901: ~ and / escaped).
std::string segment(std::string_view name) {
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

} // namespace

struct JsonSchema::Node {
    bool never = false; // the schema `false`
    unsigned types = 0; // 0: any type
    std::optional<json> enumValues;
    std::optional<json> constValue;
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

namespace {

using Node = JsonSchema::Node;

class SchemaCompiler {
public:
    explicit SchemaCompiler(std::string& problem)
        : m_problem(problem) {}

    std::unique_ptr<Node> compile(const json& schema, const std::string& path, int depth) {
        auto node = std::make_unique<Node>();
        if (schema.is_boolean()) { // 3.1: true admits anything, false nothing
            node->never = !schema.get<bool>();
            return node;
        }
        if (!schema.is_object())
            return fail(path, "a schema must be an object");
        if (depth > kMostSchemaDepth)
            return fail(path,
                        "schemas nest more than " + std::to_string(kMostSchemaDepth) + " deep");
        if (!readTypes(*node, schema, path) || !readBounds(*node, schema, path) ||
            !readPattern(*node, schema, path))
            return nullptr;
        if (schema.contains("enum")) {
            if (!schema["enum"].is_array())
                return fail(path, "'enum' must be an array");
            node->enumValues = schema["enum"];
        }
        if (schema.contains("const"))
            node->constValue = schema["const"];
        if (auto it = schema.find("format"); it != schema.end() && it->is_string())
            node->format = it->get<std::string>();
        if (auto it = schema.find("uniqueItems"); it != schema.end() && it->is_boolean())
            node->uniqueItems = it->get<bool>();
        if (!readObjectRules(*node, schema, path, depth))
            return nullptr;
        if (auto it = schema.find("items"); it != schema.end() && !it->is_array()) {
            if (!(node->items = compile(*it, path + "/items", depth + 1)))
                return nullptr;
        }
        if (auto it = schema.find("not"); it != schema.end()) {
            if (!(node->notSchema = compile(*it, path + "/not", depth + 1)))
                return nullptr;
        }
        for (auto [key, list] : {std::pair{"allOf", &node->allOf}, std::pair{"anyOf", &node->anyOf},
                                 std::pair{"oneOf", &node->oneOf}}) {
            auto it = schema.find(key);
            if (it == schema.end())
                continue;
            if (!it->is_array() || it->empty())
                return fail(path, "'" + std::string(key) + "' must be a non-empty array");
            for (std::size_t i = 0; i < it->size(); ++i) {
                auto part =
                    compile((*it)[i], path + "/" + key + "/" + std::to_string(i), depth + 1);
                if (!part)
                    return nullptr;
                list->push_back(std::move(part));
            }
        }
        return node;
    }

private:
    std::unique_ptr<Node> fail(const std::string& path, std::string what) {
        if (m_problem.empty())
            m_problem = pointer(path) + ": " + std::move(what);
        return nullptr;
    }

    bool refuse(const std::string& path, std::string what) {
        fail(path, std::move(what));
        return false;
    }

    bool readTypes(Node& node, const json& schema, const std::string& path) {
        const auto it = schema.find("type");
        if (it != schema.end()) {
            const json names = it->is_array() ? *it : json::array({*it});
            for (const auto& name : names) {
                const unsigned bit = name.is_string() ? typeBit(name.get<std::string>()) : 0;
                if (!bit)
                    return refuse(path, "'type' " + name.dump() + " is not a JSON Schema type");
                node.types |= bit;
            }
        }
        // OpenAPI 3.0's way of admitting null; without a type, any value is admitted anyway.
        if (node.types && schema.value("nullable", false) == true)
            node.types |= kNull;
        return true;
    }

    bool readBounds(Node& node, const json& schema, const std::string& path) {
        for (auto [key, field] :
             {std::pair{"minimum", &node.minimum}, std::pair{"maximum", &node.maximum},
              std::pair{"multipleOf", &node.multipleOf}}) {
            if (auto it = schema.find(key); it != schema.end()) {
                if (!it->is_number())
                    return refuse(path, "'" + std::string(key) + "' must be a number");
                *field = it->get<double>();
            }
        }
        if (node.multipleOf && !(*node.multipleOf > 0))
            return refuse(path, "'multipleOf' must be greater than 0");
        // 3.0 writes exclusive bounds as flags on minimum/maximum, 3.1 as numbers of their own.
        for (auto [key, flag, bound] :
             {std::tuple{"exclusiveMinimum", &node.exclusiveMinimum, &node.minimum},
              std::tuple{"exclusiveMaximum", &node.exclusiveMaximum, &node.maximum}}) {
            const auto it = schema.find(key);
            if (it == schema.end())
                continue;
            if (it->is_boolean()) {
                *flag = it->get<bool>();
            } else if (it->is_number()) {
                *flag = true;
                *bound = it->get<double>();
            } else {
                return refuse(path, "'" + std::string(key) + "' must be a boolean or a number");
            }
        }
        for (auto [key, field] :
             {std::pair{"minLength", &node.minLength}, std::pair{"maxLength", &node.maxLength},
              std::pair{"minItems", &node.minItems}, std::pair{"maxItems", &node.maxItems},
              std::pair{"minProperties", &node.minProperties},
              std::pair{"maxProperties", &node.maxProperties}}) {
            if (auto it = schema.find(key); it != schema.end()) {
                if (!it->is_number_unsigned() && !(it->is_number_integer() && *it >= 0))
                    return refuse(path, "'" + std::string(key) + "' must be a whole number");
                *field = it->get<std::uint64_t>();
            }
        }
        return true;
    }

    // Patterns are ECMAScript, run by a matcher whose time grows with the text times the
    // pattern, never exponentially (libstdc++'s polynomial mode): the text is the caller's.
    bool readPattern(Node& node, const json& schema, const std::string& path) {
        const auto it = schema.find("pattern");
        if (it == schema.end())
            return true;
        if (!it->is_string())
            return refuse(path, "'pattern' must be a string");
        node.patternText = it->get<std::string>();
        try {
            node.pattern.emplace(node.patternText,
                                 std::regex::ECMAScript | std::regex_constants::__polynomial);
        } catch (const std::regex_error& e) {
            return refuse(path, "pattern '" + node.patternText +
                                    "' cannot be checked (back-references, lookbehind and "
                                    "Unicode classes are not supported): " +
                                    e.what());
        }
        return true;
    }

    bool readObjectRules(Node& node, const json& schema, const std::string& path, int depth) {
        if (auto it = schema.find("properties"); it != schema.end()) {
            if (!it->is_object())
                return refuse(path, "'properties' must be an object");
            for (const auto& [name, property] : it->items()) {
                auto compiled = compile(property, path + "/properties" + segment(name), depth + 1);
                if (!compiled)
                    return false;
                node.properties.emplace_back(name, std::move(compiled));
            }
        }
        if (auto it = schema.find("required"); it != schema.end() && it->is_array()) {
            for (const auto& name : *it) {
                if (name.is_string())
                    node.required.push_back(name.get<std::string>());
            }
        }
        if (auto it = schema.find("additionalProperties"); it != schema.end()) {
            if (it->is_boolean()) {
                node.extra = it->get<bool>() ? Node::Extra::Allowed : Node::Extra::Forbidden;
            } else {
                node.extra = Node::Extra::Schema;
                if (!(node.extraSchema = compile(*it, path + "/additionalProperties", depth + 1)))
                    return false;
            }
        }
        return true;
    }

    std::string& m_problem;
};

class Checker {
public:
    explicit Checker(const JsonSchema::Options& options)
        : m_options(options) {}

    // `composed`: checked as a part of an allOf, whose siblings may declare the properties.
    std::string check(const Node& node, const json& value, const std::string& path,
                      bool composed = false) const {
        if (node.never)
            return at(path, "no value is allowed here");
        if (node.types && !(node.types & bitsOf(value)))
            return at(path, "expected " + typeList(node.types) + ", found " + typeName(value));
        if (node.enumValues && std::find(node.enumValues->begin(), node.enumValues->end(), value) ==
                                   node.enumValues->end())
            return at(path, "is not one of the allowed values " + node.enumValues->dump());
        if (node.constValue && *node.constValue != value)
            return at(path, "must be " + node.constValue->dump());
        std::string problem;
        if (value.is_number())
            problem = checkNumber(node, value, path);
        else if (value.is_string())
            problem = checkString(node, value.get_ref<const std::string&>(), path);
        else if (value.is_array())
            problem = checkArray(node, value, path);
        else if (value.is_object())
            problem = checkObject(node, value, path, composed);
        if (problem.empty())
            problem = checkComposition(node, value, path);
        return problem;
    }

private:
    static std::string at(const std::string& path, std::string what) {
        return pointer(path) + ": " + std::move(what);
    }

    std::string checkNumber(const Node& node, const json& value, const std::string& path) const {
        const double d = value.get<double>();
        if (node.minimum && (node.exclusiveMinimum ? !(d > *node.minimum) : d < *node.minimum))
            return at(path, std::string("must be ") +
                                (node.exclusiveMinimum ? "greater than " : "at least ") +
                                numberText(*node.minimum));
        if (node.maximum && (node.exclusiveMaximum ? !(d < *node.maximum) : d > *node.maximum))
            return at(path, std::string("must be ") +
                                (node.exclusiveMaximum ? "less than " : "at most ") +
                                numberText(*node.maximum));
        if (node.multipleOf) {
            const double q = d / *node.multipleOf;
            if (std::fabs(q - std::round(q)) > 1e-9 * std::max(1.0, std::fabs(q)))
                return at(path, "must be a multiple of " + numberText(*node.multipleOf));
        }
        if (node.format == "int32" || node.format == "int64") {
            const bool int32 = node.format == "int32";
            const double low = int32 ? -2147483648.0 : -9223372036854775808.0;
            const double high = int32 ? 2147483647.0 : 9223372036854775807.0;
            if (!isIntegral(d) || d < low || d > high)
                return at(path, "is not a " + node.format + " integer");
        }
        return {};
    }

    std::string checkString(const Node& node, const std::string& text,
                            const std::string& path) const {
        if (node.minLength || node.maxLength) {
            const std::size_t length = codePoints(text);
            if (node.minLength && length < *node.minLength)
                return at(path,
                          "is shorter than " + std::to_string(*node.minLength) + " characters");
            if (node.maxLength && length > *node.maxLength)
                return at(path,
                          "is longer than " + std::to_string(*node.maxLength) + " characters");
        }
        if (node.pattern && !std::regex_search(text, *node.pattern))
            return at(path, "does not match the pattern '" + node.patternText + "'");
        if ((node.format == "date" && !isDate(text)) ||
            (node.format == "date-time" && !isDateTime(text)) ||
            (node.format == "uuid" && !isUuid(text)))
            return at(path, "is not a valid " + node.format);
        return {};
    }

    std::string checkArray(const Node& node, const json& value, const std::string& path) const {
        if (node.minItems && value.size() < *node.minItems)
            return at(path, "has fewer than " + std::to_string(*node.minItems) + " items");
        if (node.maxItems && value.size() > *node.maxItems)
            return at(path, "has more than " + std::to_string(*node.maxItems) + " items");
        if (node.uniqueItems) {
            std::vector<const json*> sorted;
            for (const auto& item : value)
                sorted.push_back(&item);
            std::sort(sorted.begin(), sorted.end(),
                      [](const json* a, const json* b) { return *a < *b; });
            const auto same =
                std::adjacent_find(sorted.begin(), sorted.end(),
                                   [](const json* a, const json* b) { return *a == *b; });
            if (same != sorted.end())
                return at(path, "has duplicate items");
        }
        if (node.items) {
            for (std::size_t i = 0; i < value.size(); ++i) {
                auto problem = check(*node.items, value[i], path + "/" + std::to_string(i));
                if (!problem.empty())
                    return problem;
            }
        }
        return {};
    }

    const Node* property(const Node& node, std::string_view name) const {
        for (const auto& [declared, schema] : node.properties) {
            if (sameName(declared, name, m_options.caseInsensitivePropertyNames))
                return schema.get();
        }
        return nullptr;
    }

    bool hasProperty(const json& object, std::string_view name) const {
        for (const auto& item : object.items()) {
            if (sameName(item.key(), name, m_options.caseInsensitivePropertyNames))
                return true;
        }
        return false;
    }

    // Declared by the node or by one of its allOf parts.
    bool declares(const Node& node, std::string_view name) const {
        if (property(node, name))
            return true;
        return std::any_of(node.allOf.begin(), node.allOf.end(),
                           [&](const auto& part) { return declares(*part, name); });
    }

    std::string checkObject(const Node& node, const json& value, const std::string& path,
                            bool composed) const {
        if (node.minProperties && value.size() < *node.minProperties)
            return at(path,
                      "has fewer than " + std::to_string(*node.minProperties) + " properties");
        if (node.maxProperties && value.size() > *node.maxProperties)
            return at(path, "has more than " + std::to_string(*node.maxProperties) + " properties");
        for (const auto& name : node.required) {
            if (!hasProperty(value, name))
                return at(path, "required property '" + name + "' is missing");
        }
        for (const auto& item : value.items()) {
            const std::string itemPath = path + segment(item.key());
            if (const Node* schema = property(node, item.key())) {
                auto problem = check(*schema, item.value(), itemPath);
                if (!problem.empty())
                    return problem;
                continue;
            }
            auto problem = checkAdditional(node, item.key(), item.value(), itemPath, composed);
            if (!problem.empty())
                return problem;
        }
        return {};
    }

    std::string checkAdditional(const Node& node, std::string_view name, const json& value,
                                const std::string& path, bool composed) const {
        const auto forced = m_options.allowAdditionalProperties;
        if (forced && !composed) {
            if (!*forced && !declares(node, name))
                return at(path, "additional property '" + std::string(name) + "' is not allowed");
            return {};
        }
        if (node.extra == Node::Extra::Forbidden)
            return at(path, "additional property '" + std::string(name) + "' is not allowed");
        if (node.extra == Node::Extra::Schema)
            return check(*node.extraSchema, value, path);
        return {};
    }

    std::string checkComposition(const Node& node, const json& value,
                                 const std::string& path) const {
        for (const auto& part : node.allOf) {
            auto problem = check(*part, value, path, true);
            if (!problem.empty())
                return problem;
        }
        if (!node.anyOf.empty() &&
            std::none_of(node.anyOf.begin(), node.anyOf.end(),
                         [&](const auto& part) { return check(*part, value, path).empty(); }))
            return at(path, "matches none of the schemas in 'anyOf'");
        if (!node.oneOf.empty()) {
            const auto matches =
                std::count_if(node.oneOf.begin(), node.oneOf.end(),
                              [&](const auto& part) { return check(*part, value, path).empty(); });
            if (matches != 1)
                return at(path, "matches " + std::to_string(matches) +
                                    " of the schemas in 'oneOf', not exactly one");
        }
        if (node.notSchema && check(*node.notSchema, value, path).empty())
            return at(path, "matches the schema in 'not'");
        return {};
    }

    const JsonSchema::Options& m_options;
};

// A parameter's text as the scalar type the schema asks for; the text itself for strings.
std::optional<json> scalarValue(const std::string& text, unsigned types, std::string& problem) {
    if (types == 0 || (types & kString))
        return json(text);
    if (types & kInteger) {
        std::int64_t n = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (error == std::errc() && end == text.data() + text.size() && !text.empty())
            return json(n);
    }
    if (types & kNumber) {
        json number = json::parse(text, nullptr, false);
        if (number.is_number())
            return number;
    }
    if ((types & kBoolean) && (text == "true" || text == "false"))
        return json(text == "true");
    if ((types & kNull) && text.empty())
        return json(nullptr);
    problem = "'" + text + "' is not " + (types & kInteger && !(types & kNumber) ? "an " : "a ") +
              typeList(types);
    return std::nullopt;
}

} // namespace

JsonSchema::JsonSchema(std::unique_ptr<Node> root)
    : m_root(std::move(root)) {}

JsonSchema::~JsonSchema() = default;

std::shared_ptr<const JsonSchema> JsonSchema::compile(std::string_view schemaJson,
                                                      std::string& problem) {
    if (jsonNestingDepth(schemaJson) > kMostSchemaTextDepth) {
        problem = "the schema nests more than " + std::to_string(kMostSchemaTextDepth) + " deep";
        return nullptr;
    }
    const json schema =
        schemaJson.empty() ? json::object() : json::parse(schemaJson, nullptr, false);
    if (schema.is_discarded()) {
        problem = "the schema is not JSON";
        return nullptr;
    }
    auto root = SchemaCompiler(problem).compile(schema, {}, 0);
    if (!root)
        return nullptr;
    return std::make_shared<const JsonSchema>(std::move(root));
}

std::string JsonSchema::check(const nlohmann::json& value, const Options& options) const {
    return Checker(options).check(*m_root, value, {});
}

std::string JsonSchema::check(const nlohmann::json& value) const {
    return check(value, Options{});
}

bool JsonSchema::describesArray() const {
    return m_root->types & kArray;
}

std::optional<nlohmann::json> JsonSchema::parameterValue(const std::vector<std::string>& values,
                                                         std::string& problem) const {
    if (!describesArray()) {
        return values.empty() ? std::optional<json>()
                              : scalarValue(values.front(), m_root->types, problem);
    }
    // Repeated (form, explode) or one comma-separated value (form, no explode).
    std::vector<std::string> items;
    for (const auto& value : values) {
        if (values.size() > 1) {
            items.push_back(value);
            continue;
        }
        std::size_t start = 0;
        while (start <= value.size()) {
            const auto comma = value.find(',', start);
            const auto end = comma == std::string::npos ? value.size() : comma;
            items.push_back(value.substr(start, end - start));
            start = end + 1;
        }
    }
    const unsigned itemTypes = m_root->items ? m_root->items->types : 0;
    json array = json::array();
    for (const auto& item : items) {
        auto converted = scalarValue(item, itemTypes, problem);
        if (!converted)
            return std::nullopt;
        array.push_back(std::move(*converted));
    }
    return array;
}

std::size_t jsonNestingDepth(std::string_view body) {
    std::size_t depth = 0, deepest = 0;
    bool inString = false, escaped = false;
    for (char c : body) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

} // namespace portico::policies
