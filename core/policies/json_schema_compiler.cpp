#include "core/policies/json_schema_node.h"

namespace portico::policies::schema {

using nlohmann::json;

namespace {

// Schemas nest this deep at most: the spec reader cuts cycles, so only a hostile spec gets here.
constexpr int kMostSchemaDepth = 64;

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

} // namespace

std::unique_ptr<JsonSchema::Node> compileTree(const json& schema, std::string& problem) {
    return SchemaCompiler(problem).compile(schema, {}, 0);
}

} // namespace portico::policies::schema
