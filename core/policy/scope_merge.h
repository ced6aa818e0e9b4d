#pragma once

#include "core/model/diagnostic.h"
#include "core/policy/policy_document.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace portico::policy {

class PolicyRegistry;

// Parsed fragments by id.
using FragmentSet = std::map<std::string, PolicyDocument, std::less<>>;

// Merges the documents of one call's scopes, broadest first (global, product, API, operation;
// nullptr where a scope has no document). In each section a <base/> is replaced by the parent
// scopes' merged section; a section without <base/> replaces what it inherits; a section left out
// of a document inherits unchanged. Fragments are then inlined. The result has no <base/> and no
// <include-fragment>, and every policy keeps its origin.
PolicyDocument mergeScopes(const std::vector<const PolicyDocument*>& chain,
                           const FragmentSet& fragments, model::DiagnosticList& diagnostics,
                           const PolicyRegistry* registry = nullptr);

// Inlines every <include-fragment> of `policies`, reporting unknown fragments and cycles.
std::vector<PolicyNode> inlineFragments(const std::vector<PolicyNode>& policies,
                                        const FragmentSet& fragments,
                                        model::DiagnosticList& diagnostics);

struct PolicySource {
    std::string file; // for diagnostics
    std::string text; // the XML as read
};

// Everything the effective policy of one operation depends on. Product policies apply only to
// calls made with a product-scoped subscription, so the caller leaves `product` empty otherwise.
struct EffectivePolicyInput {
    std::optional<PolicySource> global;
    std::optional<PolicySource> product;
    std::optional<PolicySource> api;
    std::optional<PolicySource> operation;
    std::map<std::string, PolicySource, std::less<>> fragments; // by fragment id
};

// Parses every document, then merges them; nothing when any document has errors.
std::optional<PolicyDocument> effectivePolicy(const EffectivePolicyInput& input,
                                              model::DiagnosticList& diagnostics,
                                              const PolicyRegistry* registry = nullptr);

} // namespace portico::policy
