#pragma once

#include "core/model/diagnostic.h"
#include "core/model/workspace.h"
#include "core/policy/policy_compiler.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace portico::gateway {

// Secret values handed to the gateway by whoever started it (the studio passes keychain secrets
// over stdin), keyed by the reference text, e.g. "keychain:portico/orders-key". Memory only.
using SecretValues = std::map<std::string, std::string>;

// What resolving named values found out, for the snapshot.
struct NamedValueResolution {
    std::vector<std::string> secrets; // every secret value resolved (traces mask them)
    std::set<std::string> unresolved; // names of secrets that could not be resolved
};

// Resolves the workspace's named values for the policy compiler: plain values as written,
// secrets from env: and file: (relative to the workspace) and keychain: from `secrets`. A secret
// that cannot be resolved is reported as warning PT3016 (naming the named value and the
// reference, never a value), recorded in `resolution.unresolved` and treated as unknown, so the
// policies using it do not compile. The lookup refers to its arguments: use it while they live
// (one snapshot build).
policy::NamedValueLookup namedValueLookup(const model::Workspace& workspace,
                                          const SecretValues& secrets,
                                          model::DiagnosticList& diagnostics,
                                          NamedValueResolution& resolution);

} // namespace portico::gateway
