#include "core/policies/builtin_policies.h"
#include "core/policies/http_text.h"

#include "core/policy/policy_compiler.h"

#include <nlohmann/json.hpp>

namespace portico::policies {

using namespace portico::policy;
using nlohmann::json;

namespace {

// A value shaped like `schema`, for responses documented without an example: a property's own
// example, default or first enum value, otherwise a placeholder of its type.
json sampleFromSchema(const json& schema, int depth) {
    if (!schema.is_object() || depth > 16)
        return nullptr;
    for (const char* key : {"example", "default"}) {
        if (schema.contains(key))
            return schema[key];
    }
    if (schema.contains("enum") && schema["enum"].is_array() && !schema["enum"].empty())
        return schema["enum"][0];
    if (schema.contains("allOf") && schema["allOf"].is_array()) {
        json merged = json::object();
        for (const auto& part : schema["allOf"]) {
            json sample = sampleFromSchema(part, depth + 1);
            if (sample.is_object())
                merged.update(sample);
        }
        return merged;
    }
    for (const char* key : {"oneOf", "anyOf"}) {
        if (schema.contains(key) && schema[key].is_array() && !schema[key].empty())
            return sampleFromSchema(schema[key][0], depth + 1);
    }
    const json typeValue = schema.value("type", json());
    std::string type = typeValue.is_string() ? typeValue.get<std::string>() : std::string();
    if (type.empty() && schema.contains("properties"))
        type = "object";
    if (type == "object") {
        json object = json::object();
        if (schema.contains("properties") && schema["properties"].is_object()) {
            for (const auto& [name, property] : schema["properties"].items())
                object[name] = sampleFromSchema(property, depth + 1);
        }
        return object;
    }
    if (type == "array")
        return json::array({sampleFromSchema(schema.value("items", json::object()), depth + 1)});
    if (type == "string") {
        const json formatValue = schema.value("format", json());
        const std::string format =
            formatValue.is_string() ? formatValue.get<std::string>() : std::string();
        if (format == "date-time")
            return "2026-01-01T00:00:00Z";
        if (format == "date")
            return "2026-01-01";
        if (format == "uuid")
            return "00000000-0000-0000-0000-000000000000";
        return "string";
    }
    if (type == "integer")
        return 0;
    if (type == "number")
        return 0.0;
    if (type == "boolean")
        return true;
    return nullptr;
}

std::string bodyFor(const openapi::MediaType& media) {
    std::string exampleJson = media.exampleJson;
    if (exampleJson.empty() && !media.schemaJson.empty()) {
        const json schema = json::parse(media.schemaJson, nullptr, false);
        if (!schema.is_discarded()) {
            const json sample = sampleFromSchema(schema, 0);
            if (!sample.is_null())
                exampleJson = sample.dump();
        }
    }
    if (exampleJson.empty() || media.contentType.find("json") != std::string::npos)
        return exampleJson;
    // A text or XML example is a JSON string in the spec model.
    const json example = json::parse(exampleJson, nullptr, false);
    return example.is_string() ? example.get<std::string>() : exampleJson;
}

class MockResponsePolicy final : public CompiledPolicy {
public:
    MockResponsePolicy(int status, std::string contentType, std::string body)
        : m_status(status)
        , m_contentType(std::move(contentType))
        , m_body(std::move(body)) {}

    RunResult run(RequestContext& context) const override {
        context.resetResponse();
        context.setStatus(m_status, reasonPhrase(m_status));
        if (!m_contentType.empty())
            context.setHeader(MessageKind::Response, "Content-Type", {m_contentType});
        context.setBody(MessageKind::Response, m_body);
        return RunResult::respond();
    }

private:
    int m_status;
    std::string m_contentType;
    std::string m_body;
};

class MockResponseKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "mock-response",
            .attributes = {{"status-code", ValueType::StatusCode, false, {}},
                           {"content-type", ValueType::String, false, {}}}};
        return rule;
    }
    SectionSet sections() const override { return kInbound | kOutbound | kOnError; }

    // The example is chosen once, from the operation's OpenAPI responses: the one for the
    // status code (200 unless given), in the content type asked for or the first documented.
    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        const auto status = context.number(node, node.element, rule().attributes[0], 200);
        const auto contentType = context.text(node, node.element, "content-type");
        if (!status || !contentType)
            return nullptr;
        std::string chosenType = *contentType;
        std::string body;
        if (const openapi::Operation* operation = context.operation()) {
            const std::string code = std::to_string(*status);
            const std::string range = code.substr(0, 1) + "XX";
            const openapi::Response* response = nullptr;
            for (const auto& candidate : operation->responses) {
                if (candidate.status == code)
                    response = &candidate;
            }
            for (const auto& candidate : operation->responses) {
                if (!response && (candidate.status == range || candidate.status == "default"))
                    response = &candidate;
            }
            const openapi::MediaType* media = nullptr;
            if (response) {
                for (const auto& candidate : response->content) {
                    if (!media && (contentType->empty() || candidate.contentType == *contentType))
                        media = &candidate;
                }
            }
            if (media) {
                chosenType = media->contentType;
                body = bodyFor(*media);
            }
        }
        return std::make_unique<MockResponsePolicy>(static_cast<int>(*status), chosenType,
                                                    std::move(body));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeMockResponseKind() {
    return std::make_unique<MockResponseKind>();
}

} // namespace portico::policies
