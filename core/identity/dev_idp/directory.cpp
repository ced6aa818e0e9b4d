#include "core/identity/dev_idp/directory.h"

#include "core/model/identity_loader.h"
#include "core/security/key_hash.h"

#include <algorithm>

namespace portico::identity::dev_idp {

namespace {

// A well-formed hash that no input matches, checked when the user is unknown so that an unknown
// name and a wrong password take the same time.
const std::string& decoyHash() {
    static const std::string hash =
        security::hashSubscriptionKey(security::generateSubscriptionKey());
    return hash;
}

std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto end = text.find(' ', i);
        const auto word = text.substr(i, end == std::string_view::npos ? text.npos : end - i);
        if (!word.empty())
            out.emplace_back(word);
        if (end == std::string_view::npos)
            break;
        i = end + 1;
    }
    return out;
}

bool isOidcScope(std::string_view s) {
    return s == "openid" || s == "profile" || s == "email" || s == "offline_access";
}

} // namespace

Directory::Directory(model::IdentitySettings settings)
    : m_settings(std::move(settings)) {}

const model::IdentityClient* Directory::client(std::string_view id) const {
    return m_settings.findClient(id);
}

const model::IdentityUser* Directory::user(std::string_view username) const {
    return m_settings.findUser(username);
}

bool Directory::allowsGrant(const model::IdentityClient& client, std::string_view grant) const {
    return std::find(client.grantTypes.begin(), client.grantTypes.end(), grant) !=
           client.grantTypes.end();
}

bool Directory::checkSecret(const model::IdentityClient& client, std::string_view secret) const {
    if (client.isPublic() || secret.empty())
        return false;
    return security::verifySubscriptionKey(secret, client.secretHash);
}

const model::IdentityUser* Directory::signIn(std::string_view username,
                                             std::string_view password) const {
    const auto* found = m_settings.findUser(username);
    const bool ok =
        security::verifySubscriptionKey(password, found ? found->passwordHash : decoyHash());
    return found && ok && !password.empty() ? found : nullptr;
}

ScopeResult Directory::delegated(const model::IdentityClient& client,
                                 std::string_view scope) const {
    ScopeResult result;
    GrantedScope granted;
    std::vector<std::string> requested;
    bool wantsDefault = false;
    for (const auto& word : words(scope)) {
        if (isOidcScope(word)) {
            granted.offlineAccess = granted.offlineAccess || word == "offline_access";
            continue;
        }
        const auto p = model::splitPermission(word);
        if (p.resource.empty() || p.permission.empty()) {
            result.error = "The provided value for the input parameter 'scope' is not valid. The "
                           "scope '" +
                           word + "' is not of the form <resource>/<permission>.";
            return result;
        }
        if (!granted.resource.empty() && granted.resource != p.resource) {
            result.error = "The scope '" + std::string(scope) +
                           "' asks for more than one resource; request one resource per token.";
            return result;
        }
        granted.resource = p.resource;
        if (p.permission == ".default")
            wantsDefault = true;
        else
            requested.push_back(p.permission);
    }
    if (granted.resource.empty()) {
        result.error = "The provided value for the input parameter 'scope' is not valid: it names "
                       "no resource (expected e.g. api://orders/Orders.Read).";
        return result;
    }
    for (const auto& own : client.scopes) {
        const auto p = model::splitPermission(own);
        if (p.resource != granted.resource)
            continue;
        const bool asked = wantsDefault || std::find(requested.begin(), requested.end(),
                                                     p.permission) != requested.end();
        if (asked && std::find(granted.permissions.begin(), granted.permissions.end(),
                               p.permission) == granted.permissions.end())
            granted.permissions.push_back(p.permission);
    }
    for (const auto& r : requested) {
        if (std::find(granted.permissions.begin(), granted.permissions.end(), r) ==
            granted.permissions.end()) {
            result.error = "The application '" + client.id + "' may not request the scope '" +
                           granted.resource + "/" + r +
                           "'; add it to the client's scopes in identity/clients.yaml.";
            return result;
        }
    }
    if (granted.permissions.empty()) {
        result.error = "The application '" + client.id + "' has no delegated permissions on '" +
                       granted.resource + "'.";
        return result;
    }
    result.granted = std::move(granted);
    return result;
}

ScopeResult Directory::application(const model::IdentityClient& client,
                                   std::string_view scope) const {
    ScopeResult result;
    const auto list = words(scope);
    const auto p = list.size() == 1 ? model::splitPermission(list.front()) : model::Permission{};
    if (p.resource.empty() || p.permission != ".default") {
        result.error = "The provided value for scope " + std::string(scope) +
                       " is not valid. Client credential flows must have a scope value with "
                       "/.default suffixed to the resource identifier (application ID URI).";
        return result;
    }
    GrantedScope granted;
    granted.resource = p.resource;
    for (const auto& role : client.roles) {
        const auto r = model::splitPermission(role);
        if (r.resource == p.resource)
            granted.permissions.push_back(r.permission);
    }
    result.granted = std::move(granted);
    return result;
}

} // namespace portico::identity::dev_idp
