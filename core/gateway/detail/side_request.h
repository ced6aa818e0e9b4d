#pragma once

// Internal to core/gateway: the HTTP calls policies make besides forwarding (send-request).
#include "core/gateway/options.h"
#include "core/net/detail/asio.h"
#include "core/net/detail/backend_pool.h"
#include "core/policy/compiled_policy.h"
#include "core/secrets/token_cache.h"

namespace portico::gateway::detail {

using namespace portico::net::detail;

// Sends `work` over the worker's pool (https verified against the system store) and reads the
// whole answer, up to options.maxBufferedResponseBytes. A URL that is not http(s), a refused
// connection, a timeout or an oversized answer come back as outcome.error. With work.bearer,
// the managed identity's token goes along as Authorization (see managedIdentityToken); with
// `identity`, that client certificate is presented to an https server.
awaitable<policy::AwaitOutcome> sendSideRequest(BackendPool& pool, const policy::HttpWork& work,
                                                const GatewayOptions& options,
                                                secrets::TokenCache& tokens,
                                                const net::ClientIdentity* identity = nullptr);

// The managed identity's access token for `work` in outcome.token: from `tokens`, or asked of
// options.identityEndpoint (IMDS's GET with `Metadata: true`) and kept there. A failure is
// logged with its cause and comes back as outcome.error, which names no endpoint.
awaitable<policy::AwaitOutcome> managedIdentityToken(BackendPool& pool,
                                                     const policy::TokenWork& work,
                                                     const GatewayOptions& options,
                                                     secrets::TokenCache& tokens);

} // namespace portico::gateway::detail
