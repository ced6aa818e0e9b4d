#include "core/policies/builtin_policies.h"

#include "core/policies/typed_value.h"

#include "core/policy/policy_compiler.h"

#include <algorithm>

namespace portico::policies {

using namespace portico::policy;

namespace {

class ForwardRequestPolicy final : public CompiledPolicy {
public:
    ForwardRequestPolicy(ForwardOptions options, PolicyValue timeout, PolicyValue timeoutMs,
                         PolicyValue follow)
        : m_options(options)
        , m_work(ForwardWork{options})
        , m_timeout(std::move(timeout))
        , m_timeoutMs(std::move(timeoutMs))
        , m_follow(std::move(follow)) {}

    RunResult run(RequestContext& context) const override {
        if (!m_timeout.isExpression() && !m_timeoutMs.isExpression() && !m_follow.isExpression())
            return RunResult::awaitLasting(m_work);
        ForwardOptions options = m_options;
        PolicyError failure = error({}, {}, 500);
        if (m_timeout.isExpression()) {
            const auto timeout =
                boundedInteger(m_timeout, context, 0, kMaxTimeoutSeconds, "The timeout", failure);
            if (!timeout)
                return RunResult::fail(std::move(failure));
            options.timeoutSeconds = static_cast<int>(*timeout);
        }
        if (m_timeoutMs.isExpression()) {
            const auto timeout = boundedInteger(m_timeoutMs, context, 0, kMaxTimeoutSeconds * 1000,
                                                "The timeout-ms", failure);
            if (!timeout)
                return RunResult::fail(std::move(failure));
            options.timeoutMilliseconds = *timeout;
        }
        if (m_follow.isExpression()) {
            const auto follow = flagValue(m_follow, context, failure);
            if (!follow)
                return RunResult::fail(std::move(failure));
            options.followRedirects = *follow;
        }
        return RunResult::await(ForwardWork{options});
    }

    RunResult resume(RequestContext&, const AwaitOutcome& outcome) const override {
        if (!outcome.error)
            return RunResult::next();
        PolicyError failure = *outcome.error;
        failure.source = kind();
        failure.policyId = id();
        return RunResult::fail(std::move(failure));
    }

    const ForwardOptions& options() const { return m_options; }

    static constexpr std::int64_t kMaxTimeoutSeconds = 240 * 60;

private:
    ForwardOptions m_options;
    AwaitedWork m_work;    // m_options, awaited as they are when no expression changes them
    PolicyValue m_timeout; // expressions are evaluated per request; literals are in m_options
    PolicyValue m_timeoutMs;
    PolicyValue m_follow;
};

class ForwardRequestKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "forward-request",
            .attributes = {{"timeout", ValueType::Seconds, false, {}},
                           {"timeout-ms", ValueType::Count, false, {}},
                           {"continue-timeout", ValueType::Seconds, false, {}},
                           {"http-version", ValueType::Enum, false, {"1", "2or1", "2"}},
                           {"follow-redirects", ValueType::Bool, false, {}},
                           {"buffer-request-body", ValueType::Bool, false, {}},
                           {"buffer-response", ValueType::Bool, false, {}},
                           {"fail-on-error-status-code", ValueType::Bool, false, {}}},
        };
        return rule;
    }
    SectionSet sections() const override { return kBackend; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        const auto& e = node.element;
        ForwardOptions options;
        auto timeout = typedValue(node, context, rule().attributes[0], "300");
        auto timeoutMs = typedValue(node, context, rule().attributes[1], "0");
        auto follow = typedValue(node, context, rule().attributes[4], "false");
        const auto bufferRequest = context.flag(node, e, "buffer-request-body", false);
        const auto bufferResponse = context.flag(node, e, "buffer-response", true);
        const auto failOnError = context.flag(node, e, "fail-on-error-status-code", false);
        if (!timeout || !timeoutMs || !follow || !bufferRequest || !bufferResponse || !failOnError)
            return nullptr;
        const bool hasTimeoutMs = e.attribute("timeout-ms") != nullptr;
        if (hasTimeoutMs && e.attribute("timeout")) {
            context.error("PT3207", context.where(node, e.attribute("timeout-ms")->valueWhere),
                          "forward-request takes timeout or timeout-ms, not both");
            return nullptr;
        }
        if (hasTimeoutMs && !timeoutMs->isExpression())
            options.timeoutMilliseconds = std::min<std::int64_t>(
                std::stoll(timeoutMs->literal()), ForwardRequestPolicy::kMaxTimeoutSeconds * 1000);
        if (!timeout->isExpression())
            options.timeoutSeconds = static_cast<int>(std::min<std::int64_t>(
                std::stoll(timeout->literal()), ForwardRequestPolicy::kMaxTimeoutSeconds));
        if (!follow->isExpression())
            options.followRedirects = follow->literal()[0] == 't' || follow->literal()[0] == 'T';
        options.bufferRequestBody = *bufferRequest;
        options.bufferResponse = *bufferResponse;
        options.failOnErrorStatusCode = *failOnError;
        return std::make_unique<ForwardRequestPolicy>(options, std::move(*timeout),
                                                      hasTimeoutMs ? std::move(*timeoutMs)
                                                                   : PolicyValue(std::string("0")),
                                                      std::move(*follow));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeForwardRequestKind() {
    return std::make_unique<ForwardRequestKind>();
}

} // namespace portico::policies
