#include "core/policies/builtin_policies.h"
#include "core/policies/parameter_check.h"
#include "core/policies/response_definition.h"

#include "core/openapi/specification.h"
#include "core/text/ascii.h"

#include <algorithm>

namespace portico::policies {

using namespace portico::policy;

namespace {

const ParameterPlace kResponseHeader{"header", "ResponseHeader", false};

struct DocumentedResponse {
    std::string status; // "200", "4XX", "default"
    std::vector<CheckedParameter> headers;
};

class ValidateHeadersPolicy final : public ValidationPolicy {
public:
    ValidateHeadersPolicy(std::string errorsVariable, Section section, bool hasSchema,
                          std::vector<DocumentedResponse> responses, ActionSetting specified,
                          ActionSetting unspecified,
                          std::vector<std::pair<std::string, ActionSetting>> overrides)
        : ValidationPolicy(std::move(errorsVariable), section)
        , m_hasSchema(hasSchema)
        , m_responses(std::move(responses))
        , m_specified(std::move(specified))
        , m_unspecified(std::move(unspecified))
        , m_overrides(std::move(overrides)) {}

    RunResult run(RequestContext& context) const override {
        if (!m_hasSchema) {
            return apply(context, m_specified, missingSchemaError()).value_or(RunResult::next());
        }
        // An undocumented status is validate-status-code's to judge: no headers to check here.
        const auto* response = findResponse(m_responses, context.statusCode());
        if (!response)
            return RunResult::next();
        for (const auto& header : response->headers) {
            const auto found = checkParameter(
                header, context.headerValues(MessageKind::Response, header.name), kResponseHeader);
            if (!found)
                continue;
            if (auto stop = apply(context, actionFor(header.name, true), *found))
                return *stop;
        }
        std::vector<std::string> reported;
        for (const auto& field : context.headerList(MessageKind::Response).value_or(HeaderList{})) {
            const std::string& name = field.first;
            const auto same = [&](const auto& other) {
                return text::equalsIgnoringAsciiCase(other, name);
            };
            if (isProtocolResponseHeader(name) ||
                std::any_of(reported.begin(), reported.end(), same) ||
                std::any_of(response->headers.begin(), response->headers.end(),
                            [&](const auto& header) { return same(header.name); }))
                continue;
            reported.push_back(name);
            if (auto stop = apply(context, actionFor(name, false),
                                  unspecifiedParameter(name, kResponseHeader)))
                return *stop;
        }
        return RunResult::next();
    }

private:
    const ActionSetting& actionFor(std::string_view name, bool isSpecified) const {
        for (const auto& [overridden, action] : m_overrides) {
            if (text::equalsIgnoringAsciiCase(overridden, name))
                return action;
        }
        return isSpecified ? m_specified : m_unspecified;
    }

    bool m_hasSchema;
    std::vector<DocumentedResponse> m_responses;
    ActionSetting m_specified;
    ActionSetting m_unspecified;
    std::vector<std::pair<std::string, ActionSetting>> m_overrides;
};

class ValidateHeadersKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "validate-headers",
            .attributes = {actionRule("specified-header-action", true),
                           actionRule("unspecified-header-action", true),
                           {"errors-variable-name", ValueType::String, false, {}}},
            .children = {{.name = "header",
                          .attributes = {{"name", ValueType::String, true, {}},
                                         actionRule("action", true)},
                          .occurs = Occurs::Many}},
        };
        return rule;
    }
    SectionSet sections() const override { return kOutbound | kOnError; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        auto specified =
            ActionSetting::read(node, context, node.element, "specified-header-action");
        auto unspecified =
            ActionSetting::read(node, context, node.element, "unspecified-header-action");
        auto errorsVariable = context.text(node, node.element, "errors-variable-name");
        std::vector<std::pair<std::string, ActionSetting>> overrides;
        for (const auto* header : node.element.childElements()) {
            auto name = context.text(node, *header, "name");
            auto action = ActionSetting::read(node, context, *header, "action");
            if (name && action)
                overrides.emplace_back(std::move(*name), std::move(*action));
        }
        std::vector<DocumentedResponse> responses;
        if (const auto* operation = context.operation()) {
            for (const auto& response : operation->responses) {
                DocumentedResponse documented{response.status, {}};
                for (const auto& header : response.headers) {
                    if (auto checked = compileParameter(header, node, context))
                        documented.headers.push_back(std::move(*checked));
                }
                responses.push_back(std::move(documented));
            }
        }
        if (!specified || !unspecified || !errorsVariable || context.failed())
            return nullptr;
        return std::make_unique<ValidateHeadersPolicy>(
            std::move(*errorsVariable), context.section(), context.operation() != nullptr,
            std::move(responses), std::move(*specified), std::move(*unspecified),
            std::move(overrides));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeValidateHeadersKind() {
    return std::make_unique<ValidateHeadersKind>();
}

} // namespace portico::policies
