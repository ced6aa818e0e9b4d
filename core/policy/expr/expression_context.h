#pragma once

#include "core/policy/expr/value.h"
#include "core/policy/message_kind.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::policy::expr {

struct UrlInfo {
    std::string scheme; // "https"
    std::string host;
    int port = 443;
    std::string path;                                       // starts with '/'
    std::vector<std::pair<std::string, std::string>> query; // decoded, in request order
};

struct SubscriptionInfo {
    std::string id, name, key, primaryKey, secondaryKey;
    std::optional<std::int64_t> startDate, endDate; // DateTime ticks
};

struct NamedInfo {
    std::string id, name;
};

struct ApiInfo {
    std::string id, name, path, version, serviceUrl;
};

struct OperationInfo {
    std::string id, name, method, urlTemplate;
};

struct UserInfo {
    std::string id, email, firstName, lastName;
    std::vector<NamedInfo> groups;
};

struct LastErrorInfo {
    std::string source, reason, message, scope, section, path, policyId;
};

struct DeploymentInfo {
    std::string region, serviceName, gatewayId;
};

// The client's TLS certificate (context.Request.Certificate), as the gateway read it.
struct CertificateInfo {
    std::string thumbprint;       // SHA-1 of the DER encoding, upper-case hex (as APIM shows it)
    std::string serialNumber;     // upper-case hex
    std::string subject;          // "CN=client, O=Org, C=US": most specific part first
    std::string commonName;       // the subject's CN
    std::string issuer;           // the issuer's subject, same form
    std::string issuerThumbprint; // of the issuer in the verified chain; empty when unknown
    std::vector<std::string> dnsNames; // subject alternative names of type DNS
    std::int64_t notBefore = 0;        // Unix seconds
    std::int64_t notAfter = 0;         // Unix seconds
    bool trusted = false;              // the TLS handshake built a chain to a trusted client CA
};

// What `context` reads during an evaluation. The gateway adapts its request state to this;
// tests use an in-memory one. Pointers returned stay valid for the whole evaluation; nullptr
// means the entity is absent (context.Subscription is null without a subscription).
class ExpressionContext {
public:
    virtual ~ExpressionContext() = default;

    virtual std::string method() const = 0;
    virtual UrlInfo url(bool original) const = 0;
    virtual std::vector<std::string> headerValues(MessageKind message,
                                                  std::string_view name) const = 0;
    // Every header of the message in order, for enumerating `Headers`; hosts that cannot list
    // them return nothing.
    virtual std::vector<std::pair<std::string, std::string>> headerList(MessageKind) const {
        return {};
    }
    virtual std::string ipAddress() const = 0;
    // nullptr without a client certificate (hosts without TLS need not override).
    virtual const CertificateInfo* certificate() const { return nullptr; }
    // The body as text; when preserveContent is false the body may be consumed (APIM semantics).
    virtual std::string body(MessageKind message, bool preserveContent) = 0;
    virtual std::optional<std::string> matchedParameter(std::string_view name) const = 0;
    virtual int statusCode() const = 0;
    virtual std::string statusReason() const = 0;

    virtual std::optional<Value> variable(std::string_view name) const = 0;

    virtual const SubscriptionInfo* subscription() const = 0;
    virtual const NamedInfo* product() const = 0;
    virtual const ApiInfo* api() const = 0;
    virtual const OperationInfo* operation() const = 0;
    virtual const UserInfo* user() const = 0;
    virtual const LastErrorInfo* lastError() const = 0;
    virtual const DeploymentInfo& deployment() const = 0;

    virtual std::string requestId() const = 0;
    virtual std::int64_t timestampTicks() const = 0; // when the request arrived, UTC
    virtual std::int64_t elapsedTicks() const = 0;
    virtual std::int64_t nowTicks() const = 0; // DateTime.UtcNow; a seam for tests

    virtual void trace(std::string_view source, std::string_view message) = 0;
};

} // namespace portico::policy::expr
