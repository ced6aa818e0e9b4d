#pragma once

#include "core/model/diagnostic.h"
#include "core/model/entities.h"
#include "core/net/backend_url.h"
#include "core/policy/expr/expression_context.h"

#include <boost/container/small_vector.hpp>

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::policy {
struct OperationPipelines;
}

namespace portico::net {
class ClientIdentity;
}

namespace portico::gateway {

struct RouteOperation {
    std::string id;
    std::string name;
    std::string method;                      // upper case, or "*" for any
    std::string urlTemplate;                 // /orders/{id}; a final "/*" matches any rest
    std::vector<std::string> parameterNames; // in path order
    std::vector<std::string> requiredScopes; // OAuth scopes from the specification
    std::shared_ptr<const policy::OperationPipelines> pipelines; // never null once snapshotted
    // context.Operation for the requests whose method is the operation's own; the others ("*",
    // HEAD on GET) read their own method there.
    policy::expr::OperationInfo facts;
};

struct RouteBackend {
    net::BackendUrl url;
    bool verifyChain = true;
    bool verifyName = true;
    std::string caFile; // absolute path, empty for the system store
    // backends/<id>.yaml `credentials`: a header added to every request forwarded there, after
    // the policies (they never see it). When its value cannot be resolved the calls answer 500.
    std::string credentialHeader;
    std::string credentialValue;
    bool credentialUnresolved = false;
    // `tls.clientCertificate`: presented to the backend (mutual TLS). When it cannot be read the
    // calls answer 500 rather than go without it.
    std::shared_ptr<const net::ClientIdentity> clientIdentity;
    bool clientIdentityUnresolved = false;
};

struct RouteApi {
    std::string id;
    std::string name;
    std::string path; // no leading or trailing '/'
    model::ApiVersioning versioning;
    RouteBackend backend;
    std::vector<RouteOperation> operations;
    // The API's own chain (no operation scope): serves CORS preflights no operation matches.
    std::shared_ptr<const policy::OperationPipelines> pipelines;
    model::SourceLocation where;
    policy::expr::ApiInfo facts; // context.Api, as every request to it reads it
};

// Where a version-set selector reads its value from; the session implements it over the request.
class VersionSource {
public:
    virtual ~VersionSource() = default;
    virtual std::optional<std::string_view> header(std::string_view name) const = 0;
    virtual std::optional<std::string_view> query(std::string_view name) const = 0;
};

struct RouteMatch {
    enum class Kind { Found, NotFound, MethodNotAllowed };
    Kind kind = Kind::NotFound;
    std::size_t apiIndex = 0;
    std::size_t operationIndex = 0;
    const RouteApi* api = nullptr;
    const RouteOperation* operation = nullptr;
    // name, raw value; held inline while there are no more than four
    boost::container::small_vector<std::pair<std::string_view, std::string_view>, 4> parameters;
    std::string_view remainder; // the request path after the API prefix, "" or starting with '/'
    std::string allow;          // for MethodNotAllowed: "DELETE, GET"
};

// Immutable after build: segment tries for API prefixes and, per API, for operation templates,
// so a lookup costs the path's depth, not the number of operations.
class Router {
public:
    // Conflicting prefixes and unparsable templates are reported; the router is built anyway.
    static Router build(std::vector<RouteApi> apis, model::DiagnosticList& diagnostics);

    RouteMatch match(std::string_view method, std::string_view path,
                     const VersionSource* versions) const;
    const std::vector<RouteApi>& apis() const { return m_apis; }

private:
    struct PrefixNode {
        std::map<std::string, int, std::less<>> children;
        std::vector<int> apis;
    };
    struct OperationNode {
        std::map<std::string, int, std::less<>> literals;
        int parameter = -1;
        int wildcard = -1;
        std::vector<std::pair<std::string, int>> methods; // method -> operation index
    };
    struct OperationTrie {
        std::vector<OperationNode> nodes{1};
    };

    bool selects(const RouteApi& api, const VersionSource* versions) const;
    void addOperation(std::size_t apiIndex, std::size_t operationIndex,
                      model::DiagnosticList& diagnostics);

    std::vector<RouteApi> m_apis;
    std::vector<PrefixNode> m_prefixNodes{1};
    std::vector<OperationTrie> m_operationTries;
};

} // namespace portico::gateway
