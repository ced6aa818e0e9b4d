#pragma once

#include "core/gateway/named_values.h"
#include "core/gateway/options.h"

#include <memory>
#include <string>

namespace portico::gateway {

// The Key Vault client the --keyvault-* options describe, its client secret resolved from its
// reference (env:, file: relative to the workspace, or keychain: from `given`). Null, with
// `error` naming the reference and why, when the secret cannot be resolved.
std::unique_ptr<secrets::KeyVaultClient>
signInToKeyVault(const GatewayOptions::KeyVaultSignIn& signIn, const model::Workspace& workspace,
                 const SecretValues& given, std::string& error);

} // namespace portico::gateway
