#include "core/policies/builtin_policies.h"
#include "core/policies/http_text.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

struct ManagedIdentitySettings {
    PolicyValue resource;
    std::string clientId;
    std::string variable; // output-token-variable-name; empty: set Authorization instead
    bool ignoreError = false;
};

// Gets an access token for a resource from the gateway's managed identity (the host caches it
// until shortly before it expires) and sends it to the backend as a bearer token, or leaves it
// in a variable for the policies after it.
class AuthenticationManagedIdentityPolicy final : public CompiledPolicy {
public:
    explicit AuthenticationManagedIdentityPolicy(ManagedIdentitySettings settings)
        : m_settings(std::move(settings)) {}

    RunResult run(RequestContext& context) const override {
        PolicyError failure = error({}, {}, 500);
        auto resource = m_settings.resource.text(context, failure);
        if (!resource)
            return RunResult::fail(std::move(failure));
        if (resource->empty() || hasControlCharacter(*resource))
            return RunResult::fail(error("ExpressionValueEvaluationFailure",
                                         "The managed identity resource is empty or holds "
                                         "control characters.",
                                         500));
        return RunResult::await(TokenWork{std::move(*resource), m_settings.clientId});
    }

    RunResult resume(RequestContext& context, const AwaitOutcome& outcome) const override {
        if (outcome.token.empty()) {
            if (m_settings.ignoreError)
                return RunResult::next();
            PolicyError failure =
                outcome.error ? *outcome.error
                              : error("ManagedIdentityTokenFailure",
                                      "No access token came from the managed identity.", 500);
            failure.source = kind();
            failure.policyId = id();
            return RunResult::fail(std::move(failure));
        }
        context.keepOutOfTraces(outcome.token);
        if (!m_settings.variable.empty())
            context.setVariable(m_settings.variable, expr::Value::string(outcome.token));
        else
            context.setHeader(MessageKind::Request, "Authorization", {"Bearer " + outcome.token});
        return RunResult::next();
    }

private:
    ManagedIdentitySettings m_settings;
};

class AuthenticationManagedIdentityKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "authentication-managed-identity",
            .attributes = {{"resource", ValueType::String, true, {}},
                           {"client-id", ValueType::String, false, {}},
                           {"output-token-variable-name", ValueType::String, false, {}},
                           {"ignore-error", ValueType::Bool, false, {}}}};
        return rule;
    }
    SectionSet sections() const override { return kInbound; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        auto resource = context.value(node, node.element, "resource");
        const auto clientId = context.text(node, node.element, "client-id");
        const auto variable = context.text(node, node.element, "output-token-variable-name");
        const auto ignoreError = context.flag(node, node.element, "ignore-error", false);
        if (!resource || !clientId || !variable || !ignoreError)
            return nullptr;
        return std::make_unique<AuthenticationManagedIdentityPolicy>(
            ManagedIdentitySettings{std::move(*resource), *clientId, *variable, *ignoreError});
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeAuthenticationManagedIdentityKind() {
    return std::make_unique<AuthenticationManagedIdentityKind>();
}

} // namespace portico::policies
