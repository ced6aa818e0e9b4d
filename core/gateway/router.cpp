#include "core/gateway/router.h"

#include <algorithm>
#include <span>

namespace portico::gateway {

namespace {

// Splits "/a/b/c" into views; empty segments are dropped (paths are normalised before routing).
template <class Segments> void splitSegments(std::string_view path, Segments& out) {
    while (!path.empty()) {
        const auto slash = path.find('/');
        const auto segment = path.substr(0, slash);
        if (!segment.empty()) {
            out.push_back(segment);
        }
        if (slash == std::string_view::npos) {
            break;
        }
        path.remove_prefix(slash + 1);
    }
}

bool isParameterSegment(std::string_view segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}' &&
           segment.find_first_of("{}", 1) == segment.size() - 1;
}

// A lookup's working lists live on the stack while a path is no deeper than these sizes: a
// match costs no allocation.
using PathSegments = boost::container::small_vector<std::string_view, 16>;

struct Walk {
    std::span<const std::string_view> segments;
    std::string_view method;
    boost::container::small_vector<std::string_view, 8> captured;
    int found = -1;                                  // operation index with a matching method
    boost::container::small_vector<int, 4> pathOnly; // nodes matching the path but not the method
};

} // namespace

Router Router::build(std::vector<RouteApi> apis, model::DiagnosticList& diagnostics) {
    Router router;
    router.m_apis = std::move(apis);
    router.m_operationTries.resize(router.m_apis.size());
    std::vector<std::string_view> segments;
    for (std::size_t i = 0; i < router.m_apis.size(); ++i) {
        const auto& api = router.m_apis[i];
        segments.clear();
        splitSegments(api.path, segments);
        std::string versionSegment;
        if (api.versioning.scheme == model::VersioningScheme::Segment &&
            !api.versioning.version.empty()) {
            versionSegment = api.versioning.version;
            segments.push_back(versionSegment);
        }
        int node = 0;
        for (const auto segment : segments) {
            auto& children = router.m_prefixNodes[static_cast<std::size_t>(node)].children;
            auto it = children.find(segment);
            if (it == children.end()) {
                const int next = static_cast<int>(router.m_prefixNodes.size());
                router.m_prefixNodes[static_cast<std::size_t>(node)].children.emplace(
                    std::string(segment), next);
                router.m_prefixNodes.emplace_back();
                node = next;
            } else {
                node = it->second;
            }
        }
        auto& here = router.m_prefixNodes[static_cast<std::size_t>(node)].apis;
        for (const int other : here) {
            const auto& o = router.m_apis[static_cast<std::size_t>(other)];
            const bool sameSelector = o.versioning.scheme == api.versioning.scheme &&
                                      o.versioning.version == api.versioning.version &&
                                      o.versioning.headerName == api.versioning.headerName &&
                                      o.versioning.queryName == api.versioning.queryName;
            const bool bothUnversioned =
                (o.versioning.scheme == model::VersioningScheme::None ||
                 o.versioning.scheme == model::VersioningScheme::Segment) &&
                (api.versioning.scheme == model::VersioningScheme::None ||
                 api.versioning.scheme == model::VersioningScheme::Segment);
            if (sameSelector || bothUnversioned) {
                diagnostics.error("PT3001", api.where,
                                  "API '" + api.id + "' uses path '/" + api.path +
                                      "' already taken by API '" + o.id + "'");
            }
        }
        here.push_back(static_cast<int>(i));
        for (std::size_t op = 0; op < api.operations.size(); ++op) {
            router.addOperation(i, op, diagnostics);
        }
    }
    return router;
}

void Router::addOperation(std::size_t apiIndex, std::size_t operationIndex,
                          model::DiagnosticList& diagnostics) {
    auto& api = m_apis[apiIndex];
    auto& operation = api.operations[operationIndex];
    auto& trie = m_operationTries[apiIndex];
    std::string_view templ = operation.urlTemplate;
    templ = templ.substr(0, templ.find('?')); // query parameters in templates do not route
    std::vector<std::string_view> segments;
    splitSegments(templ, segments);
    int node = 0;
    operation.parameterNames.clear();
    for (std::size_t s = 0; s < segments.size(); ++s) {
        const auto segment = segments[s];
        int next = -1;
        auto& current = trie.nodes[static_cast<std::size_t>(node)];
        if (segment == "*" && s + 1 == segments.size()) {
            next = current.wildcard;
            if (next < 0) {
                next = static_cast<int>(trie.nodes.size());
                trie.nodes[static_cast<std::size_t>(node)].wildcard = next;
                trie.nodes.emplace_back();
            }
        } else if (isParameterSegment(segment)) {
            operation.parameterNames.emplace_back(segment.substr(1, segment.size() - 2));
            next = current.parameter;
            if (next < 0) {
                next = static_cast<int>(trie.nodes.size());
                trie.nodes[static_cast<std::size_t>(node)].parameter = next;
                trie.nodes.emplace_back();
            }
        } else if (segment.find_first_of("{}") != std::string_view::npos) {
            diagnostics.warning("PT3002", api.where,
                                "operation '" + operation.id + "' of API '" + api.id +
                                    "': template segment '" + std::string(segment) +
                                    "' mixes text and parameters; the operation is not routed");
            return;
        } else {
            auto it = current.literals.find(segment);
            if (it == current.literals.end()) {
                next = static_cast<int>(trie.nodes.size());
                trie.nodes[static_cast<std::size_t>(node)].literals.emplace(std::string(segment),
                                                                            next);
                trie.nodes.emplace_back();
            } else {
                next = it->second;
            }
        }
        node = next;
    }
    auto& methods = trie.nodes[static_cast<std::size_t>(node)].methods;
    for (const auto& [method, index] : methods) {
        if (method == operation.method) {
            diagnostics.warning(
                "PT3003", api.where,
                "operation '" + operation.id + "' of API '" + api.id + "' repeats " +
                    operation.method + " " + operation.urlTemplate + " of operation '" +
                    api.operations[static_cast<std::size_t>(index)].id + "'; the first one wins");
            return;
        }
    }
    methods.emplace_back(operation.method, static_cast<int>(operationIndex));
}

bool Router::selects(const RouteApi& api, const VersionSource* versions) const {
    switch (api.versioning.scheme) {
    case model::VersioningScheme::None:
    case model::VersioningScheme::Segment:
        return true;
    case model::VersioningScheme::Header: {
        const auto value = versions ? versions->header(api.versioning.headerName) : std::nullopt;
        return value ? *value == api.versioning.version : api.versioning.version.empty();
    }
    case model::VersioningScheme::Query: {
        const auto value = versions ? versions->query(api.versioning.queryName) : std::nullopt;
        return value ? *value == api.versioning.version : api.versioning.version.empty();
    }
    }
    return false;
}

RouteMatch Router::match(std::string_view method, std::string_view path,
                         const VersionSource* versions) const {
    RouteMatch result;
    PathSegments segments;
    splitSegments(path, segments);

    // Deepest prefix first; a shallower API serves only if no deeper one selects.
    boost::container::small_vector<std::pair<int, std::size_t>, 16>
        candidates; // node, segments consumed
    int node = 0;
    candidates.emplace_back(0, 0);
    for (std::size_t s = 0; s < segments.size(); ++s) {
        const auto& children = m_prefixNodes[static_cast<std::size_t>(node)].children;
        const auto it = children.find(segments[s]);
        if (it == children.end()) {
            break;
        }
        node = it->second;
        candidates.emplace_back(node, s + 1);
    }
    const RouteApi* api = nullptr;
    std::size_t apiIndex = 0;
    std::size_t consumed = 0;
    for (auto c = candidates.rbegin(); c != candidates.rend() && !api; ++c) {
        const auto& apis = m_prefixNodes[static_cast<std::size_t>(c->first)].apis;
        // A versioned API that matches beats the unversioned default at the same prefix.
        const RouteApi* fallback = nullptr;
        std::size_t fallbackIndex = 0;
        for (const int index : apis) {
            const auto& candidate = m_apis[static_cast<std::size_t>(index)];
            if (!selects(candidate, versions)) {
                continue;
            }
            const bool versioned = candidate.versioning.scheme == model::VersioningScheme::Header ||
                                   candidate.versioning.scheme == model::VersioningScheme::Query;
            if (versioned && !candidate.versioning.version.empty()) {
                api = &candidate;
                apiIndex = static_cast<std::size_t>(index);
                break;
            }
            if (!fallback) {
                fallback = &candidate;
                fallbackIndex = static_cast<std::size_t>(index);
            }
        }
        if (!api && fallback) {
            api = fallback;
            apiIndex = fallbackIndex;
        }
        consumed = c->second;
    }
    if (!api) {
        return result;
    }

    // The remainder keeps the original spelling: find where the consumed segments end.
    std::size_t offset = 0;
    for (std::size_t s = 0; s < consumed; ++s) {
        offset = static_cast<std::size_t>(segments[s].data() - path.data()) + segments[s].size();
    }
    result.remainder = path.substr(offset);

    const auto& trie = m_operationTries[apiIndex];
    const std::span<const std::string_view> rest(segments.data() + consumed,
                                                 segments.size() - consumed);
    Walk walk{rest, method, {}, -1, {}};

    // Depth-first: literal before parameter before wildcard, stopping at the first method hit.
    auto visit = [&](auto&& self, int nodeIndex, std::size_t depth) -> bool {
        const auto& n = trie.nodes[static_cast<std::size_t>(nodeIndex)];
        if (depth == rest.size()) {
            if (!n.methods.empty() || n.wildcard >= 0) {
                const auto& methods = n.methods.empty()
                                          ? trie.nodes[static_cast<std::size_t>(n.wildcard)].methods
                                          : n.methods;
                for (const auto& [m, op] : methods) {
                    if (m == method || m == "*" || (method == "HEAD" && m == "GET")) {
                        walk.found = op;
                        return true;
                    }
                }
                walk.pathOnly.push_back(n.methods.empty() ? n.wildcard : nodeIndex);
            }
            return false;
        }
        if (const auto it = n.literals.find(rest[depth]); it != n.literals.end()) {
            if (self(self, it->second, depth + 1)) {
                return true;
            }
        }
        if (n.parameter >= 0) {
            walk.captured.push_back(rest[depth]);
            if (self(self, n.parameter, depth + 1)) {
                return true;
            }
            walk.captured.pop_back();
        }
        if (n.wildcard >= 0) {
            const auto& wild = trie.nodes[static_cast<std::size_t>(n.wildcard)];
            for (const auto& [m, op] : wild.methods) {
                if (m == method || m == "*" || (method == "HEAD" && m == "GET")) {
                    walk.found = op;
                    return true;
                }
            }
            if (!wild.methods.empty()) {
                walk.pathOnly.push_back(n.wildcard);
            }
        }
        return false;
    };
    if (visit(visit, 0, 0)) {
        result.kind = RouteMatch::Kind::Found;
        result.api = api;
        result.apiIndex = apiIndex;
        result.operationIndex = static_cast<std::size_t>(walk.found);
        result.operation = &api->operations[result.operationIndex];
        const auto& names = result.operation->parameterNames;
        for (std::size_t i = 0; i < names.size() && i < walk.captured.size(); ++i) {
            result.parameters.emplace_back(names[i], walk.captured[i]);
        }
        return result;
    }
    if (!walk.pathOnly.empty()) {
        std::vector<std::string> allowed;
        for (const int n : walk.pathOnly) {
            for (const auto& [m, op] : trie.nodes[static_cast<std::size_t>(n)].methods) {
                allowed.push_back(m);
            }
        }
        std::sort(allowed.begin(), allowed.end());
        allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
        result.kind = RouteMatch::Kind::MethodNotAllowed;
        result.api = api;
        result.apiIndex = apiIndex;
        for (const auto& m : allowed) {
            if (!result.allow.empty()) {
                result.allow += ", ";
            }
            result.allow += m;
        }
    }
    return result;
}

} // namespace portico::gateway
