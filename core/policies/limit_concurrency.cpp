#include "core/policies/builtin_policies.h"
#include "core/policies/throttle_support.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

// A slot with the limiter kept alive: a reload may replace the throttling mid-request.
struct HeldSlot {
    std::shared_ptr<throttle::Throttling> throttling;
    throttle::ConcurrencyLimiter::Slot slot;
};

// At most max-count requests with the same key run the enclosed policies at once; the others
// fail at once with 429, as APIM documents (no queueing). The slot is the request's until its
// policies finish, fail, or the request ends some other way (the context drops it).
class LimitConcurrencyPolicy final : public CompiledPolicy {
public:
    LimitConcurrencyPolicy(PolicyValue key, std::int64_t maxCount, CompiledPolicyList body,
                           std::shared_ptr<throttle::Throttling> throttling)
        : m_key(std::move(key))
        , m_maxCount(maxCount)
        , m_body(std::move(body))
        , m_throttling(std::move(throttling)) {}

    RunResult run(RequestContext& context) const override {
        PolicyError failure = error({}, {}, 500);
        const auto key = m_key.text(context, failure);
        if (!key)
            return RunResult::fail(failure);
        auto slot = m_throttling->limiter().tryEnter("limit-concurrency|" + *key, m_maxCount);
        if (!slot) {
            m_throttling->throttled(kind(), apiIdOf(context));
            return RunResult::fail(error("ConcurrencyLimitExceeded",
                                         "Too many concurrent requests. No more than " +
                                             std::to_string(m_maxCount) +
                                             " may run at once; try again later.",
                                         429));
        }
        context.hold(this, std::make_shared<HeldSlot>(HeldSlot{m_throttling, std::move(slot)}));
        return RunResult::loop(m_body);
    }

    // Called once the body has run through or failed: the slot goes back, no second pass.
    LoopDecision repeat(RequestContext& context, int,
                        const std::optional<PolicyError>&) const override {
        context.release(this);
        return {};
    }

    bool readsBody() const override { return policy::readsBody(m_body); }

private:
    PolicyValue m_key;
    std::int64_t m_maxCount;
    CompiledPolicyList m_body;
    std::shared_ptr<throttle::Throttling> m_throttling;
};

class LimitConcurrencyKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{.name = "limit-concurrency",
                                      .attributes = {{"key", ValueType::String, true, {}},
                                                     {"max-count", ValueType::Count, true, {}}},
                                      .text = TextRule::Allowed,
                                      .anyChildren = true};
        return rule;
    }
    SectionSet sections() const override { return kAnySection; }
    Nesting nesting() const override { return Nesting::Direct; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        const auto& e = node.element;
        auto key = context.value(node, e, "key");
        // APIM takes no expression for max-count; number() reports one.
        const auto maxCount = context.number(node, e, rule().attributes[1], 0);
        if (!key || !maxCount)
            return nullptr;
        if (*maxCount < 1) {
            context.error(codes::kBadAttributeValue,
                          context.where(node, e.attribute("max-count")->valueWhere),
                          "max-count of <limit-concurrency> is " + std::to_string(*maxCount) +
                              "; expected at least 1");
            return nullptr;
        }
        auto body = compilePolicies(node.blocks.at(0).policies, context);
        if (!body)
            return nullptr;
        return std::make_unique<LimitConcurrencyPolicy>(
            std::move(*key), *maxCount, std::move(*body), throttle::currentThrottling());
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeLimitConcurrencyKind() {
    return std::make_unique<LimitConcurrencyKind>();
}

} // namespace portico::policies
