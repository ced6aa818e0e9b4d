#include "core/policies/builtin_policies.h"

#include "core/policy/custom_metrics.h"
#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"
#include "core/text/prometheus_label.h"

#include <cstdlib>
#include <cstring>
#include <functional>
#include <strings.h>

namespace portico::policies {

using namespace portico::policy;

namespace {

using FactReader = std::function<std::string(const RequestFacts&)>;

// The dimensions APIM fills in by name when <dimension> has no value.
std::optional<FactReader> defaultDimension(std::string_view name) {
    struct Default {
        const char* name;
        FactReader read;
    };
    static const Default defaults[] = {
        {"API ID", [](const RequestFacts& f) { return f.api ? f.api->id : std::string(); }},
        {"Operation ID",
         [](const RequestFacts& f) { return f.operation ? f.operation->id : std::string(); }},
        {"Product ID",
         [](const RequestFacts& f) { return f.product ? f.product->id : std::string(); }},
        {"User ID", [](const RequestFacts& f) { return f.user ? f.user->id : std::string(); }},
        {"Subscription ID",
         [](const RequestFacts& f) { return f.subscription ? f.subscription->id : std::string(); }},
        {"Location", [](const RequestFacts& f) { return f.deployment.region; }},
        {"Gateway ID", [](const RequestFacts& f) { return f.deployment.gatewayId; }},
    };
    for (const auto& d : defaults) {
        if (name.size() == std::strlen(d.name) &&
            strncasecmp(name.data(), d.name, name.size()) == 0)
            return d.read;
    }
    return std::nullopt;
}

struct Dimension {
    std::string label;                // Prometheus label name
    std::optional<PolicyValue> value; // or, when absent, a default dimension
    FactReader fact;
};

std::optional<double> parseDouble(const std::string& text) {
    if (text.empty())
        return std::nullopt;
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size())
        return std::nullopt;
    return value;
}

class EmitMetricPolicy final : public CompiledPolicy {
public:
    EmitMetricPolicy(std::string metricNamespace, std::string name, PolicyValue value,
                     std::vector<Dimension> dimensions)
        : m_namespace(std::move(metricNamespace))
        , m_name(std::move(name))
        , m_value(std::move(value))
        , m_dimensions(std::move(dimensions)) {}

    RunResult run(RequestContext& context) const override {
        PolicyError failure = error({}, {}, 500);
        const auto valueText = m_value.text(context, failure);
        if (!valueText)
            return RunResult::fail(std::move(failure));
        const auto value = parseDouble(*valueText);
        if (!value)
            return RunResult::fail(error("ExpressionValueEvaluationFailure",
                                         "emit-metric value '" + *valueText + "' is not a number",
                                         500));
        CustomMetrics::Dimensions dimensions;
        for (const auto& d : m_dimensions) {
            if (!d.value) {
                dimensions.emplace_back(d.label, d.fact(context.facts));
                continue;
            }
            auto text = d.value->text(context, failure);
            if (!text)
                return RunResult::fail(std::move(failure));
            dimensions.emplace_back(d.label, std::move(*text));
        }
        CustomMetrics::shared().add(m_namespace, m_name, dimensions, *value);
        return RunResult::next();
    }

private:
    std::string m_namespace;
    std::string m_name;
    PolicyValue m_value;
    std::vector<Dimension> m_dimensions;
};

class EmitMetricKind final : public PolicyKind {
public:
    static constexpr std::size_t kMaxDimensions = 10; // APIM's limit per policy

    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "emit-metric",
            .attributes = {{"name", ValueType::String, true, {}},
                           {"namespace", ValueType::String, false, {}},
                           {"value", ValueType::String, false, {}}},
            .children = {{.name = "dimension",
                          .attributes = {{"name", ValueType::String, true, {}},
                                         {"value", ValueType::String, false, {}}},
                          .occurs = Occurs::OneOrMore}},
        };
        return rule;
    }
    SectionSet sections() const override { return kAnySection; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        const auto name = context.text(node, node.element, "name");
        const auto metricNamespace =
            context.text(node, node.element, "namespace", "API Management");
        auto value = context.value(node, node.element, "value", "1");
        bool ok = name && metricNamespace && value;
        if (value && !value->isExpression() && !parseDouble(value->literal())) {
            context.error(codes::kBadValue, context.where(node, node.element.where),
                          "emit-metric value '" + value->literal() + "' is not a number");
            ok = false;
        }
        std::vector<Dimension> dimensions;
        const auto children = node.element.childElements();
        if (children.size() > kMaxDimensions) {
            context.error(codes::kBadValue, context.where(node, children[kMaxDimensions]->where),
                          "emit-metric takes at most 10 dimensions");
            ok = false;
        }
        for (const auto* child : children) {
            const auto dimensionName = context.value(node, *child, "name");
            if (!dimensionName) {
                ok = false;
                continue;
            }
            Dimension dimension;
            const auto& written = dimensionName->literal();
            dimension.label = text::prometheusLabelName(written);
            if (dimension.label == "namespace" || dimension.label == "name") {
                context.error(codes::kBadValue, context.where(node, child->where),
                              "dimension '" + written + "' would clash with the metric's own '" +
                                  dimension.label + "' label; rename it");
                ok = false;
            }
            for (const auto& other : dimensions) {
                if (other.label == dimension.label) {
                    context.error(codes::kBadValue, context.where(node, child->where),
                                  "dimension '" + written + "' appears twice");
                    ok = false;
                }
            }
            if (child->attribute("value")) {
                dimension.value = context.value(node, *child, "value");
                ok = ok && dimension.value;
            } else if (auto fact = defaultDimension(written);
                       fact && !dimensionName->isExpression()) {
                dimension.fact = std::move(*fact);
            } else {
                context.error(codes::kBadValue, context.where(node, child->where),
                              "dimension '" + written +
                                  "' needs a value: only API ID, Operation ID, Product ID, User "
                                  "ID, Subscription ID, Location and Gateway ID are filled in");
                ok = false;
            }
            dimensions.push_back(std::move(dimension));
        }
        if (!ok)
            return nullptr;
        return std::make_unique<EmitMetricPolicy>(*metricNamespace, *name, std::move(*value),
                                                  std::move(dimensions));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeEmitMetricKind() {
    return std::make_unique<EmitMetricKind>();
}

} // namespace portico::policies
