#include "core/policies/builtin_policies.h"
#include "core/policies/http_text.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

// Chooses the client certificate the gateway presents to the backend (mutual TLS): one of the
// workspace's certificates (certificates/<id>.yaml), by id or by thumbprint. The host looks it
// up when it forwards the call, so that an unknown one fails there with the name it was given.
class AuthenticationCertificatePolicy final : public CompiledPolicy {
public:
    AuthenticationCertificatePolicy(PolicyValue value, bool byThumbprint)
        : m_value(std::move(value))
        , m_byThumbprint(byThumbprint) {}

    RunResult run(RequestContext& context) const override {
        PolicyError failure = error({}, {}, 500);
        auto name = m_value.text(context, failure);
        if (!name)
            return RunResult::fail(std::move(failure));
        if (name->empty() || hasControlCharacter(*name))
            return RunResult::fail(error("ExpressionValueEvaluationFailure",
                                         m_byThumbprint
                                             ? "The certificate thumbprint is empty or holds "
                                               "control characters."
                                             : "The certificate id is empty or holds control "
                                               "characters.",
                                         500));
        if (m_byThumbprint)
            context.setBackendCertificate({{}, std::move(*name)});
        else
            context.setBackendCertificate({std::move(*name), {}});
        return RunResult::next();
    }

private:
    PolicyValue m_value;
    bool m_byThumbprint;
};

class AuthenticationCertificateKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "authentication-certificate",
            .attributes = {{"thumbprint", ValueType::String, false, {}},
                           {"certificate-id", ValueType::String, false, {}},
                           {"body", ValueType::String, false, {}},
                           {"password", ValueType::String, false, {}}}};
        return rule;
    }
    SectionSet sections() const override { return kInbound; }

    void validate(const PolicyNode& node, ValidationContext& context) const override {
        const auto* thumbprint = node.element.attribute("thumbprint");
        const auto* id = node.element.attribute("certificate-id");
        const auto* body = node.element.attribute("body");
        if (body)
            context.error(codes::kPolicyNotRunnable, body->where,
                          "<authentication-certificate> with 'body' (a certificate as bytes "
                          "from an expression) is not supported; keep the certificate in "
                          "certificates/<id>.yaml and name it with 'certificate-id'");
        else if (!thumbprint == !id)
            context.error(codes::kMissingAttribute, node.element.where,
                          "<authentication-certificate> needs exactly one of 'thumbprint' and "
                          "'certificate-id'");
        if (const auto* password = node.element.attribute("password"); password && !body)
            context.error(codes::kBadAttributeValue, password->where,
                          "'password' of <authentication-certificate> goes only with 'body'");
    }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        const bool byThumbprint = node.element.attribute("thumbprint") != nullptr;
        auto value =
            context.value(node, node.element, byThumbprint ? "thumbprint" : "certificate-id");
        if (!value)
            return nullptr;
        return std::make_unique<AuthenticationCertificatePolicy>(std::move(*value), byThumbprint);
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeAuthenticationCertificateKind() {
    return std::make_unique<AuthenticationCertificateKind>();
}

} // namespace portico::policies
