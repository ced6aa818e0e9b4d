#pragma once

#include "core/policy/expr/expression_context.h"
#include "core/policy/request_context.h"

namespace portico::policy {

// `context` for policy expressions, read from a RequestContext: the same request whichever host
// (gateway or test) runs the pipeline.
class ContextExpressions final : public expr::ExpressionContext {
public:
    explicit ContextExpressions(RequestContext& context)
        : m_context(context) {}

    std::string method() const override;
    expr::UrlInfo url(bool original) const override;
    std::vector<std::pair<std::string, std::string>> headerList(MessageKind message) const override;
    std::vector<std::string> headerValues(MessageKind message,
                                          std::string_view name) const override;
    std::string ipAddress() const override;
    std::string body(MessageKind message, bool preserveContent) override;
    std::optional<std::string> matchedParameter(std::string_view name) const override;
    int statusCode() const override;
    std::string statusReason() const override;
    std::optional<expr::Value> variable(std::string_view name) const override;
    const expr::SubscriptionInfo* subscription() const override;
    const expr::NamedInfo* product() const override;
    const expr::ApiInfo* api() const override;
    const expr::OperationInfo* operation() const override;
    const expr::UserInfo* user() const override;
    const expr::CertificateInfo* certificate() const override;
    const expr::LastErrorInfo* lastError() const override;
    const expr::DeploymentInfo& deployment() const override;
    std::string requestId() const override;
    std::int64_t timestampTicks() const override;
    std::int64_t elapsedTicks() const override;
    std::int64_t nowTicks() const override;
    void trace(std::string_view source, std::string_view message) override;

private:
    RequestContext& m_context;
    mutable std::optional<expr::LastErrorInfo> m_lastError; // rebuilt from the context on read
};

} // namespace portico::policy
