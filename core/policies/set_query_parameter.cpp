#include "core/policies/builtin_policies.h"
#include "core/policies/name_value_policy.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"

#include <algorithm>

namespace portico::policies {

using namespace portico::policy;

namespace {

class SetQueryParameterPolicy final : public CompiledPolicy {
public:
    SetQueryParameterPolicy(std::string name, ExistsAction action, std::vector<PolicyValue> values)
        : m_name(std::move(name))
        , m_action(action)
        , m_values(std::move(values)) {}

    RunResult run(RequestContext& context) const override {
        auto query = context.queryParameters();
        const auto matches = [this](const auto& p) { return p.first == m_name; };
        const bool exists = std::any_of(query.begin(), query.end(), matches);
        if (m_action == ExistsAction::Skip && exists)
            return RunResult::next();
        std::vector<std::string> values;
        if (m_action != ExistsAction::Delete) {
            PolicyError failure = error({}, {}, 500);
            auto evaluated = evaluateValues(m_values, context, failure);
            if (!evaluated)
                return RunResult::fail(std::move(failure));
            values = std::move(*evaluated);
        }
        if (m_action != ExistsAction::Append)
            query.erase(std::remove_if(query.begin(), query.end(), matches), query.end());
        for (auto& value : values)
            query.emplace_back(m_name, std::move(value));
        context.setQueryParameters(std::move(query));
        return RunResult::next();
    }

private:
    std::string m_name;
    ExistsAction m_action;
    std::vector<PolicyValue> m_values;
};

class SetQueryParameterKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "set-query-parameter",
            .attributes = {{"name", ValueType::String, true, {}},
                           {"exists-action",
                            ValueType::Enum,
                            false,
                            {"override", "skip", "append", "delete"}}},
            .children = {{.name = "value", .occurs = Occurs::Many, .text = TextRule::Allowed}},
        };
        return rule;
    }
    SectionSet sections() const override { return kInbound | kBackend; }

    void validate(const PolicyNode& node, ValidationContext& context) const override {
        validateNameValuePolicy(node, context);
    }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        auto settings = compileNameValuePolicy(node, context);
        if (!settings)
            return nullptr;
        return std::make_unique<SetQueryParameterPolicy>(settings->name, settings->action,
                                                         std::move(settings->values));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeSetQueryParameterKind() {
    return std::make_unique<SetQueryParameterKind>();
}

} // namespace portico::policies
