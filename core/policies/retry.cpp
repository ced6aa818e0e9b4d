#include "core/policies/builtin_policies.h"

#include "core/policy/policy_compiler.h"

#include <algorithm>
#include <cmath>

namespace portico::policies {

using namespace portico::policy;

namespace {

struct RetrySettings {
    PolicyValue condition;
    int count = 0;
    std::int64_t interval = 0; // seconds
    std::int64_t maxInterval = 0;
    std::int64_t delta = 0;
    bool hasDelta = false;
    bool firstFastRetry = false;
};

// Runs its policies once, then again while the condition holds, at most `count` more times.
// The waits follow APIM: a fixed interval; with delta, a linear (interval + n*delta) or, with
// max-interval too, an exponential (interval + (2^n - 1)*delta) growth capped at max-interval,
// n counting retries made. APIM adds a random ±20 % to delta; we keep waits deterministic.
class RetryPolicy final : public CompiledPolicy {
public:
    RetryPolicy(RetrySettings settings, CompiledPolicyList body)
        : m_settings(std::move(settings))
        , m_body(std::move(body)) {}

    RunResult run(RequestContext&) const override { return RunResult::loop(m_body); }

    LoopDecision repeat(RequestContext& context, int passes,
                        const std::optional<PolicyError>&) const override {
        const int retries = passes - 1; // retries already made
        if (retries >= m_settings.count)
            return {};
        PolicyError failure = error({}, {}, 500);
        const auto again = m_settings.condition.condition(context, failure);
        if (!again || !*again)
            return {};
        if (m_settings.firstFastRetry && retries == 0)
            return {true, std::chrono::milliseconds(0)};
        return {true, std::chrono::milliseconds(waitSeconds(retries) * 1000)};
    }

    bool readsBody() const override { return policy::readsBody(m_body); }

private:
    std::int64_t waitSeconds(int retries) const {
        const auto& s = m_settings;
        if (!s.hasDelta)
            return s.interval;
        double wait = 0;
        if (s.maxInterval > 0) {
            wait = double(s.interval) + (std::pow(2.0, retries) - 1) * double(s.delta);
            wait = std::min(wait, double(s.maxInterval));
        } else {
            wait = double(s.interval) + double(retries) * double(s.delta);
        }
        return static_cast<std::int64_t>(wait);
    }

    RetrySettings m_settings;
    CompiledPolicyList m_body;
};

class RetryKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "retry",
            .attributes = {{"condition", ValueType::String, true, {}},
                           {"count", ValueType::Count, true, {}},
                           {"interval", ValueType::Seconds, true, {}},
                           {"max-interval", ValueType::Seconds, false, {}},
                           {"delta", ValueType::Seconds, false, {}},
                           {"first-fast-retry", ValueType::Bool, false, {}}},
            .text = TextRule::Allowed,
            .anyChildren = true};
        return rule;
    }
    SectionSet sections() const override { return kAnySection; }
    Nesting nesting() const override { return Nesting::Direct; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        const auto& e = node.element;
        const auto& attributes = rule().attributes;
        auto condition = context.value(node, e, "condition");
        const auto count = context.number(node, e, attributes[1], 0);
        const auto interval = context.number(node, e, attributes[2], 0);
        const auto maxInterval = context.number(node, e, attributes[3], 0);
        const auto delta = context.number(node, e, attributes[4], 0);
        const auto fast = context.flag(node, e, "first-fast-retry", false);
        if (!condition || !count || !interval || !maxInterval || !delta || !fast)
            return nullptr;
        if (*count < 1 || *count > 50) {
            context.error("PT3207", context.where(node, e.attribute("count")->valueWhere),
                          "retry count " + std::to_string(*count) + " is outside APIM's 1..50");
            return nullptr;
        }
        auto body = compilePolicies(node.blocks.at(0).policies, context);
        if (!body)
            return nullptr;
        RetrySettings settings{std::move(*condition),
                               static_cast<int>(*count),
                               *interval,
                               *maxInterval,
                               *delta,
                               e.attribute("delta") != nullptr,
                               *fast};
        return std::make_unique<RetryPolicy>(std::move(settings), std::move(*body));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeRetryKind() {
    return std::make_unique<RetryKind>();
}

} // namespace portico::policies
