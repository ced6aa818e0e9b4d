#include "core/policies/builtin_policies.h"

#include "core/policy/policy_compiler.h"

#include <algorithm>

namespace portico::policies {

using namespace portico::policy;

namespace {

class ForwardRequestPolicy final : public CompiledPolicy {
public:
    explicit ForwardRequestPolicy(ForwardOptions options)
        : m_options(options) {}

    RunResult run(RequestContext&) const override {
        return RunResult::await(ForwardWork{m_options});
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

private:
    ForwardOptions m_options;
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
        const auto timeout = context.number(node, e, rule().attributes[0], 300);
        const auto follow = context.flag(node, e, "follow-redirects", false);
        const auto bufferRequest = context.flag(node, e, "buffer-request-body", false);
        const auto bufferResponse = context.flag(node, e, "buffer-response", true);
        const auto failOnError = context.flag(node, e, "fail-on-error-status-code", false);
        if (!timeout || !follow || !bufferRequest || !bufferResponse || !failOnError)
            return nullptr;
        options.timeoutSeconds = static_cast<int>(std::min<std::int64_t>(*timeout, 240 * 60));
        options.followRedirects = *follow;
        options.bufferRequestBody = *bufferRequest;
        options.bufferResponse = *bufferResponse;
        options.failOnErrorStatusCode = *failOnError;
        return std::make_unique<ForwardRequestPolicy>(options);
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeForwardRequestKind() {
    return std::make_unique<ForwardRequestKind>();
}

} // namespace portico::policies
