#include "core/policies/builtin_policies.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

bool isHttpUrl(std::string_view url) {
    for (char c : url) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F)
            return false;
    }
    for (std::string_view scheme : {"http://", "https://"}) {
        if (url.size() > scheme.size() && url.substr(0, scheme.size()) == scheme &&
            url[scheme.size()] != '/')
            return true;
    }
    return false;
}

class SetBackendServicePolicy final : public CompiledPolicy {
public:
    SetBackendServicePolicy(PolicyValue baseUrl, PolicyValue backendId)
        : m_baseUrl(std::move(baseUrl))
        , m_backendId(std::move(backendId)) {}

    RunResult run(RequestContext& context) const override {
        PolicyError failure = error({}, {}, 500);
        const auto backend = m_backendId.text(context, failure);
        if (!backend)
            return RunResult::fail(std::move(failure));
        if (!backend->empty()) {
            context.setBackendId(*backend);
            return RunResult::next();
        }
        auto url = m_baseUrl.text(context, failure);
        if (!url)
            return RunResult::fail(std::move(failure));
        if (!isHttpUrl(*url))
            return RunResult::fail(error("ExpressionValueEvaluationFailure",
                                         "The backend service URL is not an absolute http or "
                                         "https URL.",
                                         500));
        context.setBackendServiceUrl(std::move(*url));
        return RunResult::next();
    }

private:
    PolicyValue m_baseUrl;
    PolicyValue m_backendId;
};

class SetBackendServiceKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "set-backend-service",
            .attributes = {{"base-url", ValueType::String, false, {}},
                           {"backend-id", ValueType::String, false, {}}},
        };
        return rule;
    }
    SectionSet sections() const override { return kInbound | kBackend; }

    void validate(const PolicyNode& node, ValidationContext& context) const override {
        const auto* url = node.element.attribute("base-url");
        const auto* backend = node.element.attribute("backend-id");
        if (!url == !backend)
            context.error(codes::kMissingAttribute, node.element.where,
                          "<set-backend-service> needs exactly one of 'base-url' and "
                          "'backend-id'");
        if (url && !isExpression(url->value) && url->value.find("{{") == std::string::npos &&
            !isHttpUrl(url->value))
            context.error(codes::kBadAttributeValue, url->valueWhere,
                          "attribute 'base-url' of <set-backend-service>: expected an absolute "
                          "http or https URL, found '" +
                              url->value + "'");
    }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        auto url = context.value(node, node.element, "base-url");
        auto backend = context.value(node, node.element, "backend-id");
        if (!url || !backend)
            return nullptr;
        if (!url->isExpression() && !backend->isExpression() && backend->literal().empty() &&
            !isHttpUrl(url->literal())) {
            context.error(codes::kBadAttributeValue, node.origin.where,
                          "the named value in 'base-url' of <set-backend-service> is not an "
                          "absolute http or https URL");
            return nullptr;
        }
        return std::make_unique<SetBackendServicePolicy>(std::move(*url), std::move(*backend));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeSetBackendServiceKind() {
    return std::make_unique<SetBackendServiceKind>();
}

} // namespace portico::policies
