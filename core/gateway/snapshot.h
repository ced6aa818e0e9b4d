#pragma once

#include "core/gateway/entity_facts.h"
#include "core/gateway/named_values.h"
#include "core/gateway/router.h"
#include "core/model/diagnostic.h"
#include "core/model/workspace.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace portico::identity {
class SubscriptionIndex;
}

namespace portico::gateway {

struct EventHubTarget;

// Everything a worker needs to serve requests, compiled once per (re)load and never mutated.
struct Snapshot {
    std::uint64_t version = 0;
    std::string hash;     // SHA-256 over the compiled routes, hex
    std::string loadedAt; // ISO 8601 UTC
    std::string workspaceRoot;
    Router router;
    std::map<std::string, RouteBackend, std::less<>> backends; // for set-backend-service
    // certificates/<id>.yaml for authentication-certificate; null when it cannot be read.
    std::map<std::string, std::shared_ptr<const net::ClientIdentity>, std::less<>> certificates;
    // loggers/<id>.yaml for log-to-eventhub; null when its connection string cannot be used.
    std::map<std::string, std::shared_ptr<const EventHubTarget>, std::less<>> loggers;
    std::vector<std::string> secrets; // resolved secret named values, masked in traces
    std::shared_ptr<const identity::SubscriptionIndex> subscriptions; // never null
    EntityFacts entities; // names and dates policy expressions read
};

struct SnapshotBuild {
    std::shared_ptr<const Snapshot> snapshot; // null when diagnostics has errors
    model::DiagnosticList diagnostics;
};

// Routes and every operation's compiled policy pipelines; `sources` resolves keychain: and
// keyvault: named values (see named_values.h).
SnapshotBuild buildSnapshot(const model::Workspace& workspace, std::uint64_t version,
                            const SecretSources& sources = {});

} // namespace portico::gateway
