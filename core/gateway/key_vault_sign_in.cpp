#include "core/gateway/key_vault_sign_in.h"

#include "core/model/secret_reference.h"

namespace portico::gateway {

std::unique_ptr<secrets::KeyVaultClient>
signInToKeyVault(const GatewayOptions::KeyVaultSignIn& signIn, const model::Workspace& workspace,
                 const SecretValues& given, std::string& error) {
    secrets::KeyVaultOptions options;
    auto& credential = options.credential;
    credential.kind = signIn.managedIdentity ? secrets::AzureCredential::Kind::ManagedIdentity
                                             : secrets::AzureCredential::Kind::ClientSecret;
    credential.authority = signIn.authority;
    credential.tenantId = signIn.tenantId;
    credential.clientId = signIn.clientId;
    credential.identityEndpoint = signIn.identityEndpoint;
    if (!signIn.managedIdentity) {
        const auto parsed = model::parseSecretReference(signIn.clientSecretReference);
        const auto secret = parsed.ok() ? resolveSecret(*parsed.reference, workspace, {given, {}})
                                        : SecretResolution{std::nullopt, parsed.error};
        if (!secret.value) {
            error = "--keyvault-client-secret " + signIn.clientSecretReference +
                    " cannot be resolved: " + secret.problem;
            return nullptr;
        }
        credential.clientSecret = *secret.value;
    }
    options.http.caFile = signIn.caFile;
    options.http.connectTo = signIn.connectTo;
    options.refreshInterval = signIn.refreshInterval;
    return std::make_unique<secrets::KeyVaultClient>(std::move(options));
}

} // namespace portico::gateway
