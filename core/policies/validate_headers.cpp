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
                          std::vector<DocumentedResponse> responses, ActionRules actions)
        : ValidationPolicy(std::move(errorsVariable), section)
        , m_hasSchema(hasSchema)
        , m_responses(std::move(responses))
        , m_actions(std::move(actions)) {}

    RunResult run(RequestContext& context) const override {
        if (!m_hasSchema) {
            return apply(context, m_actions.specified, missingSchemaError())
                .value_or(RunResult::next());
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
            if (auto stop = apply(context, m_actions.actionFor(header.name, true), *found))
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
            if (auto stop = apply(context, m_actions.actionFor(name, false),
                                  unspecifiedParameter(name, kResponseHeader)))
                return *stop;
        }
        return RunResult::next();
    }

private:
    bool m_hasSchema;
    std::vector<DocumentedResponse> m_responses;
    ActionRules m_actions;
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
        if (!specified || !unspecified || !errorsVariable)
            return nullptr;
        ActionRules actions{std::move(*specified), std::move(*unspecified), {}, true};
        actions.readOverrides(node, context, node.element);
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
        if (context.failed())
            return nullptr;
        return std::make_unique<ValidateHeadersPolicy>(
            std::move(*errorsVariable), context.section(), context.operation() != nullptr,
            std::move(responses), std::move(actions));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeValidateHeadersKind() {
    return std::make_unique<ValidateHeadersKind>();
}

} // namespace portico::policies
