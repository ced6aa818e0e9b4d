#pragma once

#include "core/model/diagnostic.h"
#include "core/model/identity.h"

#include <filesystem>

namespace portico::model {

// Reads identity/clients.yaml and identity/users.yaml (both optional) into `out`, reporting
// every problem with file:line:col. Secrets in clear are refused; only salted hashes are read.
void loadIdentity(const std::filesystem::path& root, IdentitySettings& out,
                  DiagnosticList& diagnostics);

// "<resource>/<permission>" split at the last '/'; empty parts when the text has no such shape.
struct Permission {
    std::string resource;   // api://orders
    std::string permission; // Orders.Read
};
Permission splitPermission(std::string_view text);

// An object id for a user who has none written: a UUID-shaped digest of tenant and username.
std::string derivedObjectId(std::string_view tenant, std::string_view username);

} // namespace portico::model
