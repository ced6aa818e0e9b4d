#pragma once

#include "core/model/diagnostic.h"
#include "core/model/workspace.h"
#include "core/policy/policy_compiler.h"
#include "core/secrets/key_vault_client.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace portico::gateway {

// Secret values handed to the gateway by whoever started it (the studio passes keychain secrets
// over stdin), keyed by the reference text, e.g. "keychain:portico/orders-key". Memory only.
using SecretValues = std::map<std::string, std::string>;

// Where secret named values come from besides env: and file:.
struct SecretSources {
    SecretValues values;                         // keychain: (and any reference) from the studio
    secrets::KeyVaultClient* keyVault = nullptr; // keyvault:, when a sign-in is configured
};

struct SecretResolution {
    std::optional<std::string> value;
    std::string problem; // why there is no value (or why it is an old one), never secret text
};

// One secret reference: env:, file: (relative to the workspace), or from `sources`.
SecretResolution resolveSecret(const model::SecretReference& reference,
                               const model::Workspace& workspace, const SecretSources& sources);

// What resolving named values found out, for the snapshot.
struct NamedValueResolution {
    std::vector<std::string> secrets; // every secret value resolved (traces mask them)
    std::set<std::string> unresolved; // names of secrets that could not be resolved
};

// Resolves the workspace's named values for the policy compiler: plain values as written,
// secrets from env: and file: (relative to the workspace), keychain: from `sources.values` and
// keyvault: from `sources.values` or else Key Vault itself. A Key Vault value kept after a failed
// refresh is warning PT3018. A secret that cannot be resolved is reported as warning PT3016 (naming
// the named value and the reference, never a value), recorded in `resolution.unresolved` and
// treated as unknown, so the policies using it do not compile. The lookup refers to its arguments:
// use it while they live (one snapshot build).
policy::NamedValueLookup namedValueLookup(const model::Workspace& workspace,
                                          const SecretSources& sources,
                                          model::DiagnosticList& diagnostics,
                                          NamedValueResolution& resolution);

} // namespace portico::gateway
