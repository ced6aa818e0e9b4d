#include "core/policies/builtin_policies.h"
#include "core/policies/throttle_support.h"

#include "core/policy/diagnostic_codes.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

constexpr std::int64_t kMaxRenewalSeconds = 300; // APIM's limit for rate limits

struct RateLimitByKeySettings {
    PolicyValue calls;
    PolicyValue renewalPeriod;
    PolicyValue counterKey;
    std::optional<PolicyValue> incrementCondition;
    PolicyValue incrementCount;
    ThrottleOutputs outputs;
};

class RateLimitByKeyPolicy final : public CompiledPolicy {
public:
    RateLimitByKeyPolicy(RateLimitByKeySettings settings,
                         std::shared_ptr<throttle::Throttling> throttling)
        : m_s(std::move(settings))
        , m_throttling(std::move(throttling)) {}

    RunResult run(RequestContext& context) const override {
        PolicyError failure;
        const auto calls = m_s.calls.integer(context, failure);
        if (!calls)
            return RunResult::fail(failure);
        const auto period = m_s.renewalPeriod.integer(context, failure);
        if (!period)
            return RunResult::fail(failure);
        if (*calls < 0 || *period < 1 || *period > kMaxRenewalSeconds)
            return RunResult::fail(error("ExpressionValueEvaluationFailure",
                                         "calls must not be negative and renewal-period must be "
                                         "1 to 300 seconds",
                                         500));
        const auto key = m_s.counterKey.text(context, failure);
        if (!key)
            return RunResult::fail(failure);
        bool counting = true;
        if (m_s.incrementCondition) {
            const auto condition = m_s.incrementCondition->condition(context, failure);
            if (!condition)
                return RunResult::fail(failure);
            counting = *condition;
        }
        const auto count = m_s.incrementCount.integer(context, failure);
        if (!count)
            return RunResult::fail(failure);

        // One counter per key value for every scope using it, as APIM documents.
        const std::string storeKey = "rate-limit-by-key|" + std::to_string(*period) + "|" + *key;
        const throttle::Window window{throttle::WindowKind::Sliding, *period * 1000, 0};
        auto& store = m_throttling->store();
        const auto decision = counting ? acquireOnce(store, context, storeKey, window, *calls,
                                                     std::max<std::int64_t>(*count, 0))
                                       : store.check(storeKey, window, *calls, 1);
        if (!decision.admitted) {
            m_throttling->throttled(kind(), apiIdOf(context));
            publishRemaining(context, m_s.outputs, 0, *calls);
            return RunResult::fail(rateLimitExceeded(context, m_s.outputs, decision, kind(), id()));
        }
        publishRemaining(context, m_s.outputs, decision.remaining, *calls);
        return RunResult::next();
    }

private:
    RateLimitByKeySettings m_s;
    std::shared_ptr<throttle::Throttling> m_throttling;
};

class RateLimitByKeyKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "rate-limit-by-key",
            .attributes = {{"calls", ValueType::Count, true, {}},
                           {"renewal-period", ValueType::Seconds, true, {}},
                           {"counter-key", ValueType::String, true, {}},
                           {"increment-condition", ValueType::String, false, {}},
                           {"increment-count", ValueType::Count, false, {}},
                           {"retry-after-header-name", ValueType::String, false, {}},
                           {"retry-after-variable-name", ValueType::String, false, {}},
                           {"remaining-calls-header-name", ValueType::String, false, {}},
                           {"remaining-calls-variable-name", ValueType::String, false, {}},
                           {"total-calls-header-name", ValueType::String, false, {}}},
        };
        return rule;
    }
    SectionSet sections() const override { return kInbound; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        const auto& e = node.element;
        auto calls = context.value(node, e, "calls");
        auto period = context.value(node, e, "renewal-period");
        auto key = context.value(node, e, "counter-key");
        auto count = context.value(node, e, "increment-count", "1");
        std::optional<PolicyValue> condition;
        if (e.attribute("increment-condition")) {
            condition = context.value(node, e, "increment-condition");
            if (!condition)
                return nullptr;
        }
        auto outputs = readThrottleOutputs(node, context);
        if (!calls || !period || !key || !count || !outputs)
            return nullptr;
        if (!period->isExpression()) {
            const auto seconds = std::stoll(period->literal());
            if (seconds < 1 || seconds > kMaxRenewalSeconds) {
                context.error(codes::kBadAttributeValue,
                              context.where(node, e.attribute("renewal-period")->valueWhere),
                              "renewal-period of <rate-limit-by-key> is " +
                                  std::to_string(seconds) + " s; expected 1 to 300");
                return nullptr;
            }
        }
        return std::make_unique<RateLimitByKeyPolicy>(
            RateLimitByKeySettings{std::move(*calls), std::move(*period), std::move(*key),
                                   std::move(condition), std::move(*count), std::move(*outputs)},
            throttle::currentThrottling());
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeRateLimitByKeyKind() {
    return std::make_unique<RateLimitByKeyKind>();
}

} // namespace portico::policies
