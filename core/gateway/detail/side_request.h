#pragma once

// Internal to core/gateway: the HTTP calls policies make besides forwarding (send-request).
#include "core/gateway/options.h"
#include "core/net/detail/asio.h"
#include "core/net/detail/backend_pool.h"
#include "core/policy/compiled_policy.h"

namespace portico::gateway::detail {

using namespace portico::net::detail;

// Sends `work` over the worker's pool (https verified against the system store) and reads the
// whole answer, up to options.maxBufferedResponseBytes. A URL that is not http(s), a refused
// connection, a timeout or an oversized answer come back as outcome.error.
awaitable<policy::AwaitOutcome> sendSideRequest(BackendPool& pool, const policy::HttpWork& work,
                                                const GatewayOptions& options);

} // namespace portico::gateway::detail
