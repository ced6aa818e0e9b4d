#include "core/policies/builtin_policies.h"
#include "core/policies/json_schema.h"
#include "core/policies/response_definition.h"
#include "core/policies/validation_policy.h"

#include "core/openapi/specification.h"
#include "core/policy/diagnostic_codes.h"
#include "core/text/ascii.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace portico::policies {

using namespace portico::policy;

namespace {

// Bodies are buffered to be checked, so max-size has a ceiling: APIM's is 100 KiB unless its
// support raises it; Portico's is 4 MiB.
constexpr std::int64_t kMostMaxSize = 4 * 1024 * 1024;
// Deeper than any schema a person writes; refused before parsing, like an oversized body.
constexpr std::size_t kMostBodyDepth = 128;

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), text::asciiLower);
    return out;
}

// The media type of a Content-Type value, without parameters, in lower case.
std::string mediaTypeOf(std::string_view value) {
    value = value.substr(0, value.find(';'));
    const auto first = value.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    const auto last = value.find_last_not_of(" \t");
    return lower(value.substr(first, last - first + 1));
}

// A documented media type covers `type` exactly or by a wildcard (application/*, */*).
bool covers(std::string_view documented, std::string_view type) {
    if (text::equalsIgnoringAsciiCase(documented, type) || documented == "*/*")
        return true;
    return documented.size() > 2 && documented.substr(documented.size() - 2) == "/*" &&
           text::equalsIgnoringAsciiCase(documented.substr(0, documented.size() - 1),
                                         type.substr(0, documented.size() - 1));
}

// "Line: 1, Position: 17" for a byte offset, as APIM words where a body is wrong.
std::string lineAndPosition(std::string_view body, std::size_t offset) {
    offset = std::min(offset, body.size());
    const auto lines = std::count(body.begin(), body.begin() + static_cast<long>(offset), '\n');
    const auto lineStart = body.rfind('\n', offset == 0 ? 0 : offset - 1);
    const std::size_t column =
        lineStart == std::string_view::npos || offset == 0 ? offset : offset - lineStart - 1;
    return "Line: " + std::to_string(lines + 1) + ", Position: " + std::to_string(column);
}

struct DocumentedMedia {
    std::string type;
    std::shared_ptr<const JsonSchema> schema; // none: the spec gives no schema, any JSON goes
};
struct DocumentedBody {
    std::string status; // the response key; empty for a request body
    std::vector<DocumentedMedia> media;
};

struct TypeMapping {
    std::optional<std::string> from; // else `when`
    std::optional<PolicyValue> when;
    std::string to;
};

struct ContentRule {
    std::string type; // empty: every documented content type
    ActionSetting action;
    JsonSchema::Options options;
};

struct ContentSettings {
    ActionSetting unspecifiedType;
    ActionSetting sizeExceeded;
    std::int64_t maxSize = 0;
    std::vector<TypeMapping> mappings;
    std::optional<std::string> anyType;
    std::optional<std::string> missingType;
    std::vector<ContentRule> rules;
};

class ValidateContentPolicy final : public ValidationPolicy {
public:
    ValidateContentPolicy(std::string errorsVariable, Section section, bool hasSchema,
                          std::vector<DocumentedBody> bodies, ContentSettings settings)
        : ValidationPolicy(std::move(errorsVariable), section)
        , m_message(messageFor(section))
        , m_hasSchema(hasSchema)
        , m_bodies(std::move(bodies))
        , m_settings(std::move(settings)) {}

    bool readsBody() const override { return true; }

    RunResult run(RequestContext& context) const override {
        const std::string body = context.body(m_message);
        const std::string_view side = onRequest() ? "RequestBody" : "ResponseBody";
        const std::string_view of = onRequest() ? "request" : "response";
        if (static_cast<std::int64_t>(body.size()) > m_settings.maxSize) {
            const std::string size = std::to_string(body.size());
            const std::string limit = std::to_string(m_settings.maxSize);
            const std::string details =
                std::string(onRequest() ? "Request" : "Response") + "'s body is " + size +
                " bytes long and it exceeds the configured limit of " + limit + " bytes.";
            const ValidationError found{
                {},
                std::string(side),
                "SizeLimit",
                details,
                onRequest() ? "Request's body is " + size +
                                  " bytes long and it exceeds the limit of " + limit + " bytes."
                            : std::string(kInternalValidationError)};
            // A body over the limit is not checked further, as APIM does not read it.
            return apply(context, m_settings.sizeExceeded, found).value_or(RunResult::next());
        }
        PolicyError failure = error({}, {}, 500);
        auto type = contentType(context, failure);
        if (!type)
            return RunResult::fail(std::move(failure));
        if (body.empty() && type->empty())
            return RunResult::next(); // no content to validate
        if (!m_hasSchema) {
            return apply(context, m_settings.unspecifiedType, missingSchemaError())
                .value_or(RunResult::next());
        }
        const DocumentedMedia* media = documentedMedia(context, *type);
        if (!media) {
            const std::string shown = type->empty() ? std::string("(none)") : *type;
            const std::string details = "Unspecified content type " + shown + " is not allowed.";
            const ValidationError found{shown, std::string(side), "Unspecified", details,
                                        onRequest() ? details
                                                    : std::string(kInternalValidationError)};
            return apply(context, m_settings.unspecifiedType, found).value_or(RunResult::next());
        }
        const ContentRule* rule = ruleFor(*type);
        if (!rule)
            return RunResult::next();
        std::string problem = checkJson(body, *media, rule->options);
        if (problem.empty())
            return RunResult::next();
        const std::string details = "Body of the " + std::string(of) +
                                    " does not conform to the schema associated with the "
                                    "content type " +
                                    *type + ". " + problem;
        const ValidationError found{*type, std::string(side), "IncorrectMessage", details,
                                    onRequest() ? details : std::string(kInternalValidationError)};
        return apply(context, rule->action, found).value_or(RunResult::next());
    }

private:
    // The message's content type after content-type-map; empty when it has none.
    std::optional<std::string> contentType(RequestContext& context, PolicyError& failure) const {
        const auto values = context.headerValues(m_message, "Content-Type");
        const std::string sent = values.empty() ? std::string() : mediaTypeOf(values.front());
        for (const auto& mapping : m_settings.mappings) {
            if (mapping.from) {
                if (text::equalsIgnoringAsciiCase(*mapping.from, sent))
                    return lower(mapping.to);
                continue;
            }
            const auto matches = mapping.when->condition(context, failure);
            if (!matches)
                return std::nullopt;
            if (*matches)
                return lower(mapping.to);
        }
        if (m_settings.anyType)
            return lower(*m_settings.anyType);
        if (sent.empty() && m_settings.missingType)
            return lower(*m_settings.missingType);
        return sent;
    }

    const DocumentedMedia* documentedMedia(const RequestContext& context,
                                           std::string_view type) const {
        const DocumentedBody* body = onRequest() ? (m_bodies.empty() ? nullptr : &m_bodies.front())
                                                 : findResponse(m_bodies, context.statusCode());
        if (!body || type.empty())
            return nullptr;
        for (const auto& media : body->media) {
            if (text::equalsIgnoringAsciiCase(media.type, type))
                return &media;
        }
        for (const auto& media : body->media) {
            if (covers(media.type, type))
                return &media;
        }
        return nullptr;
    }

    const ContentRule* ruleFor(std::string_view type) const {
        for (const auto& rule : m_settings.rules) {
            if (!rule.type.empty() && text::equalsIgnoringAsciiCase(rule.type, type))
                return &rule;
        }
        for (const auto& rule : m_settings.rules) {
            if (rule.type.empty())
                return &rule;
        }
        return nullptr;
    }

    static std::string checkJson(const std::string& body, const DocumentedMedia& media,
                                 const JsonSchema::Options& options) {
        if (jsonNestingDepth(body) > kMostBodyDepth)
            return "The body nests arrays and objects more than " + std::to_string(kMostBodyDepth) +
                   " deep.";
        nlohmann::json value;
        try {
            value = nlohmann::json::parse(body);
        } catch (const nlohmann::json::parse_error& e) {
            return "The body is not valid JSON. " +
                   lineAndPosition(body, e.byte > 0 ? e.byte - 1 : 0);
        }
        return media.schema ? media.schema->check(value, options) : std::string();
    }

    MessageKind m_message;
    bool m_hasSchema;
    std::vector<DocumentedBody> m_bodies;
    ContentSettings m_settings;
};

class ValidateContentKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "validate-content",
            .attributes = {actionRule("unspecified-content-type-action", true),
                           {"max-size", ValueType::Count, true, {}},
                           actionRule("size-exceeded-action", true),
                           {"errors-variable-name", ValueType::String, false, {}}},
            .children =
                {{.name = "content-type-map",
                  .attributes = {{"any-content-type-value", ValueType::String, false, {}},
                                 {"missing-content-type-value", ValueType::String, false, {}}},
                  .children = {{.name = "type",
                                .attributes = {{"from", ValueType::String, false, {}},
                                               {"when", ValueType::String, false, {}},
                                               {"to", ValueType::String, true, {}}},
                                .occurs = Occurs::Many}}},
                 {.name = "content",
                  .attributes = {{"type", ValueType::String, false, {}},
                                 {"validate-as", ValueType::Enum, true, {"json", "xml", "soap"}},
                                 {"schema-id", ValueType::String, false, {}},
                                 {"schema-ref", ValueType::String, false, {}},
                                 actionRule("action", true),
                                 {"allow-additional-properties", ValueType::Bool, false, {}},
                                 {"case-insensitive-property-names", ValueType::Bool, false, {}}},
                  .occurs = Occurs::Many}},
        };
        return rule;
    }
    SectionSet sections() const override { return kInbound | kOutbound | kOnError; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        ContentSettings settings;
        auto unspecified =
            ActionSetting::read(node, context, node.element, "unspecified-content-type-action");
        auto sizeExceeded =
            ActionSetting::read(node, context, node.element, "size-exceeded-action");
        auto maxSize = context.number(node, node.element, rule().attributes[1], 0);
        auto errorsVariable = context.text(node, node.element, "errors-variable-name");
        if (!unspecified || !sizeExceeded || !maxSize || !errorsVariable)
            return nullptr;
        if (*maxSize > kMostMaxSize) {
            context.error(codes::kBadAttributeValue, node.origin.where,
                          "<validate-content> max-size may be at most " +
                              std::to_string(kMostMaxSize) +
                              " bytes (the body is buffered to "
                              "be checked)");
            return nullptr;
        }
        settings.unspecifiedType = std::move(*unspecified);
        settings.sizeExceeded = std::move(*sizeExceeded);
        settings.maxSize = *maxSize;
        for (const auto* child : node.element.childElements()) {
            if (child->name == "content-type-map")
                readTypeMap(node, context, *child, settings);
            else
                readContentRule(node, context, *child, settings);
        }
        if (context.failed())
            return nullptr;
        auto bodies = documentedBodies(node, context, settings.rules);
        if (context.failed())
            return nullptr;
        return std::make_unique<ValidateContentPolicy>(
            std::move(*errorsVariable), context.section(), context.operation() != nullptr,
            std::move(bodies), std::move(settings));
    }

private:
    static void readTypeMap(const PolicyNode& node, CompileContext& context,
                            const xml::XmlNode& map, ContentSettings& settings) {
        if (map.attribute("any-content-type-value"))
            settings.anyType = context.text(node, map, "any-content-type-value");
        if (map.attribute("missing-content-type-value"))
            settings.missingType = context.text(node, map, "missing-content-type-value");
        for (const auto* type : map.childElements()) {
            TypeMapping mapping;
            const bool from = type->attribute("from"), when = type->attribute("when");
            if (from == when) {
                context.error(codes::kBadAttributeValue, context.where(node, type->where),
                              "<type> in <content-type-map> needs either 'from' or 'when'");
                continue;
            }
            if (from) {
                mapping.from = context.text(node, *type, "from");
            } else if (auto condition = context.value(node, *type, "when")) {
                mapping.when = std::move(*condition);
            }
            auto to = context.text(node, *type, "to");
            if (to && (mapping.from || mapping.when)) {
                mapping.to = std::move(*to);
                settings.mappings.push_back(std::move(mapping));
            }
        }
    }

    static void readContentRule(const PolicyNode& node, CompileContext& context,
                                const xml::XmlNode& content, ContentSettings& settings) {
        const auto where = context.where(node, content.where);
        if (content.attribute("schema-id") || content.attribute("schema-ref")) {
            context.error(codes::kBadAttributeValue, where,
                          "<content> 'schema-id' and 'schema-ref' name schemas kept in an APIM "
                          "instance; Portico validates content against the operation's OpenAPI "
                          "schemas, so leave them out");
            return;
        }
        const auto* validateAs = content.attribute("validate-as");
        if (validateAs && validateAs->value != "json") {
            context.error(codes::kBadAttributeValue, context.where(node, validateAs->valueWhere),
                          "<content validate-as=\"" + validateAs->value +
                              "\"> needs XML schemas, which a workspace does not hold; Portico "
                              "validates JSON content only");
            return;
        }
        ContentRule rule;
        auto type = context.text(node, content, "type");
        auto action = ActionSetting::read(node, context, content, "action");
        if (!type || !action)
            return;
        rule.type = std::move(*type);
        rule.action = std::move(*action);
        if (content.attribute("allow-additional-properties")) {
            if (auto allow = context.flag(node, content, "allow-additional-properties", true))
                rule.options.allowAdditionalProperties = *allow;
        }
        if (auto ignoreCase = context.flag(node, content, "case-insensitive-property-names", false))
            rule.options.caseInsensitivePropertyNames = *ignoreCase;
        settings.rules.push_back(std::move(rule));
    }

    // The operation's bodies for the policy's message, with the schemas of the content types a
    // <content> rule validates compiled.
    static std::vector<DocumentedBody> documentedBodies(const PolicyNode& node,
                                                        CompileContext& context,
                                                        const std::vector<ContentRule>& rules) {
        std::vector<DocumentedBody> bodies;
        const auto* operation = context.operation();
        if (!operation)
            return bodies;
        const auto compileMedia = [&](const std::vector<openapi::MediaType>& content,
                                      std::string status) {
            DocumentedBody body{std::move(status), {}};
            for (const auto& media : content) {
                DocumentedMedia documented{lower(media.contentType), nullptr};
                const bool validated = std::any_of(rules.begin(), rules.end(), [&](const auto& r) {
                    return r.type.empty() || covers(media.contentType, r.type);
                });
                if (validated && !media.schemaJson.empty()) {
                    std::string problem;
                    documented.schema = JsonSchema::compile(media.schemaJson, problem);
                    if (!documented.schema)
                        context.error(codes::kBadAttributeValue, node.origin.where,
                                      "<validate-content> cannot check content type " +
                                          media.contentType + " of operation '" + operation->id +
                                          "': its schema " + problem);
                }
                body.media.push_back(std::move(documented));
            }
            bodies.push_back(std::move(body));
        };
        if (messageFor(context.section()) == MessageKind::Request) {
            compileMedia(operation->requestBody, {});
        } else {
            for (const auto& response : operation->responses)
                compileMedia(response.content, response.status);
        }
        return bodies;
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeValidateContentKind() {
    return std::make_unique<ValidateContentKind>();
}

} // namespace portico::policies
