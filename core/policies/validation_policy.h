#pragma once

#include "core/policy/compiled_policy.h"
#include "core/policy/policy_compiler.h"
#include "core/policy/policy_kind.h"
#include "core/policy/policy_value.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// What APIM's validation policies (validate-content, validate-parameters, validate-headers,
// validate-status-code) share: their actions and how an error is reported.
namespace portico::policies {

enum class ValidationAction { Ignore, Detect, Prevent };

// An action attribute's rule: ignore | prevent | detect.
policy::AttributeRule actionRule(std::string_view name, bool required);

// An action attribute of `element`: a literal checked now, or an expression evaluated per
// request. Unset when the attribute is absent (a child then inherits its parent's action).
class ActionSetting {
public:
    // Nothing after reporting an error.
    static std::optional<ActionSetting> read(const policy::PolicyNode& node,
                                             policy::CompileContext& context,
                                             const policy::xml::XmlNode& element,
                                             std::string_view name);
    bool isSet() const { return m_set; }
    // The action for this request; nothing, with `failure` filled, when an expression fails or
    // yields something else than an action.
    std::optional<ValidationAction> evaluate(policy::RequestContext& context,
                                             policy::PolicyError& failure) const;

private:
    bool m_set = false;
    policy::PolicyValue m_value;
};

// The actions of a validation policy, or of one part of it: one for what the API's definition
// specifies, one for what it does not, and overrides by name (<parameter>, <header>).
struct ActionRules {
    ActionSetting specified;
    ActionSetting unspecified;
    std::vector<std::pair<std::string, ActionSetting>> overrides;
    bool namesIgnoreCase = true; // header names; query and path parameter names compare exactly

    const ActionSetting& actionFor(std::string_view name, bool isSpecified) const;
    // Adds an override for each child of `element` (its `name` and `action`).
    void readOverrides(const policy::PolicyNode& node, policy::CompileContext& context,
                       const policy::xml::XmlNode& element);
};

// One validation error, with the fields of APIM's validation error reference.
struct ValidationError {
    std::string name;           // the parameter, header, content type or status code
    std::string type;           // RequestBody, QueryParameter, ResponseHeader, StatusCode, ...
    std::string rule;           // SizeLimit, Unspecified, IncorrectMessage, ...
    std::string details;        // for the errors variable and the trace, never the client
    std::string publicResponse; // what the client reads when the request is prevented
};

// The public response of an error in a response, or one the client cannot fix: it does not say
// what the backend or the API's schema holds.
inline constexpr std::string_view kInternalValidationError =
    "The request could not be processed due to an internal error. Contact the API owner.";

// APIM's error for a call without an API definition to validate against.
ValidationError missingSchemaError();

class ValidationPolicy : public policy::CompiledPolicy {
protected:
    ValidationPolicy(std::string errorsVariable, policy::Section section)
        : m_errorsVariable(std::move(errorsVariable))
        , m_onRequest(section == policy::Section::Inbound) {}

    // Ignore: nothing. Detect: the error goes to the errors variable (a JArray of APIM's error
    // objects) and the trace, and the request goes on. Prevent: the same, and the failure to
    // return (400 in inbound, 502 elsewhere, with the public response).
    std::optional<policy::PolicyError> report(policy::RequestContext& context,
                                              ValidationAction action,
                                              const ValidationError& error) const;
    // report() with the action `setting` gives this request: nothing to go on, or the run's
    // result when the request stops here (prevented, or the action's expression failed).
    std::optional<policy::RunResult> apply(policy::RequestContext& context,
                                           const ActionSetting& setting,
                                           const ValidationError& error) const;
    bool onRequest() const { return m_onRequest; }

private:
    std::string m_errorsVariable;
    bool m_onRequest;
};

} // namespace portico::policies
