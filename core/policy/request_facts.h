#pragma once

#include "core/policy/expr/expression_context.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace portico::policy {

// The certificate a client presented on its TLS connection, as the gateway read it.
struct ClientCertificate {
    std::string thumbprint;       // SHA-1 of the DER encoding, upper-case hex (as APIM shows it)
    std::string serialNumber;     // upper-case hex
    std::string subject;          // "CN=client, O=Org, C=US": most specific part first
    std::string commonName;       // the subject's CN
    std::string issuer;           // the issuer's subject, same form
    std::string issuerThumbprint; // of the issuer in the verified chain; empty when unknown
    std::vector<std::string> dnsNames;  // subject alternative names of type DNS
    std::int64_t notBefore = 0;         // Unix seconds
    std::int64_t notAfter = 0;          // Unix seconds
    bool trusted = false; // the TLS handshake built a chain to a trusted client CA
};

// What the host knows about a request before its pipeline runs and policies only read: the
// matched entities, ids and times. Absent entities stay nullopt (context.Subscription is null).
struct RequestFacts {
    std::string requestId;
    expr::UrlInfo originalUrl; // as the client sent it, before any rewrite
    std::string backendScheme = "http";
    std::string backendHost;
    int backendPort = 80;

    std::optional<expr::SubscriptionInfo> subscription;
    std::optional<expr::NamedInfo> product;
    std::optional<expr::ApiInfo> api;
    std::optional<expr::OperationInfo> operation;
    std::optional<expr::UserInfo> user;
    std::vector<std::string> requiredScopes; // the operation's OAuth scopes
    bool tracingAllowed = false;             // the subscription may trace
    std::optional<ClientCertificate> clientCertificate; // none without TLS or a certificate
    expr::DeploymentInfo deployment;

    std::int64_t timestampTicks = 0; // DateTime ticks (UTC) when the request arrived
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
};

// DateTime ticks (100 ns since 0001-01-01 UTC) for a system clock time.
std::int64_t toDateTimeTicks(std::chrono::system_clock::time_point time);

} // namespace portico::policy
