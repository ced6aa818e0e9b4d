#pragma once

#include "core/model/diagnostic.h"
#include "core/openapi/specification.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace portico::model {

// Every entity remembers where it was defined so that diagnostics can point at it.
struct Origin {
    SourceLocation where; // the entity's main file, line 1 col 1 when it has no better place
    // Where individual values were read, e.g. "scope", "owner", "apis[1]", "credentials.value".
    std::map<std::string, SourceLocation> fields;
    // The canonical YAML of the entity as loaded; saving skips a hand-written file while the
    // entity still renders to this text (see workspace_writer.h).
    std::string canonicalAtLoad;

    SourceLocation at(const std::string& field) const {
        auto it = fields.find(field);
        return it == fields.end() ? where : it->second;
    }
};

struct OAuthScope {
    std::string name; // e.g. Orders.Read
    std::string description;
};

enum class VersioningScheme { None, Segment, Header, Query };

struct ApiVersioning {
    VersioningScheme scheme = VersioningScheme::None;
    std::string version;      // e.g. v1
    std::string versionSetId; // APIs sharing a set are versions of one API
    std::string headerName;   // for Header
    std::string queryName;    // for Query
};

struct Api {
    std::string id;
    std::string displayName;
    std::string description;
    std::string path;       // URL suffix after the gateway host, no leading or trailing '/'
    std::string serviceUrl; // backend base URL, or empty when backendId is set
    std::string backendId;
    std::vector<std::string> protocols{"https"};
    bool subscriptionRequired = true;
    std::string subscriptionKeyHeaderName = "Ocp-Apim-Subscription-Key";
    std::string subscriptionKeyQueryParamName = "subscription-key";
    ApiVersioning versioning;
    std::vector<OAuthScope> oauthScopes;
    std::string specificationFile; // relative to the API folder, e.g. openapi.yaml

    std::string policyXml;                                // apis/<id>/policy.xml, empty if absent
    std::map<std::string, std::string> operationPolicies; // operation id -> policy XML
    openapi::Specification specification;                 // parsed from specificationFile
    std::string specificationText;                        // the file as read, saved verbatim

    Origin origin;
};

enum class ProductState { Published, NotPublished };

struct Product {
    std::string id;
    std::string displayName;
    std::string description;
    std::vector<std::string> apis;
    bool subscriptionRequired = true;
    bool approvalRequired = false;
    std::optional<int> subscriptionsLimit;
    ProductState state = ProductState::Published;
    std::string policyXml;
    Origin origin;
};

enum class SubscriptionState { Active, Suspended, Cancelled, Expired, Submitted, Rejected };

struct Subscription {
    std::string id;
    std::string displayName;
    std::string scope; // /products/<id>, /apis/<id> or /apis
    SubscriptionState state = SubscriptionState::Active;
    std::string owner;          // user id, may be empty
    std::string primaryKeyHash; // see core/security/key_hash.h
    std::string secondaryKeyHash;
    bool allowTracing = false;
    std::string startDate; // ISO 8601, may be empty
    std::string endDate;
    Origin origin;
};

struct User {
    std::string id;
    std::string email;
    std::string firstName;
    std::string lastName;
    std::vector<std::string> groups;
    std::string state = "active"; // active | blocked
    Origin origin;
};

// A named value holds either a plain value or a reference to a secret kept elsewhere.
struct SecretReference {
    enum class Kind { Keychain, Env, File, KeyVault };
    Kind kind = Kind::Env;
    std::string text;    // the reference as written, e.g. keychain:portico/orders-api
    std::string service; // keychain service, env name, file path, or vault URL host
    std::string account; // keychain account or Key Vault secret name
    std::string version; // Key Vault secret version, may be empty
};

struct NamedValue {
    std::string name;
    std::string displayName;
    std::optional<std::string> value; // plain value
    std::optional<SecretReference> secret;
    std::vector<std::string> tags;
    Origin origin;
};

struct Backend {
    std::string id;
    std::string description;
    std::string url;
    std::string protocol = "http";
    bool validateCertificateChain = true;
    bool validateCertificateName = true;
    std::string caFile;                // extra trust anchors, relative to the workspace
    std::string clientCertificate;     // secret reference to a PEM (cert + key)
    std::string credentialsHeaderName; // e.g. x-functions-key
    std::string credentialsReference;  // secret reference or {{named-value}}
    Origin origin;
};

// A client certificate the gateway may present to backends (certificates/<id>.yaml), as APIM's
// certificates are: the authentication-certificate policy names it by id or thumbprint.
struct Certificate {
    std::string id;
    std::string description;
    std::string pem; // secret reference to a PEM holding the certificate, its chain and its key
    Origin origin;
};

// Where log-to-eventhub sends events (loggers/<id>.yaml), as APIM's Event Hubs loggers are.
struct Logger {
    std::string id;
    std::string description;
    std::string type = "azureEventHub"; // the only kind so far
    std::string eventHub;               // the event hub's name; the connection string's
                                        // EntityPath when empty
    std::string connectionString;       // secret reference to Endpoint=sb://...;SharedAccessKey...
    Origin origin;
};

struct Fragment {
    std::string id;
    std::string xml; // fragments/<id>.xml, <fragment> root
    Origin origin;
};

struct GatewayListen {
    std::string address; // 127.0.0.1:8080
    bool tls = false;
};

// Where rate-limit and quota counters live (portico.yaml: gateways[].ratelimit).
struct RateLimitSettings {
    std::string store = "local";  // local | redis
    std::string url;              // redis://host[:port][/db], when store is redis
    std::string failure = "open"; // open | closed: what to answer while Redis is unreachable
    bool operator==(const RateLimitSettings&) const = default;
};

// How a gateway signs in to Microsoft Entra ID to read keyvault: named values (see
// docs/gateway.md): a client secret, named by a secret reference, or the Azure managed identity.
struct KeyVaultSignInSettings {
    std::string tenantId;
    std::string clientId;     // the application; with managedIdentity, a user-assigned identity
    std::string clientSecret; // a secret reference (keychain:, env:, file:), never the secret
    bool managedIdentity = false;
    std::string authority; // empty: https://login.microsoftonline.com
    std::string caFile;    // extra trust anchors for Entra ID and Key Vault
    bool operator==(const KeyVaultSignInSettings&) const = default;
};

struct GatewaySettings {
    std::string name;
    std::vector<std::string> listen;    // ADDR:PORT
    std::vector<std::string> tlsListen; // ADDR:PORT
    std::string certificate;            // PEM path
    std::string privateKey;             // secret reference or path
    std::string clientCa;
    std::string clientCertificate = "none"; // none | optional | required
    std::string admin = "127.0.0.1:9090";
    int threads = 0; // 0 = number of cores
    std::string accessLog;
    std::string logLevel = "info";
    // Load balancers whose X-Forwarded-For names the client (CIDR ranges or addresses).
    std::vector<std::string> trustedProxies;
    RateLimitSettings rateLimit;
    std::optional<KeyVaultSignInSettings> keyVault;
    Origin origin;
};

} // namespace portico::model
