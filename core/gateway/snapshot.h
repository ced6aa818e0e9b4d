#pragma once

#include "core/gateway/router.h"
#include "core/model/diagnostic.h"
#include "core/model/workspace.h"

#include <cstdint>
#include <memory>
#include <string>

namespace portico::gateway {

// Everything a worker needs to serve requests, compiled once per (re)load and never mutated.
struct Snapshot {
    std::uint64_t version = 0;
    std::string hash;     // SHA-256 over the compiled routes, hex
    std::string loadedAt; // ISO 8601 UTC
    std::string workspaceRoot;
    Router router;
};

struct SnapshotBuild {
    std::shared_ptr<const Snapshot> snapshot; // null when diagnostics has errors
    model::DiagnosticList diagnostics;
};

SnapshotBuild buildSnapshot(const model::Workspace& workspace, std::uint64_t version);

} // namespace portico::gateway
