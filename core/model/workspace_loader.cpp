#include "core/model/workspace_loader.h"

#include "core/identity/http_get.h"
#include "core/model/canonical_yaml.h"
#include "core/model/diagnostic_codes.h"
#include "core/model/identity_loader.h"
#include "core/model/secret_reference.h"
#include "core/model/source_text.h"
#include "core/model/value_rules.h"
#include "core/model/workspace_validator.h"
#include "core/model/xml_text.h"
#include "core/model/yaml_map_reader.h"
#include "core/net/ip_address.h"
#include "core/openapi/import.h"
#include "core/security/key_hash.h"
#include "core/throttle/redis_url.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <system_error>

namespace fs = std::filesystem;

namespace portico::model {

namespace {

constexpr char kYamlHint[] = "; expected valid YAML (check the indentation, the quotes, and "
                             "quote values that contain ': ')";

constexpr std::size_t kMaxYamlFileSize = 1024 * 1024;

class Loader {
public:
    explicit Loader(fs::path root)
        : m_root(std::move(root)) {}

    LoadResult run();

private:
    // Reads a file that must be UTF-8; nothing (and a diagnostic) when it cannot be used.
    std::optional<std::string> readText(const std::string& relative);
    std::optional<YAML::Node> readYaml(const std::string& relative);
    std::optional<std::string> readXml(const std::string& relative, std::string_view rootName);
    // Folder entries sorted by name; nothing when the folder does not exist.
    std::vector<fs::directory_entry> entries(const std::string& relative);
    bool checkEntityId(const std::string& id, const std::string& relative);
    // YAML files named <id>.yaml in a folder; warns about anything else there.
    std::vector<std::pair<std::string, std::string>> yamlFiles(const std::string& folder);

    void loadWorkspaceFile();
    void loadGateways(const YAML::Node& list, const std::string& file);
    void loadRateLimitSettings(const YAML::Node& node, const std::string& file, GatewaySettings& g);
    void loadKeyVaultSettings(const YAML::Node& node, const std::string& file, GatewaySettings& g);
    void loadApis();
    void loadApi(const std::string& id);
    void loadOperations(Api& api, const std::string& folder);
    void loadSpecification(Api& api, const std::string& folder, YamlMapReader& map);
    void loadProducts();
    void loadSubscriptions();
    void loadUsers();
    void loadNamedValues();
    void loadBackends();
    void loadCertificates();
    void loadLoggers();
    void loadFragments();

    // A secret reference at `key`; returns false (with a diagnostic) when malformed.
    bool checkSecret(YamlMapReader& map, std::string_view key, const std::string& value);
    bool checkRelativePath(YamlMapReader& map, std::string_view key, const std::string& value);

    fs::path m_root;
    Workspace m_workspace;
    DiagnosticList m_diagnostics;
};

bool pathExists(const fs::path& path) {
    std::error_code ec;
    return fs::exists(path, ec);
}

std::optional<std::string> Loader::readText(const std::string& relative) {
    std::string error;
    auto text = readTextFile(m_root / relative, error);
    if (!text) {
        m_diagnostics.error(codes::kFileUnreadable, {relative, 0, 0},
                            "cannot read the file: " + error);
        return std::nullopt;
    }
    if (auto bad = findInvalidUtf8(*text)) {
        m_diagnostics.error(codes::kNotUtf8, locate(*text, *bad, relative),
                            "the file is not valid UTF-8 (byte " + std::to_string(*bad) +
                                "); expected UTF-8 text");
        return std::nullopt;
    }
    return text;
}

std::optional<YAML::Node> Loader::readYaml(const std::string& relative) {
    auto text = readText(relative);
    if (!text)
        return std::nullopt;
    if (text->size() > kMaxYamlFileSize) {
        m_diagnostics.error(codes::kMalformedYaml, {relative, 0, 0},
                            "the file has " + std::to_string(text->size()) +
                                " bytes; expected at most 1 MiB for a workspace YAML file");
        return std::nullopt;
    }
    try {
        return YAML::Load(*text);
    } catch (const YAML::ParserException& e) { // includes YAML::DeepRecursion
        const int line = e.mark.line >= 0 ? e.mark.line + 1 : 0;
        const int column = e.mark.column >= 0 ? e.mark.column + 1 : 0;
        m_diagnostics.error(codes::kMalformedYaml, {relative, line, column},
                            "malformed YAML: " + e.msg + kYamlHint);
    } catch (const YAML::Exception& e) {
        m_diagnostics.error(codes::kMalformedYaml, {relative, 1, 1},
                            "malformed YAML: " + e.msg + kYamlHint);
    }
    return std::nullopt;
}

std::optional<std::string> Loader::readXml(const std::string& relative, std::string_view rootName) {
    auto text = readText(relative);
    if (!text)
        return std::nullopt;
    const auto root = findRootElement(*text);
    if (!root || root->name != rootName) {
        m_diagnostics.error(codes::kBadXmlRoot,
                            root ? locate(*text, root->offset, relative)
                                 : SourceLocation{relative, 1, 1},
                            "expected a <" + std::string(rootName) + "> root element" +
                                (root ? ", found <" + root->name + ">" : std::string()));
    }
    return text; // kept even when odd, so that saving writes it back untouched
}

std::vector<fs::directory_entry> Loader::entries(const std::string& relative) {
    std::vector<fs::directory_entry> result;
    const fs::path folder = m_root / relative;
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
        if (pathExists(folder))
            m_diagnostics.error(codes::kFileUnreadable, {relative, 0, 0},
                                "expected a folder, found a file");
        return result;
    }
    fs::directory_iterator it(folder, ec);
    if (ec) {
        m_diagnostics.error(codes::kFileUnreadable, {relative, 0, 0},
                            "cannot list the folder: " + ec.message());
        return result;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec)
            break;
        const std::string name = it->path().filename().string();
        if (!name.empty() && name.front() == '.')
            continue; // editor and VCS files
        result.push_back(*it);
    }
    std::sort(result.begin(), result.end(), [](const auto& a, const auto& b) {
        return a.path().filename() < b.path().filename();
    });
    return result;
}

bool Loader::checkEntityId(const std::string& id, const std::string& relative) {
    const std::string problem = checkId(id);
    if (problem.empty())
        return true;
    m_diagnostics.error(codes::kInvalidId, {relative, 0, 0},
                        "invalid id '" + id + "' in the file name: " + problem);
    return false;
}

std::vector<std::pair<std::string, std::string>> Loader::yamlFiles(const std::string& folder) {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& entry : entries(folder)) {
        const std::string name = entry.path().filename().string();
        const std::string relative = folder + "/" + name;
        std::error_code ec;
        if (entry.is_directory(ec) || entry.path().extension() != ".yaml") {
            m_diagnostics.warning(codes::kUnexpectedFile, {relative, 0, 0},
                                  "unexpected " +
                                      std::string(entry.is_directory(ec) ? "folder" : "file") +
                                      " (ignored); expected <id>.yaml files in " + folder + "/");
            continue;
        }
        const std::string id = entry.path().stem().string();
        if (checkEntityId(id, relative))
            files.emplace_back(id, relative);
    }
    return files;
}

bool Loader::checkSecret(YamlMapReader& map, std::string_view key, const std::string& value) {
    const auto parsed = parseSecretReference(value);
    if (parsed.ok())
        return true;
    map.error(codes::kBadSecretReference, map.offsetLocation(key, parsed.offset),
              "bad secret reference in '" + std::string(key) + "': " + parsed.error);
    return false;
}

bool Loader::checkRelativePath(YamlMapReader& map, std::string_view key, const std::string& value) {
    const fs::path path(value);
    bool ok = !value.empty() && path.is_relative();
    for (const auto& part : path)
        if (part == "..")
            ok = false;
    if (!ok)
        map.error(codes::kInvalidValue, map.valueLocation(key),
                  "expected a relative path inside the workspace for '" + std::string(key) +
                      "' (no leading '/', no '..')");
    return ok;
}

void Loader::loadWorkspaceFile() {
    const std::string file = "portico.yaml";
    Workspace& ws = m_workspace;
    if (!pathExists(m_root / file)) {
        m_diagnostics.error(codes::kMissingFile, {file, 0, 0},
                            "missing portico.yaml; expected it at the workspace root");
        return;
    }
    auto node = readYaml(file);
    if (!node)
        return;
    ws.origin.where = {file, 1, 1};
    YamlMapReader map(*node, file, m_diagnostics, &ws.origin);
    map.string("name", ws.name, true);
    if (!map.has("formatVersion"))
        map.missing("formatVersion", "1");
    else if (map.integer("formatVersion", ws.formatVersion, 0, 1000000) && ws.formatVersion != 1)
        map.error(codes::kUnsupportedFormatVersion, map.valueLocation("formatVersion"),
                  "unsupported formatVersion " + std::to_string(ws.formatVersion) + "; expected 1");
    bool explicitGlobal = false;
    if (map.string("globalPolicy", ws.globalPolicyFile))
        explicitGlobal = checkRelativePath(map, "globalPolicy", ws.globalPolicyFile);
    if (auto gateways = map.sequence("gateways"))
        loadGateways(*gateways, file);
    map.finish();

    if (pathExists(m_root / ws.globalPolicyFile)) {
        if (auto xml = readXml(ws.globalPolicyFile, "policies"))
            ws.globalPolicyXml = std::move(*xml);
    } else if (explicitGlobal) {
        m_diagnostics.error(codes::kMissingFile, map.valueLocation("globalPolicy"),
                            "the global policy file '" + ws.globalPolicyFile +
                                "' does not exist; expected a <policies> XML file");
    }
    ws.origin.canonicalAtLoad = canonicalWorkspaceYaml(ws);
}

void Loader::loadGateways(const YAML::Node& list, const std::string& file) {
    for (std::size_t i = 0; i < list.size(); ++i) {
        GatewaySettings g;
        g.origin.where = yamlLocation(list[i], file);
        YamlMapReader map(list[i], file, m_diagnostics, &g.origin);
        if (!map.isMapping())
            continue;
        if (map.string("name", g.name, true)) {
            if (std::string problem = checkId(g.name); !problem.empty())
                map.error(codes::kInvalidId, map.valueLocation("name"),
                          "invalid gateway name: " + problem);
            const bool duplicate =
                std::any_of(m_workspace.gateways.begin(), m_workspace.gateways.end(),
                            [&](const GatewaySettings& o) { return o.name == g.name; });
            if (duplicate)
                map.error(codes::kDuplicateId, map.valueLocation("name"),
                          "duplicate gateway name '" + g.name + "'; expected unique names");
        }
        auto checkAddresses = [&](std::string_view key, const std::vector<std::string>& values) {
            for (std::size_t k = 0; k < values.size(); ++k)
                if (std::string problem = checkListenAddress(values[k]); !problem.empty())
                    map.error(codes::kInvalidValue,
                              g.origin.at(std::string(key) + "[" + std::to_string(k) + "]"),
                              "bad address in '" + std::string(key) + "': " + problem);
        };
        if (map.stringList("listen", g.listen, true))
            checkAddresses("listen", g.listen);
        if (map.stringList("tlsListen", g.tlsListen, true))
            checkAddresses("tlsListen", g.tlsListen);
        if (g.listen.empty() && g.tlsListen.empty() && !map.has("listen") && !map.has("tlsListen"))
            map.missing("listen", "ADDR:PORT addresses to listen on (or 'tlsListen')");
        map.string("certificate", g.certificate);
        if (map.string("privateKey", g.privateKey) && hasSecretScheme(g.privateKey))
            checkSecret(map, "privateKey", g.privateKey);
        map.string("clientCa", g.clientCa);
        if (map.stringList("trustedProxies", g.trustedProxies, true)) {
            for (std::size_t k = 0; k < g.trustedProxies.size(); ++k)
                if (!net::parseCidr(g.trustedProxies[k]))
                    map.error(codes::kInvalidValue,
                              g.origin.at("trustedProxies[" + std::to_string(k) + "]"),
                              "'" + g.trustedProxies[k] +
                                  "' in 'trustedProxies' is not an IP address or CIDR range; "
                                  "expected e.g. 10.0.0.0/8 or 2001:db8::/32");
        }
        map.choice("clientCertificate", g.clientCertificate,
                   {{"none", std::string("none")},
                    {"optional", std::string("optional")},
                    {"required", std::string("required")}});
        if (!g.tlsListen.empty()) {
            if (g.certificate.empty())
                map.missing("certificate", "a PEM certificate file when 'tlsListen' is set");
            if (g.privateKey.empty())
                map.missing("privateKey", "a private key when 'tlsListen' is set");
        }
        if (map.string("admin", g.admin))
            if (std::string problem = checkListenAddress(g.admin); !problem.empty())
                map.error(codes::kInvalidValue, map.valueLocation("admin"),
                          "bad address in 'admin': " + problem);
        map.integer("threads", g.threads, 0, 1024);
        map.string("accessLog", g.accessLog);
        map.choice("logLevel", g.logLevel,
                   {{"trace", std::string("trace")},
                    {"debug", std::string("debug")},
                    {"info", std::string("info")},
                    {"warning", std::string("warning")},
                    {"error", std::string("error")},
                    {"off", std::string("off")}});
        if (auto rateLimitNode = map.mapping("ratelimit"))
            loadRateLimitSettings(*rateLimitNode, file, g);
        if (auto keyVaultNode = map.mapping("keyVault"))
            loadKeyVaultSettings(*keyVaultNode, file, g);
        map.finish();
        m_workspace.gateways.push_back(std::move(g));
    }
}

void Loader::loadRateLimitSettings(const YAML::Node& node, const std::string& file,
                                   GatewaySettings& g) {
    RateLimitSettings& r = g.rateLimit;
    YamlMapReader map(node, file, m_diagnostics, &g.origin, "ratelimit.");
    if (!map.isMapping())
        return;
    map.choice("store", r.store,
               {{"local", std::string("local")}, {"redis", std::string("redis")}});
    if (map.string("url", r.url)) {
        const auto parsed = throttle::parseRedisUrl(r.url);
        if (!parsed.endpoint)
            map.error(codes::kInvalidValue, map.valueLocation("url"),
                      "bad Redis URL in 'ratelimit.url': " + parsed.error);
        else if (!parsed.endpoint->password.empty())
            map.error(codes::kInvalidValue, map.valueLocation("url"),
                      "'ratelimit.url' carries a password; Portico keeps no secret in clear, so "
                      "use a Redis reachable without one (e.g. on a private network)");
    }
    map.choice("failure", r.failure,
               {{"open", std::string("open")}, {"closed", std::string("closed")}});
    if (r.store == "redis" && r.url.empty())
        map.missing("url", "a redis:// URL when 'store' is redis");
    map.finish();
}

void Loader::loadKeyVaultSettings(const YAML::Node& node, const std::string& file,
                                  GatewaySettings& g) {
    KeyVaultSignInSettings k;
    YamlMapReader map(node, file, m_diagnostics, &g.origin, "keyVault.");
    if (!map.isMapping())
        return;
    map.string("tenantId", k.tenantId);
    map.string("clientId", k.clientId);
    if (map.string("clientSecret", k.clientSecret)) {
        if (!hasSecretScheme(k.clientSecret))
            map.error(codes::kBadSecretReference, map.valueLocation("clientSecret"),
                      "'keyVault.clientSecret' must be a secret reference (keychain:, env: or "
                      "file:); Portico keeps no secret in clear");
        else if (checkSecret(map, "clientSecret", k.clientSecret) &&
                 parseSecretReference(k.clientSecret).reference->kind ==
                     SecretReference::Kind::KeyVault)
            map.error(codes::kBadSecretReference, map.valueLocation("clientSecret"),
                      "'keyVault.clientSecret' cannot itself live in Key Vault; expected "
                      "keychain:, env: or file:");
    }
    map.boolean("managedIdentity", k.managedIdentity);
    if (map.string("authority", k.authority))
        if (std::string problem = identity::checkIdentityUrl(k.authority); !problem.empty())
            map.error(codes::kInvalidValue, map.valueLocation("authority"),
                      "bad URL in 'keyVault.authority': " + problem);
    if (map.string("caFile", k.caFile))
        checkRelativePath(map, "caFile", k.caFile);
    if (k.managedIdentity && (map.has("tenantId") || map.has("clientSecret")))
        map.error(codes::kInvalidValue, g.origin.at("keyVault.managedIdentity"),
                  "'keyVault' signs in either as the managed identity or with tenantId, clientId "
                  "and clientSecret, not both");
    if (!k.managedIdentity) {
        if (k.tenantId.empty())
            map.missing("tenantId", "the Microsoft Entra tenant (or managedIdentity: true)");
        if (k.clientId.empty())
            map.missing("clientId", "the application's client id (or managedIdentity: true)");
        if (k.clientSecret.empty())
            map.missing("clientSecret", "a secret reference to the application's client secret "
                                        "(or managedIdentity: true)");
    }
    map.finish();
    g.keyVault = std::move(k);
}

void Loader::loadApis() {
    for (const auto& entry : entries("apis")) {
        const std::string id = entry.path().filename().string();
        const std::string relative = "apis/" + id;
        std::error_code ec;
        if (!entry.is_directory(ec)) {
            m_diagnostics.warning(codes::kUnexpectedFile, {relative, 0, 0},
                                  "unexpected file (ignored); expected one folder per API in "
                                  "apis/");
            continue;
        }
        if (checkEntityId(id, relative))
            loadApi(id);
    }
}

void Loader::loadApi(const std::string& id) {
    const std::string folder = "apis/" + id;
    const std::string file = folder + "/api.yaml";
    if (!pathExists(m_root / file)) {
        m_diagnostics.error(codes::kMissingFile, {file, 0, 0},
                            "missing api.yaml; expected one in every API folder");
        return;
    }
    auto node = readYaml(file);
    if (!node)
        return;
    Api api;
    api.id = id;
    api.origin.where = {file, 1, 1};
    YamlMapReader map(*node, file, m_diagnostics, &api.origin);
    map.string("displayName", api.displayName, true);
    map.string("description", api.description);
    if (map.string("path", api.path, true))
        if (std::string problem = checkApiPath(api.path); !problem.empty())
            map.error(codes::kInvalidValue, map.valueLocation("path"), "bad API path: " + problem);
    if (map.string("serviceUrl", api.serviceUrl))
        if (std::string problem = checkHttpUrl(api.serviceUrl); !problem.empty())
            map.error(codes::kBadUrl, map.valueLocation("serviceUrl"),
                      "bad URL in 'serviceUrl': " + problem);
    if (map.string("backend", api.backendId)) {
        if (std::string problem = checkId(api.backendId); !problem.empty())
            map.error(codes::kInvalidId, map.valueLocation("backend"),
                      "bad backend id: " + problem);
        if (!api.serviceUrl.empty())
            map.error(codes::kConflictingKeys, map.keyLocation("backend"),
                      "both 'serviceUrl' and 'backend' are set; expected only one of them");
    }
    std::vector<std::string> protocols;
    if (map.stringList("protocols", protocols)) {
        bool ok = !protocols.empty();
        if (!ok)
            map.error(codes::kInvalidValue, map.valueLocation("protocols"),
                      "expected at least one protocol (http, https, ws, wss)");
        for (std::size_t i = 0; i < protocols.size(); ++i)
            if (protocols[i] != "http" && protocols[i] != "https" && protocols[i] != "ws" &&
                protocols[i] != "wss") {
                map.error(codes::kBadEnumValue,
                          api.origin.at("protocols[" + std::to_string(i) + "]"),
                          "unknown protocol '" + protocols[i] +
                              "'; expected one of: http, https, ws, wss");
                ok = false;
            }
        if (ok)
            api.protocols = protocols;
    }
    map.boolean("subscriptionRequired", api.subscriptionRequired);
    if (auto keyNode = map.mapping("subscriptionKey")) {
        YamlMapReader keys(*keyNode, file, m_diagnostics, &api.origin, "subscriptionKey.");
        keys.string("header", api.subscriptionKeyHeaderName);
        keys.string("query", api.subscriptionKeyQueryParamName);
        if (api.subscriptionKeyHeaderName.empty())
            keys.error(codes::kInvalidValue, keys.valueLocation("header"),
                       "expected a non-empty header name for 'subscriptionKey.header'");
        if (api.subscriptionKeyQueryParamName.empty())
            keys.error(codes::kInvalidValue, keys.valueLocation("query"),
                       "expected a non-empty parameter name for 'subscriptionKey.query'");
        keys.finish();
    }
    if (auto versionNode = map.mapping("versioning")) {
        ApiVersioning& v = api.versioning;
        YamlMapReader ver(*versionNode, file, m_diagnostics, &api.origin, "versioning.");
        ver.choice("scheme", v.scheme,
                   {{"none", VersioningScheme::None},
                    {"segment", VersioningScheme::Segment},
                    {"header", VersioningScheme::Header},
                    {"query", VersioningScheme::Query}},
                   true);
        ver.string("version", v.version);
        if (ver.string("versionSet", v.versionSetId))
            if (std::string problem = checkId(v.versionSetId); !problem.empty())
                ver.error(codes::kInvalidId, ver.valueLocation("versionSet"),
                          "bad version set id: " + problem);
        ver.string("headerName", v.headerName);
        ver.string("queryName", v.queryName);
        if (v.scheme != VersioningScheme::None && v.version.empty())
            ver.missing("version", "the version name (e.g. v1) when a scheme is set");
        if (v.scheme == VersioningScheme::Header && v.headerName.empty())
            ver.missing("headerName", "the header carrying the version for scheme 'header'");
        if (v.scheme == VersioningScheme::Query && v.queryName.empty())
            ver.missing("queryName", "the query parameter carrying the version for scheme "
                                     "'query'");
        ver.finish();
    }
    if (auto scopes = map.sequence("oauthScopes")) {
        for (std::size_t i = 0; i < scopes->size(); ++i) {
            const YAML::Node item = (*scopes)[i];
            YamlMapReader scopeMap(item, file, m_diagnostics, nullptr, "oauthScopes.");
            if (!scopeMap.isMapping())
                continue;
            OAuthScope scope;
            if (scopeMap.string("name", scope.name, true)) {
                if (scope.name.empty() || scope.name.find_first_of(" \t\"\\") != std::string::npos)
                    scopeMap.error(codes::kInvalidValue, scopeMap.valueLocation("name"),
                                   "expected a scope name without spaces, quotes or '\\'");
                const bool duplicate =
                    std::any_of(api.oauthScopes.begin(), api.oauthScopes.end(),
                                [&](const OAuthScope& s) { return s.name == scope.name; });
                if (duplicate)
                    scopeMap.error(codes::kDuplicateListItem, scopeMap.valueLocation("name"),
                                   "OAuth scope '" + scope.name +
                                       "' is declared twice; expected each scope once");
            }
            scopeMap.string("description", scope.description);
            scopeMap.finish();
            api.oauthScopes.push_back(std::move(scope));
        }
    }
    if (map.string("specification", api.specificationFile) &&
        checkRelativePath(map, "specification", api.specificationFile))
        loadSpecification(api, folder, map);
    map.finish();

    if (pathExists(m_root / folder / "policy.xml"))
        if (auto xml = readXml(folder + "/policy.xml", "policies"))
            api.policyXml = std::move(*xml);
    loadOperations(api, folder);
    api.origin.canonicalAtLoad = canonicalApiYaml(api);
    m_workspace.apis.push_back(std::move(api));
}

void Loader::loadSpecification(Api& api, const std::string& folder, YamlMapReader& map) {
    const std::string relative = folder + "/" + api.specificationFile;
    if (!pathExists(m_root / relative)) {
        map.error(codes::kMissingFile, map.valueLocation("specification"),
                  "the specification file '" + api.specificationFile +
                      "' does not exist; expected it in " + folder + "/");
        return;
    }
    auto text = readText(relative);
    if (!text)
        return;
    if (auto spec = openapi::parseSpecification(*text, relative, m_diagnostics))
        api.specification = std::move(*spec);
    api.specificationText = std::move(*text);
}

void Loader::loadOperations(Api& api, const std::string& folder) {
    const std::string operations = folder + "/operations";
    for (const auto& entry : entries(operations)) {
        const std::string id = entry.path().filename().string();
        const std::string relative = operations + "/" + id;
        std::error_code ec;
        if (!entry.is_directory(ec)) {
            m_diagnostics.warning(codes::kUnexpectedFile, {relative, 0, 0},
                                  "unexpected file (ignored); expected one folder per operation "
                                  "holding policy.xml");
            continue;
        }
        if (!checkEntityId(id, relative))
            continue;
        if (!pathExists(entry.path() / "policy.xml")) {
            m_diagnostics.warning(codes::kMissingFile, {relative, 0, 0},
                                  "operation folder without policy.xml (ignored)");
            continue;
        }
        if (auto xml = readXml(relative + "/policy.xml", "policies"))
            api.operationPolicies[id] = std::move(*xml);
    }
}

void Loader::loadProducts() {
    for (const auto& entry : entries("products")) {
        const std::string id = entry.path().filename().string();
        const std::string folder = "products/" + id;
        std::error_code ec;
        if (!entry.is_directory(ec)) {
            m_diagnostics.warning(codes::kUnexpectedFile, {folder, 0, 0},
                                  "unexpected file (ignored); expected one folder per product "
                                  "in products/");
            continue;
        }
        if (!checkEntityId(id, folder))
            continue;
        const std::string file = folder + "/product.yaml";
        if (!pathExists(m_root / file)) {
            m_diagnostics.error(codes::kMissingFile, {file, 0, 0},
                                "missing product.yaml; expected one in every product folder");
            continue;
        }
        auto node = readYaml(file);
        if (!node)
            continue;
        Product product;
        product.id = id;
        product.origin.where = {file, 1, 1};
        YamlMapReader map(*node, file, m_diagnostics, &product.origin);
        map.string("displayName", product.displayName, true);
        map.string("description", product.description);
        map.stringList("apis", product.apis);
        map.boolean("subscriptionRequired", product.subscriptionRequired);
        map.boolean("approvalRequired", product.approvalRequired);
        int limit = 0;
        if (map.integer("subscriptionsLimit", limit, 0, 1000000000))
            product.subscriptionsLimit = limit;
        map.choice(
            "state", product.state,
            {{"published", ProductState::Published}, {"notPublished", ProductState::NotPublished}});
        map.finish();
        if (pathExists(m_root / folder / "policy.xml"))
            if (auto xml = readXml(folder + "/policy.xml", "policies"))
                product.policyXml = std::move(*xml);
        product.origin.canonicalAtLoad = canonicalProductYaml(product);
        m_workspace.products.push_back(std::move(product));
    }
}

bool isIsoDate(const std::string& text) {
    // YYYY-MM-DD, optionally followed by 'T' and a time.
    if (text.size() < 10)
        return false;
    for (std::size_t i = 0; i < 10; ++i) {
        const bool dash = i == 4 || i == 7;
        if (dash ? text[i] != '-' : !std::isdigit(static_cast<unsigned char>(text[i])))
            return false;
    }
    return text.size() == 10 || text[10] == 'T';
}

void Loader::loadSubscriptions() {
    for (const auto& [id, file] : yamlFiles("subscriptions")) {
        auto node = readYaml(file);
        if (!node)
            continue;
        Subscription s;
        s.id = id;
        s.origin.where = {file, 1, 1};
        YamlMapReader map(*node, file, m_diagnostics, &s.origin);
        map.string("displayName", s.displayName);
        map.string("scope", s.scope, true);
        map.string("owner", s.owner);
        map.choice("state", s.state,
                   {{"active", SubscriptionState::Active},
                    {"suspended", SubscriptionState::Suspended},
                    {"cancelled", SubscriptionState::Cancelled},
                    {"expired", SubscriptionState::Expired},
                    {"submitted", SubscriptionState::Submitted},
                    {"rejected", SubscriptionState::Rejected}});
        // Keys in clear are refused outright, without echoing them anywhere.
        for (std::string_view clear : {"primaryKey", "secondaryKey"}) {
            if (!map.has(clear))
                continue;
            map.consume(clear);
            map.error(codes::kBadKeyHash, map.keyLocation(clear),
                      "'" + std::string(clear) +
                          "' holds a subscription key in clear, which is never stored; "
                          "expected '" +
                          std::string(clear) + "Hash' with its salted hash (sha256$<salt>$<hash>)");
        }
        auto checkHash = [&](std::string_view key, std::string& out, bool required) {
            if (!map.string(key, out, required && !map.has("primaryKey")))
                return;
            std::string why;
            if (!security::isSubscriptionKeyHash(out, &why)) {
                map.error(codes::kBadKeyHash, map.valueLocation(key),
                          "bad '" + std::string(key) + "': " + why);
                out.clear();
            }
        };
        checkHash("primaryKeyHash", s.primaryKeyHash, true);
        checkHash("secondaryKeyHash", s.secondaryKeyHash, false);
        map.boolean("allowTracing", s.allowTracing);
        for (auto [key, out] :
             {std::pair<std::string_view, std::string*>{"startDate", &s.startDate},
              {"endDate", &s.endDate}})
            if (map.string(key, *out) && !isIsoDate(*out))
                map.error(codes::kInvalidValue, map.valueLocation(key),
                          "expected an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ) for '" +
                              std::string(key) + "'");
        map.finish();
        s.origin.canonicalAtLoad = canonicalSubscriptionYaml(s);
        m_workspace.subscriptions.push_back(std::move(s));
    }
}

void Loader::loadUsers() {
    for (const auto& [id, file] : yamlFiles("users")) {
        auto node = readYaml(file);
        if (!node)
            continue;
        User user;
        user.id = id;
        user.origin.where = {file, 1, 1};
        YamlMapReader map(*node, file, m_diagnostics, &user.origin);
        if (map.string("email", user.email, true))
            if (std::string problem = checkEmail(user.email); !problem.empty())
                map.error(codes::kInvalidValue, map.valueLocation("email"), problem);
        map.string("firstName", user.firstName);
        map.string("lastName", user.lastName);
        map.stringList("groups", user.groups);
        map.choice("state", user.state,
                   {{"active", std::string("active")}, {"blocked", std::string("blocked")}});
        map.finish();
        user.origin.canonicalAtLoad = canonicalUserYaml(user);
        m_workspace.users.push_back(std::move(user));
    }
}

void Loader::loadNamedValues() {
    for (const auto& [id, file] : yamlFiles("named-values")) {
        auto node = readYaml(file);
        if (!node)
            continue;
        NamedValue nv;
        nv.name = id;
        nv.origin.where = {file, 1, 1};
        YamlMapReader map(*node, file, m_diagnostics, &nv.origin);
        map.string("displayName", nv.displayName);
        std::string text;
        if (map.string("value", text))
            nv.value = text;
        if (map.string("secret", text)) {
            if (nv.value)
                map.error(codes::kConflictingKeys, map.keyLocation("secret"),
                          "both 'value' and 'secret' are set; expected only one of them");
            const auto parsed = parseSecretReference(text);
            if (parsed.ok())
                nv.secret = *parsed.reference;
            else
                map.error(codes::kBadSecretReference, map.offsetLocation("secret", parsed.offset),
                          "bad secret reference in 'secret': " + parsed.error);
        } else if (!nv.value && map.isMapping() && !map.has("secret")) {
            map.missing("value", "a plain 'value' or a 'secret' reference");
        }
        map.stringList("tags", nv.tags);
        map.finish();
        nv.origin.canonicalAtLoad = canonicalNamedValueYaml(nv);
        m_workspace.namedValues.push_back(std::move(nv));
    }
}

void Loader::loadBackends() {
    for (const auto& [id, file] : yamlFiles("backends")) {
        auto node = readYaml(file);
        if (!node)
            continue;
        Backend b;
        b.id = id;
        b.origin.where = {file, 1, 1};
        YamlMapReader map(*node, file, m_diagnostics, &b.origin);
        map.string("description", b.description);
        if (map.string("url", b.url, true))
            if (std::string problem = checkHttpUrl(b.url); !problem.empty())
                map.error(codes::kBadUrl, map.valueLocation("url"), "bad URL in 'url': " + problem);
        map.choice("protocol", b.protocol,
                   {{"http", std::string("http")}, {"soap", std::string("soap")}});
        if (auto tlsNode = map.mapping("tls")) {
            YamlMapReader tls(*tlsNode, file, m_diagnostics, &b.origin, "tls.");
            tls.boolean("validateCertificateChain", b.validateCertificateChain);
            tls.boolean("validateCertificateName", b.validateCertificateName);
            if (tls.string("caFile", b.caFile))
                checkRelativePath(tls, "caFile", b.caFile);
            if (tls.string("clientCertificate", b.clientCertificate))
                checkSecret(tls, "clientCertificate", b.clientCertificate);
            tls.finish();
        }
        if (auto credentialsNode = map.mapping("credentials")) {
            YamlMapReader credentials(*credentialsNode, file, m_diagnostics, &b.origin,
                                      "credentials.");
            credentials.string("header", b.credentialsHeaderName, true);
            if (credentials.string("value", b.credentialsReference, true)) {
                if (hasSecretScheme(b.credentialsReference))
                    checkSecret(credentials, "value", b.credentialsReference);
                else if (findNamedValueUses(b.credentialsReference).empty())
                    credentials.error(codes::kBadSecretReference,
                                      credentials.valueLocation("value"),
                                      "expected a secret reference (keychain:, env:, file:, "
                                      "keyvault:) or a {{named-value}} in 'credentials.value'; "
                                      "credentials are never stored in clear");
            }
            credentials.finish();
        }
        map.finish();
        b.origin.canonicalAtLoad = canonicalBackendYaml(b);
        m_workspace.backends.push_back(std::move(b));
    }
}

void Loader::loadCertificates() {
    for (const auto& [id, file] : yamlFiles("certificates")) {
        auto node = readYaml(file);
        if (!node)
            continue;
        Certificate c;
        c.id = id;
        c.origin.where = {file, 1, 1};
        YamlMapReader map(*node, file, m_diagnostics, &c.origin);
        map.string("description", c.description);
        if (map.string("pem", c.pem, true))
            checkSecret(map, "pem", c.pem);
        map.finish();
        c.origin.canonicalAtLoad = canonicalCertificateYaml(c);
        m_workspace.certificates.push_back(std::move(c));
    }
}

void Loader::loadLoggers() {
    for (const auto& [id, file] : yamlFiles("loggers")) {
        auto node = readYaml(file);
        if (!node)
            continue;
        Logger logger;
        logger.id = id;
        logger.origin.where = {file, 1, 1};
        YamlMapReader map(*node, file, m_diagnostics, &logger.origin);
        map.string("description", logger.description);
        map.choice("type", logger.type, {{"azureEventHub", std::string("azureEventHub")}});
        map.string("eventHub", logger.eventHub);
        if (map.string("connectionString", logger.connectionString, true))
            checkSecret(map, "connectionString", logger.connectionString);
        map.finish();
        logger.origin.canonicalAtLoad = canonicalLoggerYaml(logger);
        m_workspace.loggers.push_back(std::move(logger));
    }
}

void Loader::loadFragments() {
    for (const auto& entry : entries("fragments")) {
        const std::string name = entry.path().filename().string();
        const std::string relative = "fragments/" + name;
        std::error_code ec;
        if (entry.is_directory(ec) || entry.path().extension() != ".xml") {
            m_diagnostics.warning(codes::kUnexpectedFile, {relative, 0, 0},
                                  "unexpected entry (ignored); expected <id>.xml files in "
                                  "fragments/");
            continue;
        }
        const std::string id = entry.path().stem().string();
        if (!checkEntityId(id, relative))
            continue;
        if (auto xml = readXml(relative, "fragment")) {
            Fragment f;
            f.id = id;
            f.xml = std::move(*xml);
            f.origin.where = {relative, 1, 1};
            m_workspace.fragments.push_back(std::move(f));
        }
    }
}

LoadResult Loader::run() {
    m_workspace.root = m_root;
    std::error_code ec;
    if (!fs::is_directory(m_root, ec)) {
        m_diagnostics.error(
            codes::kFileUnreadable, {m_root.string(), 0, 0},
            "the workspace folder does not exist; expected a folder holding portico.yaml");
        return {std::move(m_workspace), std::move(m_diagnostics)};
    }
    loadWorkspaceFile();
    loadApis();
    loadProducts();
    loadSubscriptions();
    loadUsers();
    loadNamedValues();
    loadBackends();
    loadCertificates();
    loadLoggers();
    loadFragments();
    loadIdentity(m_root, m_workspace.identity, m_diagnostics);
    validateWorkspace(m_workspace, m_diagnostics);
    m_diagnostics.sortByLocation();
    return {std::move(m_workspace), std::move(m_diagnostics)};
}

} // namespace

LoadResult loadWorkspace(const std::filesystem::path& root) {
    return Loader(root).run();
}

} // namespace portico::model
