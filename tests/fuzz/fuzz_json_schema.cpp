// libFuzzer target for what the validation policies read from untrusted bytes: request and
// response bodies checked against an OpenAPI schema, parameter text read as a schema's type, and
// schemas themselves (a specification is input too). The first byte picks which.

#include "core/policies/json_schema.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using portico::policies::JsonSchema;

namespace {

std::shared_ptr<const JsonSchema> fixedSchema(const char* text) {
    std::string problem;
    auto schema = JsonSchema::compile(text, problem);
    if (!schema)
        std::abort();
    return schema;
}

// Every keyword the checker knows, nested, so that bodies reach each check.
const char* kBodySchema = R"({"type":"object","required":["id"],"additionalProperties":false,
  "properties":{
    "id":{"type":"integer","format":"int32","minimum":1,"exclusiveMaximum":1000000},
    "name":{"type":"string","minLength":1,"maxLength":40,"pattern":"^[A-Za-z][A-Za-z0-9 _-]*$"},
    "when":{"type":"string","format":"date-time"},
    "day":{"type":"string","format":"date"},
    "ref":{"type":"string","format":"uuid","nullable":true},
    "price":{"type":"number","multipleOf":0.01,"maximum":1e9},
    "tags":{"type":"array","uniqueItems":true,"maxItems":8,"items":{"enum":["a","b","c"]}},
    "kind":{"oneOf":[{"const":"x"},{"type":"integer"}]},
    "meta":{"type":"object","maxProperties":4,"additionalProperties":{"type":["string","null"]}},
    "parts":{"type":"array","items":{"allOf":[{"required":["n"]},{"properties":{"n":{"not":{"type":"null"}}}}]}},
    "any":{"anyOf":[{"type":"boolean"},{"type":"array","minItems":1}]}}})";

const char* kParameterSchemas[] = {
    R"({"type":"integer","maximum":50})",
    R"({"type":"number"})",
    R"({"type":"boolean"})",
    R"({"type":"array","items":{"type":"integer"}})",
    R"({"type":"string","pattern":"^(a+)+$"})",
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    static const auto body = fixedSchema(kBodySchema);
    const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 3) {
    case 0: { // a body, as validate-content reads it
        if (portico::policies::jsonNestingDepth(input) > 128)
            return 0;
        const auto value = nlohmann::json::parse(input, nullptr, false);
        if (value.is_discarded())
            return 0;
        JsonSchema::Options options;
        options.caseInsensitivePropertyNames = size % 2 == 0;
        (void)body->check(value, options);
        break;
    }
    case 1: { // parameter text, as validate-parameters reads it
        static const std::shared_ptr<const JsonSchema> schemas[] = {
            fixedSchema(kParameterSchemas[0]), fixedSchema(kParameterSchemas[1]),
            fixedSchema(kParameterSchemas[2]), fixedSchema(kParameterSchemas[3]),
            fixedSchema(kParameterSchemas[4])};
        const auto& schema = schemas[static_cast<std::size_t>(data[0] / 3) % 5];
        std::string problem;
        if (const auto value = schema->parameterValue({input}, problem))
            (void)schema->check(*value);
        break;
    }
    default: { // a schema, then the schema checking itself
        std::string problem;
        if (const auto schema = JsonSchema::compile(input, problem)) {
            const auto value = nlohmann::json::parse(input, nullptr, false);
            if (!value.is_discarded())
                (void)schema->check(value);
        } else if (problem.empty()) {
            std::abort(); // a refusal always says why
        }
        break;
    }
    }
    return 0;
}
