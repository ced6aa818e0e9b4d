#pragma once

#include "core/model/identity.h"

#include <filesystem>
#include <string>

namespace portico::model {

// identity/clients.yaml and identity/users.yaml as YAML text, in a stable order.
std::string identityClientsYaml(const IdentitySettings& identity);
std::string identityUsersYaml(const IdentitySettings& identity);

// Writes both files atomically; an empty string on success, else the reason.
std::string saveIdentity(const std::filesystem::path& root, const IdentitySettings& identity);

} // namespace portico::model
