#pragma once

#include "core/gateway/detail/runtime.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace portico::gateway::detail {

struct ReloadOutcome {
    bool ok = false;
    std::uint64_t version = 0;
    std::vector<std::string> diagnostics; // "file:line:col: error: ..."
};

// The admin listener: /health, /ready, /metrics, /config, POST /reload. Runs on the control
// thread, so a reload never competes with the workers for their event loops.
struct AdminContext {
    Runtime& runtime;
    std::function<ReloadOutcome()> reload;
    // POST /dev-idp/rotate-keys: the new signing kid, or nothing on failure. Empty without
    // --dev-idp.
    std::function<std::optional<std::string>()> rotateDevIdpKeys = {};
};

awaitable<void> adminAcceptLoop(Acceptor& acceptor, AdminContext& admin);

} // namespace portico::gateway::detail
