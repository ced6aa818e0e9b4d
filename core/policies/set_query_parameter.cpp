#include "core/policies/builtin_policies.h"
#include "core/policies/exists_action.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"

#include <algorithm>

namespace portico::policies {

using namespace portico::policy;

namespace {

class SetQueryParameterPolicy final : public CompiledPolicy {
public:
    SetQueryParameterPolicy(std::string name, ExistsAction action, std::vector<std::string> values)
        : m_name(std::move(name))
        , m_action(action)
        , m_values(std::move(values)) {}

    RunResult run(RequestContext& context) const override {
        auto query = context.queryParameters();
        const auto matches = [this](const auto& p) { return p.first == m_name; };
        const bool exists = std::any_of(query.begin(), query.end(), matches);
        if (m_action == ExistsAction::Skip && exists)
            return RunResult::next();
        if (m_action != ExistsAction::Append)
            query.erase(std::remove_if(query.begin(), query.end(), matches), query.end());
        if (m_action != ExistsAction::Delete) {
            for (const auto& value : m_values)
                query.emplace_back(m_name, value);
        }
        context.setQueryParameters(std::move(query));
        return RunResult::next();
    }

private:
    std::string m_name;
    ExistsAction m_action;
    std::vector<std::string> m_values;
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
        const auto* action = node.element.attribute("exists-action");
        const bool deleting = action && action->value == "delete";
        if (!deleting && node.element.childElements().empty())
            context.error(codes::kMissingChild, node.element.where,
                          "<" + node.kind + "> needs a <value> unless exists-action is delete");
    }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        const auto name = context.text(node, node.element, "name");
        const auto action = context.text(node, node.element, "exists-action", "override");
        std::vector<std::string> values;
        for (const auto* value : node.element.childElements()) {
            if (auto text = context.innerText(node, *value))
                values.push_back(std::move(*text));
        }
        const auto parsedAction = action ? existsActionFromName(*action) : std::nullopt;
        if (!name || !parsedAction || context.failed())
            return nullptr;
        return std::make_unique<SetQueryParameterPolicy>(*name, *parsedAction, std::move(values));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeSetQueryParameterKind() {
    return std::make_unique<SetQueryParameterKind>();
}

} // namespace portico::policies
