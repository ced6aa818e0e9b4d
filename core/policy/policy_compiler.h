#pragma once

#include "core/model/diagnostic.h"
#include "core/openapi/specification.h"
#include "core/policy/compiled_policy.h"
#include "core/policy/policy_document.h"
#include "core/policy/policy_value.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace portico::model {
struct Workspace;
}

namespace portico::policy {

class PolicyRegistry;
struct AttributeRule;

// Plain named values by name; nothing for an unknown name. Values are never logged.
using NamedValueLookup = std::function<std::optional<std::string>(std::string_view name)>;

// The names an API takes its subscription key under (api.yaml): part of every call to it, so
// validate-parameters never counts them as unspecified.
struct SubscriptionKeyNames {
    std::string header = "Ocp-Apim-Subscription-Key";
    std::string query = "subscription-key";
};

class CompileContext {
public:
    CompileContext(Section section, const NamedValueLookup& namedValues,
                   const PolicyRegistry& registry, model::DiagnosticList& diagnostics)
        : m_section(section)
        , m_namedValues(namedValues)
        , m_registry(registry)
        , m_diagnostics(diagnostics) {}

    Section section() const { return m_section; }
    // The same named values and diagnostics, for policies nested under another section's rules.
    CompileContext forSection(Section section) const {
        CompileContext nested(section, m_namedValues, m_registry, m_diagnostics);
        nested.m_consumed = m_consumed;
        nested.m_operation = m_operation;
        nested.m_keyNames = m_keyNames;
        nested.m_workspace = m_workspace;
        return nested;
    }
    // The OpenAPI operation whose chain is compiling (mock-response reads its examples);
    // nullptr when there is none.
    const openapi::Operation* operation() const { return m_operation; }
    void setOperation(const openapi::Operation* operation) { m_operation = operation; }
    // The API's subscription key names; APIM's defaults when none were given.
    const SubscriptionKeyNames& subscriptionKeyNames() const;
    void setSubscriptionKeyNames(const SubscriptionKeyNames* names) { m_keyNames = names; }
    // The workspace the chain belongs to (log-to-eventhub checks its loggers); nullptr when a
    // document compiles on its own.
    const model::Workspace* workspace() const { return m_workspace; }
    void setWorkspace(const model::Workspace* workspace) { m_workspace = workspace; }
    const PolicyRegistry& registry() const { return m_registry; }
    void error(const char* code, const model::SourceLocation& where, std::string message);
    bool failed() const { return m_failed; }

    // Text with every {{name}} replaced; nothing (after reporting) when a name is unknown.
    std::optional<std::string> substitute(std::string_view text,
                                          const model::SourceLocation& where);

    // An attribute of `element` with named values substituted; `fallback` when absent.
    std::optional<std::string> text(const PolicyNode& node, const xml::XmlNode& element,
                                    std::string_view name, std::string fallback = {});
    std::optional<bool> flag(const PolicyNode& node, const xml::XmlNode& element,
                             std::string_view name, bool fallback);
    std::optional<std::int64_t> number(const PolicyNode& node, const xml::XmlNode& element,
                                       const AttributeRule& rule, std::int64_t fallback);
    // The element's text with named values substituted.
    std::optional<std::string> innerText(const PolicyNode& node, const xml::XmlNode& element);

    // Like text() and innerText(), for the attributes and texts where APIM accepts a policy
    // expression: named values are substituted first, then an expression is compiled.
    std::optional<PolicyValue> value(const PolicyNode& node, const xml::XmlNode& element,
                                     std::string_view name, std::string fallback = {});
    std::optional<PolicyValue> innerValue(const PolicyNode& node, const xml::XmlNode& element);
    // Whether value()/innerValue() compiled the expression written at `where`.
    bool consumed(const model::SourceLocation& where) const;

    model::SourceLocation where(const PolicyNode& node, xml::TextPosition position) const;

private:
    std::string substituteNames(std::string_view text, const model::SourceLocation& where,
                                bool& ok);
    // Reports an expression in an attribute that takes none (flags, numbers); true if it did.
    bool refuseExpression(const PolicyNode& node, const xml::XmlNode& element,
                          std::string_view name);
    std::optional<PolicyValue> valueOf(std::string_view raw, const model::SourceLocation& where);

    Section m_section;
    const NamedValueLookup& m_namedValues;
    const PolicyRegistry& m_registry;
    model::DiagnosticList& m_diagnostics;
    bool m_failed = false;
    const openapi::Operation* m_operation = nullptr;
    const SubscriptionKeyNames* m_keyNames = nullptr;
    const model::Workspace* m_workspace = nullptr;
    std::shared_ptr<std::vector<model::SourceLocation>> m_consumed =
        std::make_shared<std::vector<model::SourceLocation>>(); // shared with forSection() copies
};

// Compiles a policy list of one section; nothing when any policy failed to compile.
std::optional<CompiledPolicyList> compilePolicies(const std::vector<PolicyNode>& policies,
                                                  CompileContext& context);

// Compiles a merged (effective) document: fragments inlined, no <base/> left.
std::optional<CompiledPipeline> compilePipeline(const PolicyDocument& effective,
                                                const NamedValueLookup& namedValues,
                                                model::DiagnosticList& diagnostics,
                                                const PolicyRegistry* registry = nullptr,
                                                const openapi::Operation* operation = nullptr,
                                                const SubscriptionKeyNames* keyNames = nullptr,
                                                const model::Workspace* workspace = nullptr);

} // namespace portico::policy
