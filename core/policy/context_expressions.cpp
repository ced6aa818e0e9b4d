#include "core/policy/context_expressions.h"

#include "core/policy/expr/date_time.h"

#include <chrono>

namespace portico::policy {

std::int64_t toDateTimeTicks(std::chrono::system_clock::time_point time) {
    const auto sinceEpoch =
        std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count();
    return expr::kUnixEpochTicks + sinceEpoch * 10;
}

std::string ContextExpressions::method() const {
    return std::string(m_context.method());
}

expr::UrlInfo ContextExpressions::url(bool original) const {
    if (original)
        return m_context.facts.originalUrl;
    const auto& facts = m_context.facts;
    return {facts.backendScheme, facts.backendHost, facts.backendPort,
            std::string(m_context.urlPath()), m_context.queryParameters()};
}

std::vector<std::string> ContextExpressions::headerValues(MessageKind message,
                                                          std::string_view name) const {
    return m_context.headerValues(message, name);
}

std::vector<std::pair<std::string, std::string>>
ContextExpressions::headerList(MessageKind message) const {
    return m_context.headerList(message).value_or(
        std::vector<std::pair<std::string, std::string>>{});
}

std::string ContextExpressions::ipAddress() const {
    return std::string(m_context.clientAddress());
}

std::string ContextExpressions::body(MessageKind message, bool) {
    // The host keeps a buffered body readable, so preserveContent makes no difference here.
    return m_context.body(message);
}

std::optional<std::string> ContextExpressions::matchedParameter(std::string_view name) const {
    return m_context.matchedParameter(name);
}

int ContextExpressions::statusCode() const {
    return m_context.statusCode();
}

std::string ContextExpressions::statusReason() const {
    return m_context.statusReason();
}

std::optional<expr::Value> ContextExpressions::variable(std::string_view name) const {
    const auto* value = m_context.variable(name);
    return value ? std::optional<expr::Value>(*value) : std::nullopt;
}

const expr::SubscriptionInfo* ContextExpressions::subscription() const {
    const auto& subscription = m_context.facts.subscription;
    return subscription ? &*subscription : nullptr;
}

const expr::NamedInfo* ContextExpressions::product() const {
    return m_context.facts.product.get();
}

const expr::ApiInfo* ContextExpressions::api() const {
    return m_context.facts.api.get();
}

const expr::OperationInfo* ContextExpressions::operation() const {
    return m_context.facts.operation.get();
}

const expr::UserInfo* ContextExpressions::user() const {
    return m_context.facts.user.get();
}

const expr::CertificateInfo* ContextExpressions::certificate() const {
    return m_context.facts.clientCertificate.get();
}

const expr::LastErrorInfo* ContextExpressions::lastError() const {
    const auto& error = m_context.lastError;
    if (!error)
        return nullptr;
    m_lastError = expr::LastErrorInfo{error->source,
                                      error->reason,
                                      error->message,
                                      {},
                                      std::string(sectionName(m_context.lastErrorSection)),
                                      std::string(m_context.urlPath()),
                                      error->policyId};
    return &*m_lastError;
}

const expr::DeploymentInfo& ContextExpressions::deployment() const {
    return m_context.facts.deployment;
}

std::string ContextExpressions::requestId() const {
    return m_context.facts.requestId;
}

std::int64_t ContextExpressions::timestampTicks() const {
    return m_context.facts.timestampTicks;
}

std::int64_t ContextExpressions::elapsedTicks() const {
    const auto elapsed = std::chrono::steady_clock::now() - m_context.facts.start;
    return std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count() * 10;
}

std::int64_t ContextExpressions::nowTicks() const {
    return toDateTimeTicks(std::chrono::system_clock::now());
}

void ContextExpressions::trace(std::string_view source, std::string_view message) {
    m_context.trace(source, "information", message);
}

} // namespace portico::policy
