#include "core/policies/json_schema.h"
#include "core/policies/json_schema_node.h"

#include "core/text/ascii.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <regex>

namespace portico::policies {

using nlohmann::json;
using namespace schema;

namespace {

// The schema's text, enums and examples included, nests this deep at most: copying and comparing
// JSON values recurses.
constexpr std::size_t kMostSchemaTextDepth = 256;

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

} // namespace

namespace {

using Node = JsonSchema::Node;

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
    auto root = schema::compileTree(schema, problem);
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
