#include "core/policies/builtin_policies.h"

#include "core/policies/typed_value.h"
#include "core/policy/policy_compiler.h"

#include <algorithm>
#include <cmath>

namespace portico::policies {

using namespace portico::policy;

namespace {

// Every setting may be a policy expression (APIM allows them all); literals are checked when the
// policy compiles, expressions on each decision.
struct RetrySettings {
    PolicyValue condition;
    PolicyValue count;
    PolicyValue interval; // seconds
    PolicyValue maxInterval;
    PolicyValue delta;
    bool hasMaxInterval = false;
    bool hasDelta = false;
    PolicyValue firstFastRetry;
};

// Runs its policies once, then again while the condition holds, at most `count` more times.
// The waits follow APIM: a fixed interval; with delta, a linear (interval + n*delta) or, with
// max-interval too, an exponential (interval + (2^n - 1)*delta) growth capped at max-interval,
// n counting retries made. APIM adds a random ±20 % to delta; we keep waits deterministic.
// A setting whose expression fails or leaves its range ends the retries, like a false
// condition.
class RetryPolicy final : public CompiledPolicy {
public:
    static constexpr std::int64_t kMaxSeconds = 24 * 3600;

    RetryPolicy(RetrySettings settings, CompiledPolicyList body)
        : m_settings(std::move(settings))
        , m_body(std::move(body)) {}

    RunResult run(RequestContext&) const override { return RunResult::loop(m_body); }

    LoopDecision repeat(RequestContext& context, int passes,
                        const std::optional<PolicyError>&) const override {
        const auto& s = m_settings;
        const int retries = passes - 1; // retries already made
        PolicyError failure = error({}, {}, 500);
        const auto count = boundedInteger(s.count, context, 1, 50, "The retry count", failure);
        if (!count || retries >= *count)
            return {};
        const auto again = s.condition.condition(context, failure);
        if (!again || !*again)
            return {};
        const auto fast = flagValue(s.firstFastRetry, context, failure);
        if (!fast)
            return {};
        if (*fast && retries == 0)
            return {true, std::chrono::milliseconds(0)};
        const auto wait = waitSeconds(context, retries, failure);
        if (!wait)
            return {};
        return {true, std::chrono::milliseconds(*wait * 1000)};
    }

    bool readsBody() const override { return policy::readsBody(m_body); }

private:
    std::optional<std::int64_t> waitSeconds(RequestContext& context, int retries,
                                            PolicyError& failure) const {
        const auto& s = m_settings;
        const auto seconds = [&](const PolicyValue& value, const char* what) {
            return boundedInteger(value, context, 0, kMaxSeconds, what, failure);
        };
        const auto interval = seconds(s.interval, "The retry interval");
        if (!interval || !s.hasDelta)
            return interval;
        const auto delta = seconds(s.delta, "The retry delta");
        if (!delta)
            return std::nullopt;
        if (!s.hasMaxInterval)
            return *interval + retries * *delta;
        const auto maxInterval = seconds(s.maxInterval, "The retry max-interval");
        if (!maxInterval)
            return std::nullopt;
        const double wait =
            double(*interval) + (std::pow(2.0, std::min(retries, 40)) - 1) * double(*delta);
        return static_cast<std::int64_t>(std::min(wait, double(*maxInterval)));
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
        auto count = typedValue(node, context, attributes[1], "0");
        auto interval = typedValue(node, context, attributes[2], "0");
        auto maxInterval = typedValue(node, context, attributes[3], "0");
        auto delta = typedValue(node, context, attributes[4], "0");
        auto fast = typedValue(node, context, attributes[5], "false");
        if (!condition || !count || !interval || !maxInterval || !delta || !fast)
            return nullptr;
        if (!count->isExpression()) {
            const auto n = std::stoll(count->literal());
            if (n < 1 || n > 50) {
                context.error("PT3207", context.where(node, e.attribute("count")->valueWhere),
                              "retry count " + std::to_string(n) + " is outside APIM's 1..50");
                return nullptr;
            }
        }
        auto body = compilePolicies(node.blocks.at(0).policies, context);
        if (!body)
            return nullptr;
        RetrySettings settings{std::move(*condition),
                               std::move(*count),
                               std::move(*interval),
                               std::move(*maxInterval),
                               std::move(*delta),
                               e.attribute("max-interval") != nullptr,
                               e.attribute("delta") != nullptr,
                               std::move(*fast)};
        return std::make_unique<RetryPolicy>(std::move(settings), std::move(*body));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeRetryKind() {
    return std::make_unique<RetryKind>();
}

} // namespace portico::policies
