#pragma once

#include "core/gateway/detail/runtime.h"

#include <functional>
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
};

awaitable<void> adminAcceptLoop(tcp::acceptor& acceptor, AdminContext& admin);

} // namespace portico::gateway::detail
