#pragma once

#include "core/model/diagnostic.h"
#include "core/policy/policy_document.h"
#include "core/policy/xml/xml_reader.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::policy {

class PolicyRegistry;

struct ParseOptions {
    std::string file;                         // for diagnostics, e.g. apis/orders/policy.xml
    Scope scope = Scope::Global;              // Scope::Fragment expects a <fragment> root
    std::string fragmentId;                   // Fragment documents: the fragment's id
    const PolicyRegistry* registry = nullptr; // nullptr: builtinPolicies()
    xml::XmlLimits limits;
};

// Parses and validates one policy document or fragment. Problems go to `diagnostics`; the
// document is returned whenever the XML itself was readable, so that tools can still show it.
std::optional<PolicyDocument> parsePolicyDocument(std::string_view text,
                                                  const ParseOptions& options,
                                                  model::DiagnosticList& diagnostics);

// Reports policies that APIM does not allow in `section` (e.g. fragment content once inlined).
void checkSectionPlacement(const std::vector<PolicyNode>& policies, Section section,
                           const PolicyRegistry& registry, model::DiagnosticList& diagnostics);

// Reports a second <forward-request> on any path through `policies` (branches are alternatives).
void checkSingleForwardRequest(const std::vector<PolicyNode>& policies,
                               model::DiagnosticList& diagnostics);

} // namespace portico::policy
