#include "core/policies/builtin_policies.h"
#include "core/policies/http_text.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"

#include "core/security/jwt/base64url.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

// Sets the backend request's Authorization header to HTTP Basic (RFC 7617) credentials. The
// password usually comes from a secret named value; the header's value is masked in traces.
class AuthenticationBasicPolicy final : public CompiledPolicy {
public:
    AuthenticationBasicPolicy(PolicyValue username, PolicyValue password)
        : m_username(std::move(username))
        , m_password(std::move(password)) {}

    RunResult run(RequestContext& context) const override {
        PolicyError failure = error({}, {}, 500);
        const auto username = m_username.text(context, failure);
        const auto password = username ? m_password.text(context, failure) : std::nullopt;
        if (!password)
            return RunResult::fail(std::move(failure));
        if (username->find(':') != std::string::npos)
            return RunResult::fail(error("ExpressionValueEvaluationFailure",
                                         "Expression evaluation failed. A Basic user name "
                                         "cannot contain ':'.",
                                         500));
        context.setHeader(MessageKind::Request, "Authorization",
                          {"Basic " + security::jwt::base64Encode(*username + ":" + *password)});
        return RunResult::next();
    }

private:
    PolicyValue m_username;
    PolicyValue m_password;
};

class AuthenticationBasicKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{.name = "authentication-basic",
                                      .attributes = {{"username", ValueType::String, true, {}},
                                                     {"password", ValueType::String, true, {}}}};
        return rule;
    }
    SectionSet sections() const override { return kInbound; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        auto username = context.value(node, node.element, "username");
        auto password = context.value(node, node.element, "password");
        if (!username || !password)
            return nullptr;
        if (!username->isExpression() && username->literal().find(':') != std::string::npos) {
            context.error(codes::kBadAttributeValue,
                          context.where(node, node.element.attribute("username")->valueWhere),
                          "the username of <authentication-basic> cannot contain ':' (RFC 7617)");
            return nullptr;
        }
        for (const auto* value : {&*username, &*password}) {
            if (!value->isExpression() && hasControlCharacter(value->literal())) {
                context.error(codes::kBadAttributeValue, node.origin.where,
                              "<authentication-basic> credentials cannot hold control characters");
                return nullptr;
            }
        }
        return std::make_unique<AuthenticationBasicPolicy>(std::move(*username),
                                                           std::move(*password));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeAuthenticationBasicKind() {
    return std::make_unique<AuthenticationBasicKind>();
}

} // namespace portico::policies
