#include "core/policies/builtin_policies.h"
#include "core/policies/parameter_check.h"

#include "core/openapi/specification.h"
#include "core/text/ascii.h"

#include <algorithm>
#include <array>

namespace portico::policies {

using namespace portico::policy;

namespace {

enum class Place { Headers, Query, Path };

const ParameterPlace& placeOf(Place place) {
    static const ParameterPlace places[] = {{"header", "RequestHeader", true},
                                            {"query parameter", "QueryParameter", true},
                                            {"path parameter", "PathParameter", true}};
    return places[static_cast<int>(place)];
}

std::string_view openApiIn(Place place) {
    return place == Place::Headers ? "header" : place == Place::Query ? "query" : "path";
}

// Header names compare without case, query and path parameter names exactly.
bool sameName(Place place, std::string_view a, std::string_view b) {
    return place == Place::Headers ? text::equalsIgnoringAsciiCase(a, b) : a == b;
}

// The parameters of one place (headers, query or path) and the actions for them.
struct PlaceRules {
    Place place = Place::Query;
    std::vector<CheckedParameter> parameters;
    ActionRules actions;
    std::string subscriptionKey; // the API's key name here: never unspecified

    bool specifies(std::string_view name) const {
        return sameName(place, subscriptionKey, name) ||
               std::any_of(parameters.begin(), parameters.end(),
                           [&](const auto& p) { return sameName(place, p.name, name); });
    }
};

class ValidateParametersPolicy final : public ValidationPolicy {
public:
    ValidateParametersPolicy(std::string errorsVariable, bool hasSchema,
                             std::array<PlaceRules, 3> places)
        : ValidationPolicy(std::move(errorsVariable), Section::Inbound)
        , m_hasSchema(hasSchema)
        , m_places(std::move(places)) {}

    RunResult run(RequestContext& context) const override {
        if (!m_hasSchema) {
            return apply(context, m_places[0].actions.specified, missingSchemaError())
                .value_or(RunResult::next());
        }
        const auto query = context.queryParameters(); // a copy: read it once
        for (const auto& rules : m_places) {
            for (const auto& parameter : rules.parameters) {
                const auto found =
                    checkParameter(parameter, valuesOf(context, query, rules.place, parameter.name),
                                   placeOf(rules.place));
                if (!found)
                    continue;
                if (auto stop =
                        apply(context, rules.actions.actionFor(parameter.name, true), *found))
                    return *stop;
            }
            if (auto stop = checkUnspecified(context, query, rules))
                return *stop;
        }
        return RunResult::next();
    }

private:
    static std::vector<std::string> valuesOf(const RequestContext& context, const HeaderList& query,
                                             Place place, std::string_view name) {
        if (place == Place::Headers)
            return context.headerValues(MessageKind::Request, name);
        std::vector<std::string> values;
        if (place == Place::Path) {
            if (auto value = context.matchedParameter(name))
                values.push_back(std::move(*value));
            return values;
        }
        for (const auto& [key, value] : query) {
            if (key == name)
                values.push_back(value);
        }
        return values;
    }

    std::optional<RunResult> checkUnspecified(RequestContext& context, const HeaderList& query,
                                              const PlaceRules& rules) const {
        std::vector<std::string> names;
        if (rules.place == Place::Query) {
            for (const auto& [key, value] : query)
                names.push_back(key);
        } else if (rules.place == Place::Headers) {
            for (auto& [key, value] :
                 context.headerList(MessageKind::Request).value_or(HeaderList{})) {
                if (!isProtocolRequestHeader(key))
                    names.push_back(std::move(key));
            }
        }
        std::vector<std::string> reported;
        for (const auto& name : names) {
            if (rules.specifies(name) ||
                std::any_of(reported.begin(), reported.end(),
                            [&](const auto& r) { return sameName(rules.place, r, name); }))
                continue;
            reported.push_back(name);
            if (auto stop = apply(context, rules.actions.actionFor(name, false),
                                  unspecifiedParameter(name, placeOf(rules.place))))
                return stop;
        }
        return std::nullopt;
    }

    bool m_hasSchema;
    std::array<PlaceRules, 3> m_places;
};

ElementRule placeRule(std::string_view name, bool takesUnspecified) {
    ElementRule rule{.name = name,
                     .attributes = {actionRule("specified-parameter-action", false)},
                     .children = {{.name = "parameter",
                                   .attributes = {{"name", ValueType::String, true, {}},
                                                  actionRule("action", true)},
                                   .occurs = Occurs::Many}}};
    if (takesUnspecified)
        rule.attributes.push_back(actionRule("unspecified-parameter-action", false));
    return rule;
}

class ValidateParametersKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "validate-parameters",
            .attributes = {actionRule("specified-parameter-action", true),
                           actionRule("unspecified-parameter-action", true),
                           {"errors-variable-name", ValueType::String, false, {}}},
            .children = {placeRule("headers", true), placeRule("query", true),
                         placeRule("path", false)},
        };
        return rule;
    }
    SectionSet sections() const override { return kInbound; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        auto specified =
            ActionSetting::read(node, context, node.element, "specified-parameter-action");
        auto unspecified =
            ActionSetting::read(node, context, node.element, "unspecified-parameter-action");
        auto errorsVariable = context.text(node, node.element, "errors-variable-name");
        if (!specified || !unspecified || !errorsVariable)
            return nullptr;
        std::array<PlaceRules, 3> places;
        for (Place place : {Place::Headers, Place::Query, Place::Path}) {
            auto& rules = places[static_cast<int>(place)];
            rules.place = place;
            rules.actions.specified = *specified;
            rules.actions.unspecified = place == Place::Path ? ActionSetting() : *unspecified;
            rules.actions.namesIgnoreCase = place == Place::Headers;
            const auto& keyNames = context.subscriptionKeyNames();
            rules.subscriptionKey = place == Place::Headers ? keyNames.header
                                    : place == Place::Query ? keyNames.query
                                                            : std::string();
            if (const auto* operation = context.operation()) {
                for (const auto& parameter : operation->parameters) {
                    if (parameter.in != openApiIn(place))
                        continue;
                    if (auto checked = compileParameter(parameter, node, context))
                        rules.parameters.push_back(std::move(*checked));
                }
            }
        }
        for (const auto* child : node.element.childElements()) {
            const Place place = child->name == "headers" ? Place::Headers
                                : child->name == "query" ? Place::Query
                                                         : Place::Path;
            readPlaceSettings(node, context, *child, places[static_cast<int>(place)]);
        }
        if (context.failed())
            return nullptr;
        return std::make_unique<ValidateParametersPolicy>(
            std::move(*errorsVariable), context.operation() != nullptr, std::move(places));
    }

private:
    static void readPlaceSettings(const PolicyNode& node, CompileContext& context,
                                  const xml::XmlNode& element, PlaceRules& rules) {
        for (const char* name : {"specified-parameter-action", "unspecified-parameter-action"}) {
            auto setting = ActionSetting::read(node, context, element, name);
            if (setting && setting->isSet())
                (name[0] == 's' ? rules.actions.specified : rules.actions.unspecified) =
                    std::move(*setting);
        }
        rules.actions.readOverrides(node, context, element);
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeValidateParametersKind() {
    return std::make_unique<ValidateParametersKind>();
}

} // namespace portico::policies
