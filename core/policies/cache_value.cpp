#include "core/policies/builtin_policies.h"
#include "core/policies/caching_type.h"
#include "core/policies/typed_value.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"
#include "core/policy/value_cache.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

const AttributeRule& kCachingType = cachingTypeRule();

std::optional<std::string> keyOf(const PolicyValue& key, RequestContext& context,
                                 PolicyError& failure) {
    return key.text(context, failure);
}

class CacheLookupValuePolicy final : public CompiledPolicy {
public:
    CacheLookupValuePolicy(PolicyValue key, std::optional<PolicyValue> fallback,
                           std::string variable)
        : m_key(std::move(key))
        , m_default(std::move(fallback))
        , m_variable(std::move(variable)) {}

    RunResult run(RequestContext& context) const override {
        PolicyError failure = error({}, {}, 500);
        const auto key = keyOf(m_key, context, failure);
        if (!key)
            return RunResult::fail(std::move(failure));
        if (auto value = ValueCache::shared().lookup(*key)) {
            context.setVariable(m_variable, std::move(*value));
            return RunResult::next();
        }
        if (m_default) {
            auto value = m_default->evaluate(context, failure);
            if (!value)
                return RunResult::fail(std::move(failure));
            context.setVariable(m_variable, std::move(*value));
        }
        return RunResult::next();
    }

private:
    PolicyValue m_key;
    std::optional<PolicyValue> m_default; // none: a miss leaves the variable unset
    std::string m_variable;
};

class CacheStoreValuePolicy final : public CompiledPolicy {
public:
    CacheStoreValuePolicy(PolicyValue key, PolicyValue value, PolicyValue duration)
        : m_key(std::move(key))
        , m_value(std::move(value))
        , m_duration(std::move(duration)) {}

    RunResult run(RequestContext& context) const override {
        PolicyError failure = error({}, {}, 500);
        const auto key = keyOf(m_key, context, failure);
        const auto value = key ? m_value.evaluate(context, failure) : std::nullopt;
        const auto seconds = value ? boundedInteger(m_duration, context, 0, 365LL * 24 * 3600,
                                                    "The duration", failure)
                                   : std::nullopt;
        if (!key || !value || !seconds)
            return RunResult::fail(std::move(failure));
        if (!ValueCache::shared().store(*key, *value, std::chrono::seconds(*seconds)))
            return RunResult::fail(
                error("ValueNotCacheable",
                      std::string("A value of type '") + expr::tyName(value->type()) +
                          "' belongs to its request and cannot be cached: cache strings, numbers, "
                          "booleans, dates, GUIDs, byte arrays, URLs, JSON or arrays of them.",
                      500));
        return RunResult::next();
    }

private:
    PolicyValue m_key;
    PolicyValue m_value;
    PolicyValue m_duration;
};

class CacheRemoveValuePolicy final : public CompiledPolicy {
public:
    explicit CacheRemoveValuePolicy(PolicyValue key)
        : m_key(std::move(key)) {}

    RunResult run(RequestContext& context) const override {
        PolicyError failure = error({}, {}, 500);
        const auto key = keyOf(m_key, context, failure);
        if (!key)
            return RunResult::fail(std::move(failure));
        ValueCache::shared().remove(*key);
        return RunResult::next();
    }

private:
    PolicyValue m_key;
};

class CacheLookupValueKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "cache-lookup-value",
            .attributes = {{"key", ValueType::String, true, {}},
                           {"default-value", ValueType::String, false, {}},
                           {"variable-name", ValueType::String, true, {}},
                           kCachingType}};
        return rule;
    }
    SectionSet sections() const override { return kAnySection; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        auto key = context.value(node, node.element, "key");
        const auto variable = context.text(node, node.element, "variable-name");
        std::optional<PolicyValue> fallback;
        if (node.element.attribute("default-value")) {
            fallback = context.value(node, node.element, "default-value");
            if (!fallback)
                return nullptr;
        }
        if (!key || !variable || !checkCachingType(node, context))
            return nullptr;
        return std::make_unique<CacheLookupValuePolicy>(std::move(*key), std::move(fallback),
                                                        *variable);
    }
};

class CacheStoreValueKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{.name = "cache-store-value",
                                      .attributes = {{"key", ValueType::String, true, {}},
                                                     {"value", ValueType::String, true, {}},
                                                     {"duration", ValueType::Seconds, true, {}},
                                                     kCachingType}};
        return rule;
    }
    SectionSet sections() const override { return kAnySection; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        auto key = context.value(node, node.element, "key");
        auto value = context.value(node, node.element, "value");
        auto duration = typedValue(node, context, rule().attributes[2], "0");
        if (!key || !value || !duration || !checkCachingType(node, context))
            return nullptr;
        return std::make_unique<CacheStoreValuePolicy>(std::move(*key), std::move(*value),
                                                       std::move(*duration));
    }
};

class CacheRemoveValueKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "cache-remove-value",
            .attributes = {{"key", ValueType::String, true, {}}, kCachingType}};
        return rule;
    }
    SectionSet sections() const override { return kAnySection; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        auto key = context.value(node, node.element, "key");
        if (!key || !checkCachingType(node, context))
            return nullptr;
        return std::make_unique<CacheRemoveValuePolicy>(std::move(*key));
    }
};

} // namespace

const AttributeRule& cachingTypeRule() {
    static const AttributeRule rule{
        "caching-type", ValueType::Enum, false, {"internal", "external", "prefer-external"}};
    return rule;
}

bool checkCachingType(const PolicyNode& node, CompileContext& context) {
    const auto type = context.text(node, node.element, "caching-type", "prefer-external");
    if (!type)
        return false;
    if (*type == "external") {
        const auto* attribute = node.element.attribute("caching-type");
        context.error(codes::kPolicyNotRunnable, context.where(node, attribute->valueWhere),
                      "caching-type=\"external\" needs an external cache, which Portico does not "
                      "have; use internal or prefer-external");
        return false;
    }
    return true;
}

std::unique_ptr<PolicyKind> makeCacheLookupValueKind() {
    return std::make_unique<CacheLookupValueKind>();
}
std::unique_ptr<PolicyKind> makeCacheStoreValueKind() {
    return std::make_unique<CacheStoreValueKind>();
}
std::unique_ptr<PolicyKind> makeCacheRemoveValueKind() {
    return std::make_unique<CacheRemoveValueKind>();
}

} // namespace portico::policies
