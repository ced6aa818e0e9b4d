#pragma once

// Internal to core/gateway: the state shared by the workers, the admin listener and the
// control thread. Includes Asio; never included from a public header.
#include "core/gateway/access_log.h"
#include "core/gateway/detail/relay_buffers.h"
#include "core/gateway/event_hub_sender.h"
#include "core/gateway/metrics.h"
#include "core/gateway/options.h"
#include "core/gateway/snapshot_holder.h"
#include "core/gateway/trace_store.h"
#include "core/net/detail/asio.h"
#include "core/net/detail/backend_pool.h"
#include "core/net/trusted_proxies.h"
#include "core/secrets/token_cache.h"

#include <boost/asio/ssl/context.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace portico::gateway::detail {

using namespace portico::net::detail;

struct Runtime {
    explicit Runtime(GatewayOptions o, std::size_t workers)
        : options(std::move(o))
        , metrics(workers)
        , eventHubs(options.eventHubConnection, metrics.eventHubEvents) {}
    GatewayOptions options;
    Metrics metrics;
    AccessLog accessLog;
    SnapshotHolder snapshots;
    std::atomic<bool> draining{false};
    TraceStore traces;
    std::string adminAddress; // host:port once the admin listener is bound, for trace links
    std::unique_ptr<asio::ssl::context> tlsServer; // null without --tls-listen
    net::TrustedProxies trustedProxies;            // from options.trustedProxies
    secrets::TokenCache managedIdentityTokens;     // authentication-managed-identity's
    EventHubSender eventHubs; // log-to-eventhub's; last, so that it stops first
};

struct Worker {
    Worker(Runtime& r, std::size_t i)
        : runtime(r)
        , index(i)
        , pool(context) {}
    Runtime& runtime;
    std::size_t index;
    // One thread runs it and only that thread touches its sockets, so the lock around each
    // socket operation is left out; other threads may still post to it (drain, stop, policies'
    // background work), and timers keep theirs.
    asio::io_context context{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO};
    BackendPool pool;
    std::vector<std::unique_ptr<Acceptor>> acceptors; // plain
    std::vector<std::unique_ptr<Acceptor>> tlsAcceptors;
    std::shared_ptr<const Snapshot> snapshot;
    std::uint64_t snapshotVersion = 0;

    const Snapshot& currentSnapshot() {
        return runtime.snapshots.refresh(snapshot, snapshotVersion);
    }
};

// Accepts until the acceptor closes; each connection runs as its own coroutine on the worker.
awaitable<void> acceptLoop(Acceptor& acceptor, Worker& worker, bool tls);

} // namespace portico::gateway::detail
