#include "core/model/identity_loader.h"

#include "core/model/diagnostic_codes.h"
#include "core/model/source_text.h"
#include "core/model/value_rules.h"
#include "core/model/yaml_map_reader.h"
#include "core/security/key_hash.h"
#include "core/security/sha256.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <system_error>

namespace portico::model {

namespace {

constexpr std::size_t kMaxFileSize = 1024 * 1024;

bool isTenantText(std::string_view tenant) {
    return !tenant.empty() && tenant.size() <= 253 &&
           std::all_of(tenant.begin(), tenant.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.';
           });
}

bool isUuid(std::string_view text) {
    if (text.size() != 36)
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

bool isLoopbackUrl(std::string_view url) {
    for (std::string_view host : {"http://localhost", "http://127.0.0.1", "http://[::1]"})
        if (url.starts_with(host) &&
            (url.size() == host.size() ||
             std::string_view("/:?").find(url[host.size()]) != std::string_view::npos))
            return true;
    return false;
}

class IdentityReader {
public:
    IdentityReader(const std::filesystem::path& root, IdentitySettings& out,
                   DiagnosticList& diagnostics)
        : m_root(root)
        , m_out(out)
        , m_diagnostics(diagnostics) {}

    void run() {
        if (auto node = readYaml("identity/clients.yaml"))
            readClients(*node, "identity/clients.yaml");
        if (auto node = readYaml("identity/users.yaml"))
            readUsers(*node, "identity/users.yaml");
        for (auto& user : m_out.users)
            if (user.objectId.empty())
                user.objectId = derivedObjectId(m_out.tenant, user.username);
    }

private:
    std::optional<YAML::Node> readYaml(const std::string& relative) {
        std::error_code ec;
        if (!std::filesystem::exists(m_root / relative, ec))
            return std::nullopt;
        std::string error;
        auto text = readTextFile(m_root / relative, error);
        if (!text) {
            m_diagnostics.error(codes::kFileUnreadable, {relative, 0, 0},
                                "cannot read the file: " + error);
            return std::nullopt;
        }
        if (auto bad = findInvalidUtf8(*text)) {
            m_diagnostics.error(codes::kNotUtf8, locate(*text, *bad, relative),
                                "the file is not valid UTF-8; expected UTF-8 text");
            return std::nullopt;
        }
        if (text->size() > kMaxFileSize) {
            m_diagnostics.error(codes::kMalformedYaml, {relative, 0, 0},
                                "the file is larger than 1 MiB; expected a workspace YAML file");
            return std::nullopt;
        }
        try {
            return YAML::Load(*text);
        } catch (const YAML::Exception& e) {
            const int line = e.mark.line >= 0 ? e.mark.line + 1 : 1;
            const int column = e.mark.column >= 0 ? e.mark.column + 1 : 1;
            m_diagnostics.error(codes::kMalformedYaml, {relative, line, column},
                                "malformed YAML: " + e.msg);
        }
        return std::nullopt;
    }

    // A hash field; a field of the same meaning in clear is refused without echoing its value.
    void readHash(YamlMapReader& map, std::string_view clearKey, std::string_view hashKey,
                  std::string& out, bool required) {
        if (map.has(clearKey)) {
            map.consume(clearKey);
            map.error(codes::kBadKeyHash, map.keyLocation(clearKey),
                      "'" + std::string(clearKey) +
                          "' holds a secret in clear, which is never stored; expected '" +
                          std::string(hashKey) +
                          "' with its salted hash (set it with `portico identity`)");
            required = false;
        }
        if (!map.string(hashKey, out, required))
            return;
        std::string why;
        if (!security::isSubscriptionKeyHash(out, &why)) {
            map.error(codes::kBadKeyHash, map.valueLocation(hashKey),
                      "bad '" + std::string(hashKey) + "': " + why);
            out.clear();
        }
    }

    void readPermissions(YamlMapReader& map, std::string_view key, std::vector<std::string>& out) {
        if (!map.stringList(key, out))
            return;
        for (const auto& text : out) {
            const auto p = splitPermission(text);
            if (p.resource.empty() || p.permission.empty() || p.permission == ".default" ||
                text.find_first_of(" \t") != std::string::npos)
                map.error(codes::kInvalidValue, map.valueLocation(key),
                          "'" + text + "' in '" + std::string(key) +
                              "' is not a permission; expected <resource>/<name>, e.g. "
                              "api://orders/Orders.Read");
        }
    }

    void readClients(const YAML::Node& node, const std::string& file) {
        m_out.origin.where = {file, 1, 1};
        YamlMapReader map(node, file, m_diagnostics, &m_out.origin);
        if (!map.isMapping()) {
            m_diagnostics.error(codes::kWrongType, yamlLocation(node, file),
                                "expected a mapping with 'tenant' and 'clients'");
            return;
        }
        if (map.string("tenant", m_out.tenant) && !isTenantText(m_out.tenant)) {
            map.error(codes::kInvalidValue, map.valueLocation("tenant"),
                      "'tenant' must be a tenant GUID or domain name (letters, digits, '-', '.')");
        }
        map.integer("accessTokenLifetimeSeconds", m_out.accessTokenLifetimeSeconds, 300, 86400);
        if (auto list = map.sequence("clients")) {
            for (std::size_t i = 0; i < list->size(); ++i)
                readClient((*list)[i], file, i);
        }
        map.finish();
    }

    void readClient(const YAML::Node& node, const std::string& file, std::size_t index) {
        IdentityClient client;
        const std::string prefix = "clients[" + std::to_string(index) + "].";
        client.origin.where = yamlLocation(node, file);
        YamlMapReader map(node, file, m_diagnostics, &client.origin, prefix);
        if (!map.isMapping()) {
            m_diagnostics.error(codes::kWrongType, yamlLocation(node, file),
                                "expected a client mapping (id, grantTypes, ...)");
            return;
        }
        if (map.string("id", client.id, true)) {
            if (auto why = checkId(client.id); !why.empty())
                map.error(codes::kInvalidId, map.valueLocation("id"),
                          "bad client id '" + client.id + "': " + why);
            else if (m_out.findClient(client.id))
                map.error(codes::kDuplicateListItem, map.valueLocation("id"),
                          "client '" + client.id + "' is defined twice; expected unique ids");
        }
        map.string("displayName", client.displayName);
        readHash(map, "secret", "secretHash", client.secretHash, false);
        if (map.stringList("redirectUris", client.redirectUris)) {
            for (const auto& uri : client.redirectUris) {
                std::string why = checkHttpUrl(uri);
                if (why.empty() && uri.starts_with("http://") && !isLoopbackUrl(uri))
                    why = "http:// is allowed only for loopback addresses; use https://";
                if (!why.empty())
                    map.error(codes::kBadUrl, map.valueLocation("redirectUris"),
                              "bad redirect URI '" + uri + "': " + why);
            }
        }
        if (map.stringList("grantTypes", client.grantTypes)) {
            for (const auto& grant : client.grantTypes) {
                if (std::find(std::begin(kIdentityGrantTypes), std::end(kIdentityGrantTypes),
                              grant) == std::end(kIdentityGrantTypes))
                    map.error(codes::kBadEnumValue, map.valueLocation("grantTypes"),
                              "unknown grant type '" + grant +
                                  "'; expected client_credentials, authorization_code, "
                                  "refresh_token or device_code");
            }
        } else if (!map.has("grantTypes")) {
            map.missing("grantTypes", "a list of grant types");
        }
        readPermissions(map, "scopes", client.scopes);
        readPermissions(map, "roles", client.roles);
        auto grants = [&](std::string_view g) {
            return std::find(client.grantTypes.begin(), client.grantTypes.end(), g) !=
                   client.grantTypes.end();
        };
        if (grants("client_credentials") && client.isPublic())
            map.error(codes::kInvalidValue, map.valueLocation("grantTypes"),
                      "client '" + client.id +
                          "' has no secretHash, so it is a public client and cannot use "
                          "client_credentials; set a secret with `portico identity client secret`");
        if (grants("authorization_code") && client.redirectUris.empty())
            map.error(codes::kMissingKey, map.valueLocation("grantTypes"),
                      "client '" + client.id +
                          "' uses authorization_code and needs at least one redirectUris entry");
        map.finish();
        m_out.clients.push_back(std::move(client));
    }

    void readUsers(const YAML::Node& node, const std::string& file) {
        Origin origin{{file, 1, 1}, {}, {}};
        YamlMapReader map(node, file, m_diagnostics, &origin);
        if (!map.isMapping()) {
            m_diagnostics.error(codes::kWrongType, yamlLocation(node, file),
                                "expected a mapping with 'users'");
            return;
        }
        if (auto list = map.sequence("users")) {
            for (std::size_t i = 0; i < list->size(); ++i)
                readUser((*list)[i], file, i);
        }
        map.finish();
    }

    void readUser(const YAML::Node& node, const std::string& file, std::size_t index) {
        IdentityUser user;
        user.origin.where = yamlLocation(node, file);
        YamlMapReader map(node, file, m_diagnostics, &user.origin,
                          "users[" + std::to_string(index) + "].");
        if (!map.isMapping()) {
            m_diagnostics.error(codes::kWrongType, yamlLocation(node, file),
                                "expected a user mapping (username, passwordHash, ...)");
            return;
        }
        if (map.string("username", user.username, true)) {
            if (user.username.empty() || user.username.size() > 256 ||
                user.username.find_first_of(" \t\r\n<>\"'&") != std::string::npos)
                map.error(codes::kInvalidValue, map.valueLocation("username"),
                          "bad username; expected a sign-in name such as alice@contoso.test "
                          "(no spaces, quotes, '<', '>' or '&')");
            else if (m_out.findUser(user.username))
                map.error(codes::kDuplicateListItem, map.valueLocation("username"),
                          "user '" + user.username +
                              "' is defined twice; expected unique usernames");
        }
        map.string("displayName", user.displayName);
        if (map.string("objectId", user.objectId) && !isUuid(user.objectId)) {
            map.error(codes::kInvalidValue, map.valueLocation("objectId"),
                      "'objectId' must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
            user.objectId.clear();
        }
        readHash(map, "password", "passwordHash", user.passwordHash, true);
        map.finish();
        m_out.users.push_back(std::move(user));
    }

    const std::filesystem::path& m_root;
    IdentitySettings& m_out;
    DiagnosticList& m_diagnostics;
};

} // namespace

Permission splitPermission(std::string_view text) {
    const auto slash = text.rfind('/');
    if (slash == std::string_view::npos)
        return {};
    return {std::string(text.substr(0, slash)), std::string(text.substr(slash + 1))};
}

std::string derivedObjectId(std::string_view tenant, std::string_view username) {
    std::string input = "portico-dev-idp-oid/v1|";
    input.append(tenant).append("|");
    for (char c : username)
        input += c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
    auto digest = security::sha256Of({input});
    digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x50); // UUID version 5 shape
    digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);
    char text[37];
    std::snprintf(text, sizeof text,
                  "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", digest[0],
                  digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
                  digest[8], digest[9], digest[10], digest[11], digest[12], digest[13], digest[14],
                  digest[15]);
    return text;
}

void loadIdentity(const std::filesystem::path& root, IdentitySettings& out,
                  DiagnosticList& diagnostics) {
    IdentityReader(root, out, diagnostics).run();
}

} // namespace portico::model
