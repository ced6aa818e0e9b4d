#include "core/model/canonical_yaml.h"

#include "core/text/ascii.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace portico::model {

namespace {

// Words YAML 1.1 or 1.2 would read as booleans or null.
bool isReservedWord(std::string_view value) {
    for (std::string_view word : {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"})
        if (text::equalsIgnoringAsciiCase(value, word))
            return true;
    return false;
}

// Numbers, dates, times and sexagesimals stay strings only when quoted.
bool looksNumeric(std::string_view value) {
    const char first = value.front();
    if (!std::isdigit(static_cast<unsigned char>(first)) && first != '+' && first != '-' &&
        first != '.')
        return false;
    return std::all_of(value.begin(), value.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) ||
               std::string_view(".:_+-eETZtz").find(c) != std::string_view::npos;
    });
}

bool canBePlain(std::string_view value) {
    if (value.empty() || value.front() == ' ' || value.back() == ' ' || isReservedWord(value) ||
        looksNumeric(value))
        return false;
    const char first = value.front();
    if (!text::isAsciiAlnum(first) && first != '/' && first != '_' &&
        static_cast<unsigned char>(first) < 0x80)
        return false;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (text::isAsciiAlnum(c) || static_cast<unsigned char>(c) >= 0x80)
            continue;
        if (c == ':') {
            if (i + 1 == value.size() || value[i + 1] == ' ')
                return false;
            continue;
        }
        if (std::string_view(" _./@+-(),'!$%&*=;~^?<>").find(c) == std::string_view::npos)
            return false;
    }
    // Non-ASCII line and paragraph separators would break a plain scalar.
    return value.find("\xC2\x85") == std::string_view::npos &&
           value.find("\xE2\x80\xA8") == std::string_view::npos &&
           value.find("\xE2\x80\xA9") == std::string_view::npos;
}

std::string doubleQuoted(std::string_view value) {
    std::string out = "\"";
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\x%02X", static_cast<unsigned char>(c));
                out += buffer;
            } else if (value.substr(i, 2) == "\xC2\x85") {
                out += "\\N";
                ++i;
            } else if (value.substr(i, 3) == "\xE2\x80\xA8") {
                out += "\\L";
                i += 2;
            } else if (value.substr(i, 3) == "\xE2\x80\xA9") {
                out += "\\P";
                i += 2;
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

// Appends "key: value" lines at an indent; list items start with "- ".
class YamlText {
public:
    void string(int indent, std::string_view key, std::string_view value) {
        if (!value.empty())
            line(indent, key, yamlScalar(value));
    }
    void stringAlways(int indent, std::string_view key, std::string_view value) {
        line(indent, key, yamlScalar(value));
    }
    void boolean(int indent, std::string_view key, bool value) {
        line(indent, key, value ? "true" : "false");
    }
    void integer(int indent, std::string_view key, long long value) {
        line(indent, key, std::to_string(value));
    }
    void list(int indent, std::string_view key, const std::vector<std::string>& values) {
        if (values.empty())
            return;
        open(indent, key);
        for (const auto& v : values)
            m_text.append(indent + 2, ' ').append("- ").append(yamlScalar(v)).append("\n");
    }
    void open(int indent, std::string_view key) {
        m_text.append(indent, ' ').append(key).append(":\n");
    }
    // Starts a list item whose first key follows the dash.
    void item(int indent) {
        m_text.append(indent, ' ').append("- ");
        m_itemOpen = true;
    }
    std::string take() { return std::move(m_text); }

private:
    void line(int indent, std::string_view key, std::string_view value) {
        if (m_itemOpen)
            m_itemOpen = false; // the dash already indented this line
        else
            m_text.append(indent, ' ');
        m_text.append(key).append(": ").append(value).append("\n");
    }
    std::string m_text;
    bool m_itemOpen = false;
};

} // namespace

std::string yamlScalar(std::string_view value) {
    return canBePlain(value) ? std::string(value) : doubleQuoted(value);
}

std::string_view versioningSchemeName(VersioningScheme scheme) {
    switch (scheme) {
    case VersioningScheme::None:
        return "none";
    case VersioningScheme::Segment:
        return "segment";
    case VersioningScheme::Header:
        return "header";
    case VersioningScheme::Query:
        return "query";
    }
    return "none";
}

std::string_view productStateName(ProductState state) {
    return state == ProductState::Published ? "published" : "notPublished";
}

std::string_view subscriptionStateName(SubscriptionState state) {
    switch (state) {
    case SubscriptionState::Active:
        return "active";
    case SubscriptionState::Suspended:
        return "suspended";
    case SubscriptionState::Cancelled:
        return "cancelled";
    case SubscriptionState::Expired:
        return "expired";
    case SubscriptionState::Submitted:
        return "submitted";
    case SubscriptionState::Rejected:
        return "rejected";
    }
    return "active";
}

std::string canonicalWorkspaceYaml(const Workspace& workspace) {
    const Workspace defaults;
    const GatewaySettings gatewayDefaults;
    YamlText y;
    y.stringAlways(0, "name", workspace.name);
    y.integer(0, "formatVersion", workspace.formatVersion);
    if (workspace.globalPolicyFile != defaults.globalPolicyFile)
        y.string(0, "globalPolicy", workspace.globalPolicyFile);
    if (!workspace.gateways.empty()) {
        y.open(0, "gateways");
        for (const auto& g : workspace.gateways) {
            y.item(2);
            y.stringAlways(4, "name", g.name);
            y.list(4, "listen", g.listen);
            y.list(4, "tlsListen", g.tlsListen);
            y.string(4, "certificate", g.certificate);
            y.string(4, "privateKey", g.privateKey);
            y.string(4, "clientCa", g.clientCa);
            if (g.clientCertificate != gatewayDefaults.clientCertificate)
                y.string(4, "clientCertificate", g.clientCertificate);
            y.stringAlways(4, "admin", g.admin); // always shown: it is where the studio connects
            if (g.threads != gatewayDefaults.threads)
                y.integer(4, "threads", g.threads);
            y.string(4, "accessLog", g.accessLog);
            if (g.logLevel != gatewayDefaults.logLevel)
                y.string(4, "logLevel", g.logLevel);
            y.list(4, "trustedProxies", g.trustedProxies);
            if (g.rateLimit != gatewayDefaults.rateLimit) {
                y.open(4, "ratelimit");
                y.stringAlways(6, "store", g.rateLimit.store);
                y.string(6, "url", g.rateLimit.url);
                y.stringAlways(6, "failure", g.rateLimit.failure);
            }
            if (g.keyVault) {
                y.open(4, "keyVault");
                y.string(6, "tenantId", g.keyVault->tenantId);
                y.string(6, "clientId", g.keyVault->clientId);
                y.string(6, "clientSecret", g.keyVault->clientSecret);
                if (g.keyVault->managedIdentity)
                    y.boolean(6, "managedIdentity", true);
                y.string(6, "authority", g.keyVault->authority);
                y.string(6, "caFile", g.keyVault->caFile);
            }
        }
    }
    return y.take();
}

std::string canonicalApiYaml(const Api& api) {
    const Api defaults;
    YamlText y;
    y.stringAlways(0, "displayName", api.displayName);
    y.string(0, "description", api.description);
    y.stringAlways(0, "path", api.path);
    y.string(0, "serviceUrl", api.serviceUrl);
    y.string(0, "backend", api.backendId);
    if (api.protocols != defaults.protocols)
        y.list(0, "protocols", api.protocols);
    if (api.subscriptionRequired != defaults.subscriptionRequired)
        y.boolean(0, "subscriptionRequired", api.subscriptionRequired);
    const bool header = api.subscriptionKeyHeaderName != defaults.subscriptionKeyHeaderName;
    const bool query = api.subscriptionKeyQueryParamName != defaults.subscriptionKeyQueryParamName;
    if (header || query) {
        y.open(0, "subscriptionKey");
        if (header)
            y.stringAlways(2, "header", api.subscriptionKeyHeaderName);
        if (query)
            y.stringAlways(2, "query", api.subscriptionKeyQueryParamName);
    }
    const ApiVersioning& v = api.versioning;
    if (v.scheme != VersioningScheme::None || !v.version.empty() || !v.versionSetId.empty() ||
        !v.headerName.empty() || !v.queryName.empty()) {
        y.open(0, "versioning");
        y.stringAlways(2, "scheme", versioningSchemeName(v.scheme));
        y.string(2, "version", v.version);
        y.string(2, "versionSet", v.versionSetId);
        y.string(2, "headerName", v.headerName);
        y.string(2, "queryName", v.queryName);
    }
    if (!api.oauthScopes.empty()) {
        y.open(0, "oauthScopes");
        for (const auto& scope : api.oauthScopes) {
            y.item(2);
            y.stringAlways(4, "name", scope.name);
            y.string(4, "description", scope.description);
        }
    }
    y.string(0, "specification", api.specificationFile);
    return y.take();
}

std::string canonicalProductYaml(const Product& product) {
    const Product defaults;
    YamlText y;
    y.stringAlways(0, "displayName", product.displayName);
    y.string(0, "description", product.description);
    y.list(0, "apis", product.apis);
    if (product.subscriptionRequired != defaults.subscriptionRequired)
        y.boolean(0, "subscriptionRequired", product.subscriptionRequired);
    if (product.approvalRequired != defaults.approvalRequired)
        y.boolean(0, "approvalRequired", product.approvalRequired);
    if (product.subscriptionsLimit)
        y.integer(0, "subscriptionsLimit", *product.subscriptionsLimit);
    if (product.state != defaults.state)
        y.stringAlways(0, "state", productStateName(product.state));
    return y.take();
}

std::string canonicalSubscriptionYaml(const Subscription& subscription) {
    const Subscription defaults;
    YamlText y;
    y.string(0, "displayName", subscription.displayName);
    y.stringAlways(0, "scope", subscription.scope);
    y.string(0, "owner", subscription.owner);
    if (subscription.state != defaults.state)
        y.stringAlways(0, "state", subscriptionStateName(subscription.state));
    y.stringAlways(0, "primaryKeyHash", subscription.primaryKeyHash);
    y.string(0, "secondaryKeyHash", subscription.secondaryKeyHash);
    if (subscription.allowTracing != defaults.allowTracing)
        y.boolean(0, "allowTracing", subscription.allowTracing);
    y.string(0, "startDate", subscription.startDate);
    y.string(0, "endDate", subscription.endDate);
    return y.take();
}

std::string canonicalUserYaml(const User& user) {
    const User defaults;
    YamlText y;
    y.stringAlways(0, "email", user.email);
    y.string(0, "firstName", user.firstName);
    y.string(0, "lastName", user.lastName);
    y.list(0, "groups", user.groups);
    if (user.state != defaults.state)
        y.stringAlways(0, "state", user.state);
    return y.take();
}

std::string canonicalNamedValueYaml(const NamedValue& namedValue) {
    YamlText y;
    y.string(0, "displayName", namedValue.displayName);
    if (namedValue.value)
        y.stringAlways(0, "value", *namedValue.value);
    if (namedValue.secret)
        y.stringAlways(0, "secret", namedValue.secret->text);
    y.list(0, "tags", namedValue.tags);
    return y.take();
}

std::string canonicalBackendYaml(const Backend& backend) {
    const Backend defaults;
    YamlText y;
    y.string(0, "description", backend.description);
    y.stringAlways(0, "url", backend.url);
    if (backend.protocol != defaults.protocol)
        y.stringAlways(0, "protocol", backend.protocol);
    const bool chain = backend.validateCertificateChain != defaults.validateCertificateChain;
    const bool name = backend.validateCertificateName != defaults.validateCertificateName;
    if (chain || name || !backend.caFile.empty() || !backend.clientCertificate.empty()) {
        y.open(0, "tls");
        if (chain)
            y.boolean(2, "validateCertificateChain", backend.validateCertificateChain);
        if (name)
            y.boolean(2, "validateCertificateName", backend.validateCertificateName);
        y.string(2, "caFile", backend.caFile);
        y.string(2, "clientCertificate", backend.clientCertificate);
    }
    if (!backend.credentialsHeaderName.empty() || !backend.credentialsReference.empty()) {
        y.open(0, "credentials");
        y.string(2, "header", backend.credentialsHeaderName);
        y.string(2, "value", backend.credentialsReference);
    }
    return y.take();
}

std::string canonicalCertificateYaml(const Certificate& certificate) {
    YamlText y;
    y.string(0, "description", certificate.description);
    y.stringAlways(0, "pem", certificate.pem);
    return y.take();
}

std::string canonicalLoggerYaml(const Logger& logger) {
    YamlText y;
    y.string(0, "description", logger.description);
    y.stringAlways(0, "type", logger.type);
    y.string(0, "eventHub", logger.eventHub);
    y.stringAlways(0, "connectionString", logger.connectionString);
    return y.take();
}

} // namespace portico::model
