#include "core/gateway/snapshot.h"
#include "core/net/detail/tls_context.h"

#include <openssl/evp.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace portico::gateway {

namespace {

std::string sha256Hex(const std::string& data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
    std::string hex;
    static constexpr char kHex[] = "0123456789abcdef";
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(kHex[digest[i] >> 4]);
        hex.push_back(kHex[digest[i] & 15]);
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

} // namespace

SnapshotBuild buildSnapshot(const model::Workspace& workspace, std::uint64_t version) {
    SnapshotBuild build;
    std::vector<RouteApi> apis;
    std::string canonical;
    for (const auto& api : workspace.apis) {
        RouteApi route;
        route.id = api.id;
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
            route.backend.verifyChain = backend->validateCertificateChain;
            route.backend.verifyName = backend->validateCertificateName;
            if (!backend->caFile.empty()) {
                route.backend.caFile = (workspace.root / backend->caFile).string();
            }
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
        for (const auto& operation : api.specification.operations) {
            RouteOperation op;
            op.id = operation.id;
            op.method = operation.method;
            op.urlTemplate = operation.urlTemplate;
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
        apis.push_back(std::move(route));
    }
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->router = Router::build(std::move(apis), build.diagnostics);
    if (build.diagnostics.hasErrors()) {
        return build;
    }
    snapshot->version = version;
    snapshot->hash = sha256Hex(canonical);
    snapshot->loadedAt = nowIso8601();
    snapshot->workspaceRoot = workspace.root.string();
    build.snapshot = std::move(snapshot);
    return build;
}

} // namespace portico::gateway
