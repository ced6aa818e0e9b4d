#include "core/policies/builtin_policies.h"
#include "core/policies/throttle_support.h"

#include "core/policy/diagnostic_codes.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

struct QuotaByKeySettings {
    PolicyValue counterKey;
    std::optional<PolicyValue> incrementCondition;
    std::optional<std::int64_t> calls;
    std::optional<std::int64_t> kilobytes;
    std::int64_t period = 3600;
    throttle::Millis firstPeriodStart = 0;
};

class QuotaByKeyPolicy final : public CompiledPolicy {
public:
    QuotaByKeyPolicy(QuotaByKeySettings settings, std::shared_ptr<throttle::Throttling> throttling)
        : m_s(std::move(settings))
        , m_throttling(std::move(throttling)) {}

    RunResult run(RequestContext& context) const override {
        PolicyError failure;
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
        const throttle::Window window{throttle::WindowKind::Fixed, m_s.period * 1000,
                                      m_s.firstPeriodStart};
        const std::string storeKey = "quota-by-key|" + std::to_string(m_s.period) + "|" +
                                     std::to_string(m_s.firstPeriodStart) + "|" + *key;
        if (auto refused = enforceQuota(context, m_throttling->store(), storeKey, window, m_s.calls,
                                        m_s.kilobytes, counting, kind(), id())) {
            m_throttling->throttled(kind(), apiIdOf(context));
            return RunResult::fail(std::move(*refused));
        }
        return RunResult::next();
    }

private:
    QuotaByKeySettings m_s;
    std::shared_ptr<throttle::Throttling> m_throttling;
};

class QuotaByKeyKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "quota-by-key",
            .attributes = {{"calls", ValueType::Count, false, {}},
                           {"bandwidth", ValueType::Count, false, {}},
                           {"renewal-period", ValueType::Seconds, true, {}},
                           {"counter-key", ValueType::String, true, {}},
                           {"increment-condition", ValueType::String, false, {}},
                           {"first-period-start", ValueType::String, false, {}}},
        };
        return rule;
    }
    SectionSet sections() const override { return kInbound; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        const auto& e = node.element;
        const auto& rules = rule().attributes;
        const auto calls = context.number(node, e, rules[0], -1);
        const auto kilobytes = context.number(node, e, rules[1], -1);
        const auto period = context.number(node, e, rules[2], 0);
        auto key = context.value(node, e, "counter-key");
        std::optional<PolicyValue> condition;
        if (e.attribute("increment-condition")) {
            condition = context.value(node, e, "increment-condition");
            if (!condition)
                return nullptr;
        }
        const auto start = context.text(node, e, "first-period-start", "1970-01-01T00:00:00Z");
        if (!calls || !kilobytes || !period || !key || !start ||
            !checkQuotaLimits(node, e, context, *calls, *kilobytes, *period))
            return nullptr;
        const auto firstStart = parseUtcTime(*start);
        if (!firstStart) {
            context.error(codes::kBadAttributeValue,
                          context.where(node, e.attribute("first-period-start")->valueWhere),
                          "first-period-start '" + *start +
                              "' is not a UTC time like 2024-01-01T00:00:00Z");
            return nullptr;
        }
        QuotaByKeySettings s{std::move(*key), std::move(condition), std::nullopt, std::nullopt,
                             *period,         *firstStart};
        if (*calls >= 0)
            s.calls = *calls;
        if (*kilobytes >= 0)
            s.kilobytes = *kilobytes;
        return std::make_unique<QuotaByKeyPolicy>(std::move(s), throttle::currentThrottling());
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeQuotaByKeyKind() {
    return std::make_unique<QuotaByKeyKind>();
}

} // namespace portico::policies
