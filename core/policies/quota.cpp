#include "core/policies/builtin_policies.h"
#include "core/policies/throttle_support.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

// One quota of a <quota>: the policy's own, or one of an <api> or <operation> child.
struct QuotaLevel {
    std::string api;
    std::string operation;
    std::optional<std::int64_t> calls;
    std::optional<std::int64_t> kilobytes;
    std::int64_t period = 3600;
};

bool matches(const std::string& wanted, const std::string& id, const std::string& name) {
    return wanted == id || wanted == name;
}

class QuotaPolicy final : public CompiledPolicy {
public:
    QuotaPolicy(std::vector<QuotaLevel> levels, std::shared_ptr<throttle::Throttling> throttling)
        : m_levels(std::move(levels))
        , m_throttling(std::move(throttling)) {}

    RunResult run(RequestContext& context) const override {
        const auto& facts = context.facts;
        if (!facts.subscription)
            return RunResult::next(); // quotas are per subscription
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
            // Periods start at the Unix epoch, so every replica agrees on the boundaries.
            const throttle::Window window{throttle::WindowKind::Fixed, level.period * 1000, 0};
            const std::string key = "quota|" + facts.subscription->id + "|" + scope + "|" +
                                    std::to_string(level.period);
            if (auto refused = enforceQuota(context, m_throttling->store(), key, window,
                                            level.calls, level.kilobytes, true, kind(), id())) {
                m_throttling->throttled(kind(), apiIdOf(context));
                return RunResult::fail(std::move(*refused));
            }
        }
        return RunResult::next();
    }

private:
    std::vector<QuotaLevel> m_levels;
    std::shared_ptr<throttle::Throttling> m_throttling;
};

std::vector<AttributeRule> quotaAttributes(bool named) {
    std::vector<AttributeRule> rules{{"calls", ValueType::Count, false, {}},
                                     {"bandwidth", ValueType::Count, false, {}},
                                     {"renewal-period", ValueType::Seconds, true, {}}};
    if (named) {
        rules.push_back({"name", ValueType::String, false, {}});
        rules.push_back({"id", ValueType::String, false, {}});
    }
    return rules;
}

class QuotaKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "quota",
            .attributes = quotaAttributes(false),
            .children = {{.name = "api",
                          .attributes = quotaAttributes(true),
                          .occurs = Occurs::Many,
                          .children = {{.name = "operation",
                                        .attributes = quotaAttributes(true),
                                        .occurs = Occurs::Many}}}},
        };
        return rule;
    }
    SectionSet sections() const override { return kInbound; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        std::vector<QuotaLevel> levels;
        const auto rules = quotaAttributes(false);
        auto level = [&](const xml::XmlNode& e, std::string api, std::string operation) {
            const auto calls = context.number(node, e, rules[0], -1);
            const auto kilobytes = context.number(node, e, rules[1], -1);
            const auto period = context.number(node, e, rules[2], 0);
            if (!calls || !kilobytes || !period ||
                !checkQuotaLimits(node, e, context, *calls, *kilobytes, *period))
                return false;
            QuotaLevel l{std::move(api), std::move(operation), std::nullopt, std::nullopt, *period};
            if (*calls >= 0)
                l.calls = *calls;
            if (*kilobytes >= 0)
                l.kilobytes = *kilobytes;
            levels.push_back(std::move(l));
            return true;
        };
        const bool ok = readScopedLevels(node, context, level);
        if (!ok)
            return nullptr;
        return std::make_unique<QuotaPolicy>(std::move(levels), throttle::currentThrottling());
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeQuotaKind() {
    return std::make_unique<QuotaKind>();
}

} // namespace portico::policies
