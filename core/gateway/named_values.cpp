#include "core/gateway/named_values.h"

#include <cstdlib>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

namespace portico::gateway {

namespace {

SecretResolution readSecretFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return {std::nullopt, "its file '" + path.string() + "' cannot be read"};
    std::ostringstream text;
    text << in.rdbuf();
    std::string value = text.str();
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r'))
        value.pop_back(); // editors end files with a newline that is not part of the secret
    return {std::move(value), {}};
}

} // namespace

SecretResolution resolveSecret(const model::SecretReference& reference,
                               const model::Workspace& workspace, const SecretSources& sources) {
    const SecretValues& secrets = sources.values;
    using Kind = model::SecretReference::Kind;
    switch (reference.kind) {
    case Kind::Env:
        if (const char* value = std::getenv(reference.service.c_str()))
            return {std::string(value), {}};
        return {std::nullopt, "environment variable " + reference.service + " is not set"};
    case Kind::File: {
        std::filesystem::path path(reference.service);
        if (path.is_relative())
            path = workspace.root / path;
        return readSecretFile(path);
    }
    case Kind::Keychain:
        if (const auto it = secrets.find(reference.text); it != secrets.end())
            return {it->second, {}};
        return {std::nullopt, "keychain secrets reach the gateway only from the studio "
                              "(--secrets-stdin), and none was given for it"};
    case Kind::KeyVault: {
        if (const auto it = secrets.find(reference.text); it != secrets.end())
            return {it->second, {}};
        if (!sources.keyVault)
            return {std::nullopt, "no Key Vault sign-in is configured (--keyvault-client-id "
                                  "with --keyvault-tenant and --keyvault-client-secret, or "
                                  "--keyvault-managed-identity)"};
        auto fetched = sources.keyVault->secret(reference);
        return {std::move(fetched.value), std::move(fetched.problem)};
    }
    }
    return {std::nullopt, "unknown reference kind"};
}

policy::NamedValueLookup namedValueLookup(const model::Workspace& workspace,
                                          const SecretSources& sources,
                                          model::DiagnosticList& diagnostics,
                                          NamedValueResolution& resolution) {
    // Resolved once per snapshot build, on first use, and reported once per name.
    auto cache = std::make_shared<std::map<std::string, std::optional<std::string>, std::less<>>>();
    return [&workspace, &sources, &diagnostics, &resolution,
            cache](std::string_view name) -> std::optional<std::string> {
        if (const auto it = cache->find(name); it != cache->end())
            return it->second;
        const auto* namedValue = workspace.findNamedValue(name);
        std::optional<std::string> value;
        if (namedValue && namedValue->value) {
            value = namedValue->value;
        } else if (namedValue && namedValue->secret) {
            auto resolved = resolveSecret(*namedValue->secret, workspace, sources);
            if (resolved.value && !resolved.problem.empty()) {
                diagnostics.warning("PT3018", namedValue->origin.where,
                                    "named value '" + namedValue->name + "' (" +
                                        namedValue->secret->text + "): " + resolved.problem);
            }
            if (!resolved.value) {
                diagnostics.warning("PT3016", namedValue->origin.where,
                                    "named value '" + namedValue->name + "' (" +
                                        namedValue->secret->text + ") cannot be resolved: " +
                                        resolved.problem + "; the operations using it answer 500");
                resolution.unresolved.insert(namedValue->name);
            }
            value = std::move(resolved.value);
            if (value)
                resolution.secrets.push_back(*value);
        }
        cache->emplace(std::string(name), value);
        return value;
    };
}

} // namespace portico::gateway
