#include "core/model/identity_writer.h"

#include "core/model/atomic_file.h"

#include <yaml-cpp/yaml.h>

namespace portico::model {

namespace {

void list(YAML::Emitter& out, const char* key, const std::vector<std::string>& values) {
    if (values.empty())
        return;
    out << YAML::Key << key << YAML::Value << YAML::BeginSeq;
    for (const auto& v : values)
        out << v;
    out << YAML::EndSeq;
}

void text(YAML::Emitter& out, const char* key, const std::string& value) {
    if (!value.empty())
        out << YAML::Key << key << YAML::Value << value;
}

} // namespace

std::string identityClientsYaml(const IdentitySettings& identity) {
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "tenant" << YAML::Value << identity.tenant;
    out << YAML::Key << "accessTokenLifetimeSeconds" << YAML::Value
        << identity.accessTokenLifetimeSeconds;
    out << YAML::Key << "clients" << YAML::Value << YAML::BeginSeq;
    for (const auto& c : identity.clients) {
        out << YAML::BeginMap;
        out << YAML::Key << "id" << YAML::Value << c.id;
        text(out, "displayName", c.displayName);
        text(out, "secretHash", c.secretHash);
        list(out, "grantTypes", c.grantTypes);
        list(out, "redirectUris", c.redirectUris);
        list(out, "scopes", c.scopes);
        list(out, "roles", c.roles);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

std::string identityUsersYaml(const IdentitySettings& identity) {
    YAML::Emitter out;
    out << YAML::BeginMap << YAML::Key << "users" << YAML::Value << YAML::BeginSeq;
    for (const auto& u : identity.users) {
        out << YAML::BeginMap;
        out << YAML::Key << "username" << YAML::Value << u.username;
        text(out, "displayName", u.displayName);
        text(out, "objectId", u.objectId);
        text(out, "passwordHash", u.passwordHash);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

std::string saveIdentity(const std::filesystem::path& root, const IdentitySettings& identity) {
    if (auto why =
            writeFileAtomically(root / "identity" / "clients.yaml", identityClientsYaml(identity));
        !why.empty())
        return "identity/clients.yaml: " + why;
    if (auto why =
            writeFileAtomically(root / "identity" / "users.yaml", identityUsersYaml(identity));
        !why.empty())
        return "identity/users.yaml: " + why;
    return {};
}

} // namespace portico::model
