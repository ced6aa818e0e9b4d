#include "core/policies/builtin_policies.h"
#include "core/policies/throttle_support.h"

#include "core/policy/diagnostic_codes.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

// One limit of a <rate-limit>: the policy's own, or one of an <api> or <operation> child.
struct Level {
    std::string api;       // name or id of the matched API; empty for the policy's own limit
    std::string operation; // name or id of the matched operation, under `api`
    std::int64_t calls = 0;
    std::int64_t period = 60;
};

bool matches(const std::string& wanted, const std::string& id, const std::string& name) {
    return wanted == id || wanted == name;
}

class RateLimitPolicy final : public CompiledPolicy {
public:
    RateLimitPolicy(std::vector<Level> levels, ThrottleOutputs outputs,
                    std::shared_ptr<throttle::Throttling> throttling)
        : m_levels(std::move(levels))
        , m_outputs(std::move(outputs))
        , m_throttling(std::move(throttling)) {}

    RunResult run(RequestContext& context) const override {
        const auto& facts = context.facts;
        if (!facts.subscription)
            return RunResult::next(); // counted per subscription; an anonymous call has none
        std::int64_t remaining = -1;
        std::int64_t total = 0;
        for (const auto& level : m_levels) {
            std::string scope = "*";
            if (!level.api.empty()) {
                if (!facts.api || !matches(level.api, facts.api->id, facts.api->name))
                    continue;
                scope = "api:" + facts.api->id;
                if (!level.operation.empty()) {
                    if (!facts.operation ||
                        !matches(level.operation, facts.operation->id, facts.operation->name))
                        continue;
                    scope += "/op:" + facts.operation->id;
                }
            }
            const std::string key = "rate-limit|" + facts.subscription->id + "|" + scope + "|" +
                                    std::to_string(level.period) + "|" +
                                    std::to_string(level.calls);
            const throttle::Window window{throttle::WindowKind::Sliding, level.period * 1000, 0};
            const auto d = acquireOnce(m_throttling->store(), context, key, window, level.calls, 1);
            if (!d.admitted) {
                m_throttling->throttled(kind(), apiIdOf(context));
                publishRemaining(context, m_outputs, 0, level.calls);
                return RunResult::fail(rateLimitExceeded(context, m_outputs, d, kind(), id()));
            }
            if (remaining < 0 || d.remaining < remaining) {
                remaining = d.remaining;
                total = level.calls;
            }
        }
        if (remaining >= 0)
            publishRemaining(context, m_outputs, remaining, total);
        return RunResult::next();
    }

private:
    std::vector<Level> m_levels;
    ThrottleOutputs m_outputs;
    std::shared_ptr<throttle::Throttling> m_throttling;
};

std::vector<AttributeRule> limitAttributes() {
    return {{"name", ValueType::String, false, {}},
            {"id", ValueType::String, false, {}},
            {"calls", ValueType::Count, true, {}},
            {"renewal-period", ValueType::Seconds, true, {}}};
}

class RateLimitKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "rate-limit",
            .attributes = {{"calls", ValueType::Count, true, {}},
                           {"renewal-period", ValueType::Seconds, true, {}},
                           {"retry-after-header-name", ValueType::String, false, {}},
                           {"retry-after-variable-name", ValueType::String, false, {}},
                           {"remaining-calls-header-name", ValueType::String, false, {}},
                           {"remaining-calls-variable-name", ValueType::String, false, {}},
                           {"total-calls-header-name", ValueType::String, false, {}}},
            .children = {{.name = "api",
                          .attributes = limitAttributes(),
                          .occurs = Occurs::Many,
                          .children = {{.name = "operation",
                                        .attributes = limitAttributes(),
                                        .occurs = Occurs::Many}}}},
        };
        return rule;
    }
    SectionSet sections() const override { return kInbound; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        auto outputs = readThrottleOutputs(node, context);
        std::vector<Level> levels;
        auto level = [&](const xml::XmlNode& e, std::string api, std::string operation) -> bool {
            const auto& rules = limitAttributes();
            const auto calls = context.number(node, e, rules[2], 0);
            const auto period = context.number(node, e, rules[3], 0);
            if (!calls || !period)
                return false;
            if (*period < 1 || *period > 300) {
                context.error(codes::kBadAttributeValue,
                              context.where(node, e.attribute("renewal-period")->valueWhere),
                              "renewal-period of <" + e.name + "> is " + std::to_string(*period) +
                                  " s; expected 1 to 300");
                return false;
            }
            levels.push_back({std::move(api), std::move(operation), *calls, *period});
            return true;
        };
        const bool ok = outputs && readScopedLevels(node, context, level);
        if (!ok)
            return nullptr;
        return std::make_unique<RateLimitPolicy>(std::move(levels), std::move(*outputs),
                                                 throttle::currentThrottling());
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeRateLimitKind() {
    return std::make_unique<RateLimitKind>();
}

} // namespace portico::policies
