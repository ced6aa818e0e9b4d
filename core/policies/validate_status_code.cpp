#include "core/policies/builtin_policies.h"
#include "core/policies/response_definition.h"
#include "core/policies/validation_policy.h"

#include "core/openapi/specification.h"

#include <algorithm>
#include <map>

namespace portico::policies {

using namespace portico::policy;

namespace {

// Whether `documented` (an operation's response keys) covers `status`.
bool documents(const std::vector<std::string>& documented, int status) {
    return std::any_of(documented.begin(), documented.end(),
                       [&](const auto& key) { return responseKeyMatch(key, status) > 0; });
}

class ValidateStatusCodePolicy final : public ValidationPolicy {
public:
    ValidateStatusCodePolicy(std::string errorsVariable, Section section,
                             const openapi::Operation* operation, ActionSetting unspecified,
                             std::map<int, ActionSetting> overrides)
        : ValidationPolicy(std::move(errorsVariable), section)
        , m_hasSchema(operation != nullptr)
        , m_unspecified(std::move(unspecified))
        , m_overrides(std::move(overrides)) {
        if (operation) {
            for (const auto& response : operation->responses)
                m_documented.push_back(response.status);
        }
    }

    RunResult run(RequestContext& context) const override {
        const int status = context.statusCode();
        ValidationError error{std::to_string(status), "StatusCode", "Unspecified",
                              "Response status code " + std::to_string(status) + " is not allowed.",
                              std::string(kInternalValidationError)};
        if (!m_hasSchema) {
            error = missingSchemaError();
        } else if (documents(m_documented, status)) {
            return RunResult::next();
        }
        const auto it = m_overrides.find(status);
        const ActionSetting& setting =
            it != m_overrides.end() && m_hasSchema ? it->second : m_unspecified;
        return apply(context, setting, error).value_or(RunResult::next());
    }

private:
    bool m_hasSchema;
    std::vector<std::string> m_documented; // the operation's response keys
    ActionSetting m_unspecified;
    std::map<int, ActionSetting> m_overrides;
};

class ValidateStatusCodeKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "validate-status-code",
            .attributes = {actionRule("unspecified-status-code-action", true),
                           {"errors-variable-name", ValueType::String, false, {}}},
            .children = {{.name = "status-code",
                          .attributes = {{"code", ValueType::StatusCode, true, {}},
                                         actionRule("action", true)},
                          .occurs = Occurs::Many}},
        };
        return rule;
    }
    SectionSet sections() const override { return kOutbound | kOnError; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        auto unspecified =
            ActionSetting::read(node, context, node.element, "unspecified-status-code-action");
        auto errorsVariable = context.text(node, node.element, "errors-variable-name");
        std::map<int, ActionSetting> overrides;
        for (const auto* child : node.element.childElements()) {
            auto code = context.number(node, *child, rule().children[0].attributes[0], 0);
            auto action = ActionSetting::read(node, context, *child, "action");
            if (code && action)
                overrides.insert_or_assign(static_cast<int>(*code), std::move(*action));
        }
        if (!unspecified || !errorsVariable || context.failed())
            return nullptr;
        return std::make_unique<ValidateStatusCodePolicy>(
            std::move(*errorsVariable), context.section(), context.operation(),
            std::move(*unspecified), std::move(overrides));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeValidateStatusCodeKind() {
    return std::make_unique<ValidateStatusCodeKind>();
}

} // namespace portico::policies
