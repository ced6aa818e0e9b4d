#pragma once

#include "core/policy/expr/expression_context.h"
#include "core/policy/fact.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace portico::policy {

// The certificate a client presented on its TLS connection, as the gateway read it.
using ClientCertificate = expr::CertificateInfo;

// What the host knows about a request before its pipeline runs and policies only read: the
// matched entities, ids and times. Absent entities stay empty (context.Subscription is null).
struct RequestFacts {
    std::string requestId;
    expr::UrlInfo originalUrl; // as the client sent it, before any rewrite
    std::string backendScheme = "http";
    std::string backendHost;
    int backendPort = 80;

    std::optional<expr::SubscriptionInfo> subscription; // always its own: it has the key presented
    Fact<expr::NamedInfo> product;
    Fact<expr::ApiInfo> api;
    Fact<expr::OperationInfo> operation;
    Fact<expr::UserInfo> user;
    std::span<const std::string> requiredScopes; // the operation's OAuth scopes, in its snapshot
    bool tracingAllowed = false;                 // the subscription may trace
    Fact<ClientCertificate> clientCertificate;   // none without TLS or a certificate
    expr::DeploymentInfo deployment;

    std::int64_t timestampTicks = 0; // DateTime ticks (UTC) when the request arrived
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
};

// DateTime ticks (100 ns since 0001-01-01 UTC) for a system clock time.
std::int64_t toDateTimeTicks(std::chrono::system_clock::time_point time);

} // namespace portico::policy
