#include "core/gateway/gateway.h"

#include "core/gateway/detail/admin.h"
#include "core/gateway/detail/runtime.h"
#include "core/gateway/key_vault_sign_in.h"
#include "core/gateway/log.h"
#include "core/gateway/workspace_watcher.h"
#include "core/identity/dev_idp/dev_idp.h"
#include "core/identity/dev_idp/dev_idp_server.h"
#include "core/model/workspace_loader.h"
#include "core/net/detail/tls_context.h"
#include "core/throttle/throttling.h"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sys/socket.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

namespace portico::gateway {

namespace {

using namespace detail;
using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

std::vector<std::string> errorLines(const model::DiagnosticList& diagnostics) {
    std::vector<std::string> lines;
    for (const auto& d : diagnostics.items()) {
        if (d.severity == model::Severity::Error) {
            lines.push_back(d.toString());
        }
    }
    return lines;
}

std::string locationPrefix(const model::SourceLocation& where) {
    if (where.file.empty()) {
        return "portico.yaml: ";
    }
    return where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
           ": ";
}

// Fills what the command line left open from the workspace's `gateways:` entry.
bool applyWorkspaceSettings(GatewayOptions& options, const model::Workspace& workspace,
                            model::RateLimitSettings& rateLimit, std::string& error) {
    const model::GatewaySettings* settings = nullptr;
    if (!options.gatewayName.empty()) {
        for (const auto& g : workspace.gateways) {
            if (g.name == options.gatewayName) {
                settings = &g;
            }
        }
        if (!settings) {
            error = "--gateway: portico.yaml has no gateway named '" + options.gatewayName + "'";
            return false;
        }
    } else if (workspace.gateways.size() == 1) {
        settings = &workspace.gateways.front();
    }
    if (!settings) {
        return true;
    }
    const auto where = locationPrefix(settings->origin.where);
    auto endpoints = [&](const std::vector<std::string>& texts, std::vector<net::Endpoint>& out) {
        for (const auto& text : texts) {
            auto parsed = net::parseEndpoint(text);
            if (!parsed.endpoint) {
                error = where + "gateway '" + settings->name + "': " + parsed.error;
                return false;
            }
            out.push_back(*parsed.endpoint);
        }
        return true;
    };
    if (options.listen.empty() && options.tlsListen.empty()) {
        if (!endpoints(settings->listen, options.listen) ||
            !endpoints(settings->tlsListen, options.tlsListen)) {
            return false;
        }
    }
    auto path = [&](const std::string& value) {
        std::filesystem::path p(value);
        return p.is_absolute() ? value : (workspace.root / p).string();
    };
    if (!options.certificateFile && !settings->certificate.empty()) {
        options.certificateFile = path(settings->certificate);
    }
    if (!options.privateKeyFile && !settings->privateKey.empty()) {
        std::string key = settings->privateKey;
        if (key.starts_with("file:")) {
            key = key.substr(5);
        } else if (key.find(':') != std::string::npos && !std::filesystem::exists(path(key))) {
            error = where + "gateway '" + settings->name + "': privateKey '" + key +
                    "' is a secret reference; the gateway reads only a PEM file path here";
            return false;
        }
        options.privateKeyFile = path(key);
    }
    if (!options.clientCaFile && !settings->clientCa.empty()) {
        options.clientCaFile = path(settings->clientCa);
    }
    if (!options.clientCertificate) {
        if (settings->clientCertificate == "optional") {
            options.clientCertificate = ClientCertificateMode::Optional;
        } else if (settings->clientCertificate == "required") {
            options.clientCertificate = ClientCertificateMode::Required;
        }
    }
    if (!options.admin && !options.adminDisabled && !settings->admin.empty()) {
        if (settings->admin == "off") {
            options.adminDisabled = true;
        } else {
            auto parsed = net::parseEndpoint(settings->admin);
            if (!parsed.endpoint) {
                error = where + "gateway '" + settings->name + "': admin: " + parsed.error;
                return false;
            }
            options.admin = parsed.endpoint;
        }
    }
    if (!options.threads && settings->threads > 0) {
        options.threads = settings->threads;
    }
    if (!options.accessLog && !settings->accessLog.empty()) {
        options.accessLog =
            settings->accessLog == "-" ? settings->accessLog : path(settings->accessLog);
    }
    rateLimit = settings->rateLimit;
    if (options.trustedProxies.empty())
        options.trustedProxies = settings->trustedProxies;
    if (settings->keyVault && !(options.keyVault && options.keyVault->signsIn())) {
        // The command line's --keyvault-* tuning (CA, connect-to, refresh) stays.
        auto& signIn = options.keyVault ? *options.keyVault : options.keyVault.emplace();
        const auto& k = *settings->keyVault;
        signIn.tenantId = k.tenantId;
        signIn.clientId = k.clientId;
        signIn.clientSecretReference = k.clientSecret;
        signIn.managedIdentity = k.managedIdentity;
        if (!k.authority.empty())
            signIn.authority = k.authority;
        if (signIn.caFile.empty() && !k.caFile.empty())
            signIn.caFile = path(k.caFile);
    }
    if (!options.logLevel) {
        const auto& l = settings->logLevel;
        options.logLevel = l == "error"                    ? LogLevel::Error
                           : l == "warning" || l == "warn" ? LogLevel::Warning
                           : l == "debug"                  ? LogLevel::Debug
                                                           : LogLevel::Info;
    }
    return true;
}

// Runs an io_context until it stops. An exception that escapes a handler (a parser that throws
// where it should have reported an error) costs the connection it came from, never the process:
// Asio lets run() go on after one.
void runResilient(asio::io_context& context, const std::string& name) {
    while (true) {
        try {
            context.run();
            return;
        } catch (const std::exception& e) {
            logMessage(LogLevel::Error,
                       name + ": an internal error dropped a connection: " + std::string(e.what()));
        } catch (...) {
            logMessage(LogLevel::Error, name + ": an internal error dropped a connection");
        }
    }
}

// Binds one acceptor per worker on the same port (SO_REUSEPORT): the kernel spreads new
// connections over the workers without a shared accept lock.
bool bindListeners(std::vector<std::unique_ptr<Worker>>& workers, net::Endpoint& endpoint, bool tls,
                   std::string& error) {
    beast::error_code ec;
    const auto address = asio::ip::make_address(endpoint.host, ec);
    if (ec) {
        error = "invalid address '" + endpoint.host + "'";
        return false;
    }
    for (auto& worker : workers) {
        auto acceptor = std::make_unique<Acceptor>(worker->context);
        tcp::endpoint at(address, endpoint.port);
        acceptor->open(at.protocol(), ec);
        if (!ec) {
            acceptor->set_option(asio::socket_base::reuse_address(true), ec);
        }
        if (!ec) {
            acceptor->set_option(ReusePort(true), ec);
        }
        if (!ec) {
            acceptor->bind(at, ec);
        }
        if (!ec) {
            acceptor->listen(asio::socket_base::max_listen_connections, ec);
        }
        if (ec) {
            error = "cannot listen on " + endpoint.toString() + ": " + ec.message();
            return false;
        }
        endpoint.port = acceptor->local_endpoint().port();
        (tls ? worker->tlsAcceptors : worker->acceptors).push_back(std::move(acceptor));
    }
    return true;
}

} // namespace

int runGateway(GatewayOptions options) {
    setLogLevel(options.logLevel.value_or(LogLevel::Info));
    const std::filesystem::path root(options.workspace);
    if (!std::filesystem::is_directory(root)) {
        logMessage(LogLevel::Error, "--workspace: '" + options.workspace + "' is not a folder");
        return 2;
    }
    auto loaded = model::loadWorkspace(root);
    if (loaded.diagnostics.hasErrors()) {
        for (const auto& line : errorLines(loaded.diagnostics)) {
            std::cerr << line << "\n";
        }
        logMessage(LogLevel::Error, "workspace '" + options.workspace + "' has " +
                                        std::to_string(loaded.diagnostics.errorCount()) +
                                        " error(s); not starting");
        return 1;
    }
    std::string error;
    model::RateLimitSettings rateLimit;
    if (!applyWorkspaceSettings(options, loaded.workspace, rateLimit, error)) {
        logMessage(LogLevel::Error, error);
        return 2;
    }
    setLogLevel(options.logLevel.value_or(LogLevel::Info));
    if (options.listen.empty() && options.tlsListen.empty()) {
        options.listen.push_back(net::Endpoint{"127.0.0.1", 8080});
    }
    if (!options.admin && !options.adminDisabled) {
        options.admin = net::Endpoint{"127.0.0.1", 9090};
    }
    const auto threadCount = static_cast<std::size_t>(
        options.threads.value_or(std::max(1u, std::thread::hardware_concurrency())));

    Runtime runtime(options, threadCount);
    if (auto proxies = net::TrustedProxies::parse(options.trustedProxies, error)) {
        runtime.trustedProxies = std::move(*proxies);
    } else {
        logMessage(LogLevel::Error, "trustedProxies: " + error);
        return 2;
    }
    // Throttling policies compile against the store installed now; it outlives reloads, so
    // counters do (a changed ratelimit setting takes a restart).
    auto throttling = throttle::makeThrottling(rateLimit, &runtime.metrics.rateLimitStoreFailures);
    if (!throttling.throttling) {
        logMessage(LogLevel::Error, "ratelimit: " + throttling.error);
        return 2;
    }
    throttling.throttling->setThrottledHook([&runtime](std::string_view policy,
                                                       std::string_view api) {
        runtime.metrics.recordThrottled(std::hash<std::thread::id>{}(std::this_thread::get_id()),
                                        policy, api);
    });
    throttle::installThrottling(throttling.throttling);

    std::unique_ptr<secrets::KeyVaultClient> keyVault;
    if (options.keyVault && !options.keyVault->signsIn()) {
        logMessage(LogLevel::Error, "--keyvault-* options tune a Key Vault sign-in, and none is "
                                    "given: add --keyvault-tenant, --keyvault-client-id and "
                                    "--keyvault-client-secret, --keyvault-managed-identity, or "
                                    "keyVault: in the gateway's portico.yaml entry");
        return 2;
    }
    if (options.keyVault) {
        keyVault =
            signInToKeyVault(*options.keyVault, loaded.workspace, options.secretValues, error);
        if (!keyVault) {
            logMessage(LogLevel::Error, error);
            return 2;
        }
    }
    const SecretSources secretSources{std::move(options.secretValues), keyVault.get()};

    std::uint64_t nextVersion = 1;
    auto build = buildSnapshot(loaded.workspace, nextVersion++, secretSources);
    for (const auto& d : build.diagnostics.items()) {
        if (d.severity == model::Severity::Warning) {
            logDiagnostic(d);
        }
    }
    if (!build.snapshot) {
        for (const auto& line : errorLines(build.diagnostics)) {
            std::cerr << line << "\n";
        }
        logMessage(LogLevel::Error,
                   "workspace '" + options.workspace + "' cannot be served; not starting");
        return 1;
    }
    runtime.snapshots.publish(build.snapshot);
    runtime.metrics.configVersion = build.snapshot->version;
    if (options.accessLog) {
        if (auto problem = runtime.accessLog.open(*options.accessLog); !problem.empty()) {
            logMessage(LogLevel::Error, "--access-log: " + problem);
            return 2;
        }
    }
    if (!options.tlsListen.empty()) {
        if (!options.certificateFile || !options.privateKeyFile) {
            logMessage(LogLevel::Error, "--tls-listen needs --cert and --key");
            return 2;
        }
        net::detail::ServerTlsSettings tls;
        tls.certificateChainFile = *options.certificateFile;
        tls.privateKeyFile = *options.privateKeyFile;
        tls.clientCaFile = options.clientCaFile.value_or("");
        const auto mode = options.clientCertificate.value_or(ClientCertificateMode::None);
        tls.requestClientCertificate = mode != ClientCertificateMode::None;
        tls.requireClientCertificate = mode == ClientCertificateMode::Required;
        runtime.tlsServer = net::detail::makeServerTlsContext(tls, error);
        if (!runtime.tlsServer) {
            logMessage(LogLevel::Error, error);
            return 2;
        }
    }

    std::vector<std::unique_ptr<Worker>> workers;
    for (std::size_t i = 0; i < threadCount; ++i) {
        workers.push_back(std::make_unique<Worker>(runtime, i));
    }
    std::vector<std::string> ready;
    for (auto& endpoint : options.listen) {
        if (!bindListeners(workers, endpoint, false, error)) {
            logMessage(LogLevel::Error, error);
            return 2;
        }
        ready.push_back("portico-gateway: listening on http://" + endpoint.toString());
    }
    for (auto& endpoint : options.tlsListen) {
        if (!bindListeners(workers, endpoint, true, error)) {
            logMessage(LogLevel::Error, error);
            return 2;
        }
        ready.push_back("portico-gateway: listening on https://" + endpoint.toString());
    }

    asio::io_context control{1};
    std::unique_ptr<Acceptor> adminAcceptor;
    // The local identity provider runs on the control thread, like the admin listener.
    std::unique_ptr<identity::dev_idp::DevIdentityProvider> devIdp;
    std::unique_ptr<identity::dev_idp::DevIdpServer> devIdpServer;
    if (options.devIdp) {
        devIdp =
            identity::dev_idp::DevIdentityProvider::create({}, loaded.workspace.identity, error);
        if (devIdp) {
            devIdpServer =
                identity::dev_idp::DevIdpServer::start(control, *options.devIdp, *devIdp, error);
        }
        if (!devIdpServer) {
            logMessage(LogLevel::Error, error);
            return 2;
        }
        devIdp->setBaseUrl("http://" + options.devIdp->toString());
        ready.push_back("portico-gateway: dev identity provider on http://" +
                        options.devIdp->toString() + "/" + loaded.workspace.identity.tenant);
    }
    AdminContext admin{
        runtime, [&]() {
            ReloadOutcome outcome;
            auto reloaded = model::loadWorkspace(root);
            outcome.diagnostics = errorLines(reloaded.diagnostics);
            if (!reloaded.diagnostics.hasErrors()) {
                auto next = buildSnapshot(reloaded.workspace, nextVersion, secretSources);
                for (const auto& d : next.diagnostics.items()) {
                    if (d.severity == model::Severity::Warning) {
                        logDiagnostic(d);
                    }
                }
                auto more = errorLines(next.diagnostics);
                outcome.diagnostics.insert(outcome.diagnostics.end(), more.begin(), more.end());
                if (next.snapshot) {
                    if (devIdp) {
                        devIdp->setIdentity(reloaded.workspace.identity);
                    }
                    ++nextVersion;
                    runtime.snapshots.publish(next.snapshot);
                    runtime.metrics.configVersion = next.snapshot->version;
                    outcome.ok = true;
                    outcome.version = next.snapshot->version;
                    logMessage(LogLevel::Info, "configuration reloaded, version " +
                                                   std::to_string(outcome.version));
                    return outcome;
                }
            }
            ++runtime.metrics.reloadFailures;
            logMessage(LogLevel::Error, "reload refused; version " +
                                            std::to_string(runtime.snapshots.version()) +
                                            " keeps serving");
            for (const auto& line : outcome.diagnostics) {
                logMessage(LogLevel::Error, line);
            }
            return outcome;
        }};
    if (devIdp) {
        admin.rotateDevIdpKeys = [&] {
            auto kid = devIdp->rotateKeys();
            if (kid) {
                logMessage(LogLevel::Info, "dev identity provider: signing with key " + *kid);
            }
            return kid;
        };
    }
    if (options.admin) {
        beast::error_code ec;
        const auto address = asio::ip::make_address(options.admin->host, ec);
        tcp::endpoint at(address, options.admin->port);
        adminAcceptor = std::make_unique<Acceptor>(control);
        adminAcceptor->open(at.protocol(), ec);
        if (!ec) {
            adminAcceptor->set_option(asio::socket_base::reuse_address(true), ec);
        }
        if (!ec) {
            adminAcceptor->bind(at, ec);
        }
        if (!ec) {
            adminAcceptor->listen(asio::socket_base::max_listen_connections, ec);
        }
        if (ec) {
            logMessage(LogLevel::Error, "cannot listen on " + options.admin->toString() +
                                            " (admin): " + ec.message());
            return 2;
        }
        options.admin->port = adminAcceptor->local_endpoint().port();
        runtime.adminAddress = options.admin->toString();
        ready.push_back("portico-gateway: admin on http://" + options.admin->toString());
        asio::co_spawn(control, adminAcceptLoop(*adminAcceptor, admin), asio::detached);
    }

    for (auto& worker : workers) {
        for (auto& acceptor : worker->acceptors) {
            asio::co_spawn(worker->context, acceptLoop(*acceptor, *worker, false), asio::detached);
        }
        for (auto& acceptor : worker->tlsAcceptors) {
            asio::co_spawn(worker->context, acceptLoop(*acceptor, *worker, true), asio::detached);
        }
    }

    // Drain: stop accepting, let in-flight requests finish (up to the grace period), then stop.
    asio::steady_timer drainTimer(control);
    std::function<void(std::chrono::steady_clock::time_point)> waitForIdle;
    waitForIdle = [&](std::chrono::steady_clock::time_point deadline) {
        if (runtime.metrics.inFlightRequests() == 0 ||
            std::chrono::steady_clock::now() >= deadline) {
            for (auto& worker : workers) {
                worker->context.stop();
            }
            control.stop();
            return;
        }
        drainTimer.expires_after(std::chrono::milliseconds(20));
        drainTimer.async_wait([&, deadline](beast::error_code) { waitForIdle(deadline); });
    };
    auto beginDrain = [&] {
        if (runtime.draining.exchange(true)) {
            return;
        }
        logMessage(LogLevel::Info, "draining: no new connections, finishing requests in flight");
        for (auto& worker : workers) {
            asio::post(worker->context, [w = worker.get()] {
                beast::error_code ec;
                for (auto& a : w->acceptors) {
                    a->close(ec);
                }
                for (auto& a : w->tlsAcceptors) {
                    a->close(ec);
                }
            });
        }
        waitForIdle(std::chrono::steady_clock::now() + options.drainTimeout);
    };
    asio::signal_set stopSignals(control, SIGTERM, SIGINT);
    std::function<void()> armStop = [&] {
        stopSignals.async_wait([&](beast::error_code ec, int) {
            if (!ec) {
                beginDrain();
            }
        });
    };
    armStop();
    asio::signal_set reloadSignal(control, SIGHUP);
    std::function<void()> armReload;
    armReload = [&] {
        reloadSignal.async_wait([&](beast::error_code ec, int) {
            if (ec) {
                return;
            }
            admin.reload();
            armReload();
        });
    };
    armReload();
    // Key Vault values are read again when they are older than the refresh interval, so a
    // reload at that pace picks up rotated secrets, as APIM's four-hourly refresh does.
    asio::steady_timer keyVaultRefresh(control);
    std::function<void()> armKeyVaultRefresh = [&] {
        keyVaultRefresh.expires_after(options.keyVault->refreshInterval);
        keyVaultRefresh.async_wait([&](beast::error_code ec) {
            if (ec) {
                return;
            }
            admin.reload();
            armKeyVaultRefresh();
        });
    };
    if (keyVault) {
        armKeyVaultRefresh();
    }
    std::signal(SIGPIPE, SIG_IGN);
    WorkspaceWatcher watcher;
    if (!options.noWatch) {
        if (auto problem =
                watcher.start(root, [&] { asio::post(control, [&] { admin.reload(); }); });
            !problem.empty()) {
            logMessage(LogLevel::Warning, problem + "; reload with SIGHUP or POST /reload");
        }
    }

    std::vector<std::thread> threads;
    for (auto& worker : workers) {
        threads.emplace_back([w = worker.get()] {
            auto guard = asio::make_work_guard(w->context);
            runResilient(w->context, "worker " + std::to_string(w->index));
        });
    }
    for (const auto& line : ready) {
        std::cout << line << "\n";
    }
    std::cout << "portico-gateway: ready, configuration version " << build.snapshot->version << " ("
              << build.snapshot->router.apis().size() << " APIs, " << threadCount << " threads)"
              << std::endl;

    runResilient(control, "control thread");
    watcher.stop();
    for (auto& thread : threads) {
        thread.join();
    }
    runtime.accessLog.close();
    logMessage(LogLevel::Info, "stopped");
    return 0;
}

} // namespace portico::gateway
