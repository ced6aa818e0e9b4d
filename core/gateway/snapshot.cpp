#include "core/gateway/snapshot.h"
#include "core/gateway/event_hub_sender.h"

#include "core/model/secret_reference.h"
#include "core/model/xml_text.h"
#include "core/net/client_identity.h"
#include "core/net/detail/tls_context.h"

#include "core/identity/subscription_index.h"
#include "core/policy/workspace_pipelines.h"
#include "core/secrets/event_hub.h"
#include "core/security/sha256.h"
#include "core/text/ascii.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>

namespace portico::gateway {

namespace {

std::string sha256Hex(const std::string& data) {
    std::string hex;
    static constexpr char kHex[] = "0123456789abcdef";
    for (const unsigned char byte : security::sha256Of({data})) {
        hex.push_back(kHex[byte >> 4]);
        hex.push_back(kHex[byte & 15]);
    }
    return hex;
}

std::string nowIso8601() {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

std::string trimSlashes(std::string_view path) {
    while (path.starts_with('/')) {
        path.remove_prefix(1);
    }
    while (path.ends_with('/')) {
        path.remove_suffix(1);
    }
    return std::string(path);
}

// Serves an operation whose policies need a secret this gateway could not resolve: every call
// fails clearly instead of the whole configuration being refused.
class UnavailablePolicy final : public policy::CompiledPolicy {
public:
    explicit UnavailablePolicy(std::string message)
        : m_message(std::move(message)) {}
    policy::RunResult run(policy::RequestContext&) const override {
        return policy::RunResult::fail(error("NamedValueUnavailable", m_message, 500));
    }

private:
    std::string m_message;
};

std::shared_ptr<const policy::OperationPipelines> unavailable(const std::set<std::string>& names) {
    std::string list;
    for (const auto& name : names)
        list += (list.empty() ? "'" : ", '") + name + "'";
    auto failing =
        std::make_unique<UnavailablePolicy>("The gateway cannot resolve named value " + list +
                                            ", which this operation's policies use.");
    failing->describe("gateway", {}, {});
    policy::CompiledPipeline pipeline;
    pipeline.sections[0].push_back(std::move(failing));
    auto pipelines = std::make_shared<policy::OperationPipelines>();
    pipelines->plain = std::make_shared<const policy::CompiledPipeline>(std::move(pipeline));
    pipelines->passThrough = false;
    return pipelines;
}

// Every operation's pipelines. Chains that fail only for want of an unresolved secret get a
// pipeline answering 500 (their "unknown named value" errors are what PT3016 already said);
// any other error stays an error and refuses the snapshot.
policy::WorkspacePipelines compilePipelines(const model::Workspace& workspace,
                                            const policy::NamedValueLookup& namedValues,
                                            const NamedValueResolution& resolution,
                                            model::DiagnosticList& diagnostics) {
    model::DiagnosticList compiled;
    auto pipelines = policy::compileWorkspacePipelines(workspace, namedValues, compiled);
    for (const auto& d : compiled.items()) {
        const bool causedByUnresolved =
            d.code == "PT3303" &&
            std::any_of(resolution.unresolved.begin(), resolution.unresolved.end(),
                        [&](const std::string& name) {
                            return d.message.find("'{{" + name + "}}'") != std::string::npos;
                        });
        if (!causedByUnresolved)
            diagnostics.add(d);
    }
    if (resolution.unresolved.empty())
        return pipelines;
    const auto failing = unavailable(resolution.unresolved);
    for (const auto& api : workspace.apis) {
        for (const auto& operation : api.specification.operations)
            pipelines.try_emplace({api.id, operation.id}, failing);
    }
    return pipelines;
}

// The value of a backend's credentials header: a secret reference, or text with {{named
// values}}. Why not, when it cannot be resolved (never the secret).
SecretResolution backendCredential(const model::Backend& backend, const model::Workspace& workspace,
                                   const SecretSources& sources,
                                   const policy::NamedValueLookup& namedValues) {
    const auto& text = backend.credentialsReference;
    if (model::hasSecretScheme(text)) {
        const auto parsed = model::parseSecretReference(text);
        return parsed.ok() ? resolveSecret(*parsed.reference, workspace, sources)
                           : SecretResolution{std::nullopt, parsed.error};
    }
    std::string value;
    std::size_t from = 0;
    for (const auto& use : model::findNamedValueUses(text)) {
        const auto resolved = namedValues(use.name);
        if (!resolved)
            return {std::nullopt, "named value '" + use.name + "' cannot be resolved"};
        const auto end = text.find("}}", use.offset) + 2;
        value += text.substr(from, use.offset - from) + *resolved;
        from = end;
    }
    return {value + text.substr(from), {}};
}

// The PEM behind a secret reference (a backend's `tls.clientCertificate`, a certificate's `pem`),
// read once per snapshot like every secret. Null after warning PT3016 when it cannot be used.
std::shared_ptr<const net::ClientIdentity>
readClientIdentity(const std::string& reference, const model::SourceLocation& where,
                   const std::string& what, const std::string& consequence,
                   const model::Workspace& workspace, const SecretSources& sources,
                   model::DiagnosticList& diagnostics) {
    const auto parsed = model::parseSecretReference(reference);
    auto pem = parsed.ok() ? resolveSecret(*parsed.reference, workspace, sources)
                           : SecretResolution{std::nullopt, parsed.error};
    std::string problem = pem.problem;
    std::shared_ptr<const net::ClientIdentity> identity;
    if (pem.value)
        identity = net::ClientIdentity::fromPem(*pem.value, problem);
    if (!identity)
        diagnostics.warning("PT3016", where,
                            what + " (" + reference + ") cannot be used: " + problem + "; " +
                                consequence);
    return identity;
}

// A logger's event hub and signing key, from its connection string (a secret reference) read
// once per snapshot. Null after warning PT3016 when it cannot be used.
std::shared_ptr<const EventHubTarget> readEventHubTarget(const model::Logger& logger,
                                                         const model::Workspace& workspace,
                                                         const SecretSources& sources,
                                                         model::DiagnosticList& diagnostics) {
    const auto parsed = model::parseSecretReference(logger.connectionString);
    auto secret = parsed.ok() ? resolveSecret(*parsed.reference, workspace, sources)
                              : SecretResolution{std::nullopt, parsed.error};
    std::string problem = secret.problem;
    std::shared_ptr<EventHubTarget> target;
    if (secret.value) {
        auto connection = secrets::parseEventHubConnectionString(*secret.value);
        problem = connection.error;
        if (connection.connection) {
            auto& c = *connection.connection;
            if (!logger.eventHub.empty() && !c.entityPath.empty() &&
                !text::equalsIgnoringAsciiCase(logger.eventHub, c.entityPath)) // names ignore case
                problem = "it is for event hub '" + c.entityPath + "', not '" + logger.eventHub +
                          "' (eventHub)";
            else if (logger.eventHub.empty() && c.entityPath.empty())
                problem = "it names no event hub (EntityPath) and the logger has no eventHub";
            else
                target = std::make_shared<EventHubTarget>(EventHubTarget{
                    logger.id, c.host, logger.eventHub.empty() ? c.entityPath : logger.eventHub,
                    c.keyName, c.key});
        }
    }
    if (!target)
        diagnostics.warning("PT3016", logger.origin.at("connectionString"),
                            "the connection string of logger '" + logger.id + "' (" +
                                logger.connectionString + ") cannot be used: " + problem +
                                "; log-to-eventhub's events for it are lost");
    return target;
}

// Backend entities as routes get them: TLS checks and credentials, each credential resolved
// (and reported) once however many APIs use the backend.
class BackendSettings {
public:
    BackendSettings(const model::Workspace& workspace, const SecretSources& sources,
                    const policy::NamedValueLookup& namedValues, SnapshotBuild& build,
                    NamedValueResolution& resolution)
        : m_workspace(workspace)
        , m_sources(sources)
        , m_namedValues(namedValues)
        , m_build(build)
        , m_resolution(resolution) {}

    void apply(const model::Backend& backend, RouteBackend& route) {
        route.verifyChain = backend.validateCertificateChain;
        route.verifyName = backend.validateCertificateName;
        if (!backend.caFile.empty())
            route.caFile = (m_workspace.root / backend.caFile).string();
        if (!backend.clientCertificate.empty()) {
            auto [known, fresh] = m_identities.try_emplace(backend.id);
            if (fresh)
                known->second = readIdentity(backend);
            route.clientIdentity = known->second;
            route.clientIdentityUnresolved = !known->second;
        }
        if (backend.credentialsHeaderName.empty())
            return;
        route.credentialHeader = backend.credentialsHeaderName;
        auto [known, fresh] = m_credentials.try_emplace(backend.id);
        if (fresh)
            known->second = resolve(backend);
        route.credentialUnresolved = !known->second;
        route.credentialValue = known->second.value_or(std::string());
    }

private:
    std::optional<std::string> resolve(const model::Backend& backend) {
        auto credential = backendCredential(backend, m_workspace, m_sources, m_namedValues);
        if (!credential.value) {
            m_build.diagnostics.warning("PT3016", backend.origin.at("credentials.value"),
                                        "the credentials of backend '" + backend.id + "' (" +
                                            backend.credentialsReference +
                                            ") cannot be resolved: " + credential.problem +
                                            "; calls forwarded to it answer 500");
            return std::nullopt;
        }
        m_resolution.secrets.push_back(*credential.value); // masked in traces
        return credential.value;
    }

    std::shared_ptr<const net::ClientIdentity> readIdentity(const model::Backend& backend) {
        return readClientIdentity(
            backend.clientCertificate, backend.origin.at("tls.clientCertificate"),
            "the client certificate of backend '" + backend.id + "'",
            "calls forwarded to it answer 500", m_workspace, m_sources, m_build.diagnostics);
    }

    const model::Workspace& m_workspace;
    const SecretSources& m_sources;
    const policy::NamedValueLookup& m_namedValues;
    SnapshotBuild& m_build;
    NamedValueResolution& m_resolution;
    std::map<std::string, std::optional<std::string>> m_credentials; // by backend id
    std::map<std::string, std::shared_ptr<const net::ClientIdentity>> m_identities;
};

} // namespace

SnapshotBuild buildSnapshot(const model::Workspace& workspace, std::uint64_t version,
                            const SecretSources& sources) {
    SnapshotBuild build;
    NamedValueResolution resolution;
    const auto namedValues = namedValueLookup(workspace, sources, build.diagnostics, resolution);
    auto pipelines = compilePipelines(workspace, namedValues, resolution, build.diagnostics);
    BackendSettings backendSettings(workspace, sources, namedValues, build, resolution);
    std::vector<RouteApi> apis;
    std::string canonical;
    for (const auto& api : workspace.apis) {
        RouteApi route;
        route.id = api.id;
        route.name = api.displayName;
        route.path = trimSlashes(api.path);
        route.versioning = api.versioning;
        route.where = api.origin.where;
        std::string url = api.serviceUrl;
        if (!api.backendId.empty()) {
            const auto* backend = workspace.findBackend(api.backendId);
            if (!backend) {
                build.diagnostics.error("PT3010", api.origin.where,
                                        "API '" + api.id + "' refers to unknown backend '" +
                                            api.backendId + "'");
                continue;
            }
            url = backend->url;
            backendSettings.apply(*backend, route.backend);
        }
        if (url.empty()) {
            build.diagnostics.error("PT3011", api.origin.where,
                                    "API '" + api.id +
                                        "' has neither serviceUrl nor backend; the gateway "
                                        "cannot forward its requests");
            continue;
        }
        auto parsed = net::parseBackendUrl(url);
        if (!parsed.url) {
            build.diagnostics.error("PT3012", api.origin.where,
                                    "API '" + api.id + "': " + parsed.error);
            continue;
        }
        if (parsed.url->tls && !route.backend.caFile.empty()) {
            // Checked here so that a bad CA file refuses the (re)load instead of failing requests.
            std::string error;
            if (!net::detail::makeClientTlsContext(
                    {route.backend.caFile, route.backend.verifyChain, route.backend.verifyName},
                    error)) {
                build.diagnostics.error("PT3014", api.origin.where,
                                        "API '" + api.id + "' backend '" + api.backendId +
                                            "': " + error);
                continue;
            }
        }
        route.backend.url = *parsed.url;
        const auto& backendUrl = route.backend.url;
        route.facts = {route.id, route.name, "/" + route.path, route.versioning.version,
                       std::string(backendUrl.tls ? "https" : "http") + "://" +
                           backendUrl.hostHeader + backendUrl.basePath};
        if (const auto it = pipelines.find({api.id, std::string()}); it != pipelines.end())
            route.pipelines = it->second;
        for (const auto& operation : api.specification.operations) {
            RouteOperation op;
            op.id = operation.id;
            op.method = operation.method;
            op.urlTemplate = operation.urlTemplate;
            op.name = operation.summary.empty() ? operation.id : operation.summary;
            op.requiredScopes = operation.requiredScopes;
            op.facts = {op.id, op.name, op.method, op.urlTemplate};
            if (const auto it = pipelines.find({api.id, operation.id}); it != pipelines.end())
                op.pipelines = it->second;
            route.operations.push_back(std::move(op));
        }
        canonical += route.id + "\n/" + route.path + "\n" + url + "\n" + route.backend.caFile +
                     "\n" + (route.backend.verifyChain ? "1" : "0") +
                     (route.backend.verifyName ? "1" : "0") + "\n" +
                     std::to_string(static_cast<int>(route.versioning.scheme)) + " " +
                     route.versioning.version + " " + route.versioning.headerName + " " +
                     route.versioning.queryName + "\n";
        for (const auto& op : route.operations) {
            canonical += op.id + " " + op.method + " " + op.urlTemplate + "\n";
        }
        canonical += api.policyXml;
        for (const auto& [id, xml] : api.operationPolicies)
            canonical += id + "\n" + xml;
        apis.push_back(std::move(route));
    }
    // Policies change what is served as much as routes do (named values stay out: secrets).
    canonical += workspace.globalPolicyXml;
    for (const auto& product : workspace.products)
        canonical += product.id + "\n" + product.policyXml;
    for (const auto& fragment : workspace.fragments)
        canonical += fragment.id + "\n" + fragment.xml;
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->router = Router::build(std::move(apis), build.diagnostics);
    for (const auto& backend : workspace.backends) {
        auto parsed = net::parseBackendUrl(backend.url);
        if (!parsed.url) {
            build.diagnostics.error("PT3012", backend.origin.where,
                                    "backend '" + backend.id + "': " + parsed.error);
            continue;
        }
        RouteBackend route;
        route.url = std::move(*parsed.url);
        backendSettings.apply(backend, route);
        snapshot->backends.emplace(backend.id, std::move(route));
    }
    for (const auto& certificate : workspace.certificates) {
        snapshot->certificates.emplace(
            certificate.id, readClientIdentity(certificate.pem, certificate.origin.at("pem"),
                                               "certificate '" + certificate.id + "'",
                                               "calls whose policies present it answer 500",
                                               workspace, sources, build.diagnostics));
    }
    for (const auto& logger : workspace.loggers)
        snapshot->loggers.emplace(
            logger.id, readEventHubTarget(logger, workspace, sources, build.diagnostics));
    if (build.diagnostics.hasErrors()) {
        return build;
    }
    snapshot->version = version;
    snapshot->hash = sha256Hex(canonical);
    snapshot->loadedAt = nowIso8601();
    snapshot->workspaceRoot = workspace.root.string();
    snapshot->secrets = std::move(resolution.secrets);
    auto index = identity::SubscriptionIndex::build(workspace);
    for (const auto& warning : index.warnings)
        build.diagnostics.warning("PT3017", {"subscriptions", 0, 0}, warning);
    snapshot->subscriptions = std::move(index.index);
    snapshot->entities = collectEntityFacts(workspace);
    build.snapshot = std::move(snapshot);
    return build;
}

} // namespace portico::gateway
