#include "core/model/workspace_validator.h"

#include "core/model/diagnostic_codes.h"
#include "core/model/source_text.h"
#include "core/model/xml_text.h"
#include "core/text/ascii.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

namespace portico::model {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), text::asciiLower);
    return out;
}

// APIM ids are case-insensitive: "Orders" and "orders" would be the same entity there.
template <typename Range, typename IdOf>
void checkDuplicateIds(const Range& range, IdOf idOf, std::string_view kind,
                       DiagnosticList& diagnostics) {
    std::map<std::string, const std::string*> seen;
    for (const auto& entity : range) {
        const std::string& id = idOf(entity);
        auto [it, inserted] = seen.emplace(lower(id), &id);
        if (!inserted)
            diagnostics.error(codes::kDuplicateId, entity.origin.where,
                              "duplicate " + std::string(kind) + " id '" + id +
                                  "' (ids are case-insensitive; '" + *it->second +
                                  "' exists); expected unique ids");
    }
}

void checkNamedValueUses(const Workspace& ws, std::string_view text, const std::string& file,
                         const SourceLocation* fixed, DiagnosticList& diagnostics) {
    for (const auto& use : findNamedValueUses(text)) {
        if (ws.findNamedValue(use.name))
            continue;
        diagnostics.error(codes::kUnknownNamedValue,
                          fixed ? *fixed : locate(text, use.offset, file),
                          "reference to unknown named value '{{" + use.name +
                              "}}'; expected a file named-values/" + use.name + ".yaml");
    }
}

void checkFragmentUses(const Workspace& ws, std::string_view xml, const std::string& file,
                       DiagnosticList& diagnostics) {
    // <include-fragment fragment-id="x" />
    constexpr std::string_view kTag = "<include-fragment";
    constexpr std::string_view kAttr = "fragment-id=";
    std::size_t i = 0;
    while ((i = xml.find(kTag, i)) != std::string_view::npos) {
        const std::size_t end = xml.find('>', i);
        const std::size_t attr = xml.find(kAttr, i);
        i += kTag.size();
        if (attr == std::string_view::npos || attr > end || attr + kAttr.size() >= xml.size())
            continue;
        const char quote = xml[attr + kAttr.size()];
        if (quote != '"' && quote != '\'')
            continue;
        const std::size_t start = attr + kAttr.size() + 1;
        const std::size_t close = xml.find(quote, start);
        if (close == std::string_view::npos)
            continue;
        const std::string id(xml.substr(start, close - start));
        if (!ws.findFragment(id))
            diagnostics.error(codes::kUnknownFragment, locate(xml, start, file),
                              "reference to unknown fragment '" + id +
                                  "'; expected a file fragments/" + id + ".xml");
    }
}

void checkPolicyText(const Workspace& ws, std::string_view xml, const std::string& file,
                     DiagnosticList& diagnostics) {
    if (xml.empty())
        return;
    checkNamedValueUses(ws, xml, file, nullptr, diagnostics);
    checkFragmentUses(ws, xml, file, diagnostics);
}

// Segment-boundary prefix: "orders" is a prefix of "orders/v2" but not of "orders2".
bool isSegmentPrefix(std::string_view shorter, std::string_view longer) {
    return longer.size() > shorter.size() && longer.substr(0, shorter.size()) == shorter &&
           longer[shorter.size()] == '/';
}

void checkApiPaths(const Workspace& ws, DiagnosticList& diagnostics) {
    // APIM paths are case-insensitive.
    std::vector<std::string> paths;
    for (const Api& api : ws.apis)
        paths.push_back(lower(api.path));
    for (std::size_t i = 0; i < ws.apis.size(); ++i) {
        const Api& a = ws.apis[i];
        if (a.path.empty()) {
            // One API (or one version set) may sit at the root; the others take precedence.
            for (std::size_t k = 0; k < i; ++k) {
                const Api& b = ws.apis[k];
                const bool sameSet = !a.versioning.versionSetId.empty() &&
                                     a.versioning.versionSetId == b.versioning.versionSetId &&
                                     a.versioning.version != b.versioning.version;
                if (b.path.empty() && !sameSet)
                    diagnostics.error(codes::kDuplicateApiPath, a.origin.at("path"),
                                      "the root path (an empty API path) is also used by API '" +
                                          b.id + "'; expected one API at the root");
            }
            continue;
        }
        for (std::size_t k = 0; k < ws.apis.size(); ++k) {
            const Api& b = ws.apis[k];
            if (k == i || b.path.empty())
                continue;
            const bool sameSet = !a.versioning.versionSetId.empty() &&
                                 a.versioning.versionSetId == b.versioning.versionSetId;
            const std::string& pa = paths[i];
            const std::string& pb = paths[k];
            if (pa == pb) {
                if (sameSet && a.versioning.version != b.versioning.version)
                    continue;
                if (k < i)
                    diagnostics.error(codes::kDuplicateApiPath, a.origin.at("path"),
                                      "API path '" + a.path + "'" +
                                          (a.versioning.version.empty()
                                               ? std::string()
                                               : " version '" + a.versioning.version + "'") +
                                          " is also used by API '" + b.id +
                                          "'; expected a unique path (or distinct versions of "
                                          "one version set)");
            } else if (isSegmentPrefix(pb, pa) && !sameSet) {
                diagnostics.error(codes::kApiPathClash, a.origin.at("path"),
                                  "API path '" + a.path + "' starts with the path '" + b.path +
                                      "' of API '" + b.id +
                                      "', so requests could match either; expected paths that "
                                      "are not prefixes of one another");
            }
        }
    }
}

void checkScope(const Workspace& ws, const Subscription& s, DiagnosticList& diagnostics) {
    const SourceLocation where = s.origin.at("scope");
    const std::string& scope = s.scope;
    if (scope.empty())
        return; // missing key already reported by the loader
    if (scope == "/apis")
        return;
    constexpr std::string_view kProducts = "/products/";
    constexpr std::string_view kApis = "/apis/";
    if (scope.rfind(kProducts, 0) == 0 && scope.size() > kProducts.size()) {
        const std::string id = scope.substr(kProducts.size());
        if (!ws.findProduct(id))
            diagnostics.error(codes::kUnknownProductInScope, where,
                              "subscription scope names unknown product '" + id +
                                  "'; expected a folder products/" + id + "/");
        return;
    }
    if (scope.rfind(kApis, 0) == 0 && scope.size() > kApis.size()) {
        const std::string id = scope.substr(kApis.size());
        if (!ws.findApi(id))
            diagnostics.error(codes::kUnknownApiInScope, where,
                              "subscription scope names unknown API '" + id +
                                  "'; expected a folder apis/" + id + "/");
        return;
    }
    diagnostics.error(codes::kBadScope, where,
                      "bad subscription scope '" + scope +
                          "'; expected /products/<id>, /apis/<id> or /apis");
}

} // namespace

void validateWorkspace(const Workspace& ws, DiagnosticList& diagnostics) {
    auto id = [](const auto& e) -> const std::string& { return e.id; };
    checkDuplicateIds(ws.apis, id, "API", diagnostics);
    checkDuplicateIds(ws.products, id, "product", diagnostics);
    checkDuplicateIds(ws.subscriptions, id, "subscription", diagnostics);
    checkDuplicateIds(ws.users, id, "user", diagnostics);
    checkDuplicateIds(ws.backends, id, "backend", diagnostics);
    checkDuplicateIds(ws.certificates, id, "certificate", diagnostics);
    checkDuplicateIds(ws.loggers, id, "logger", diagnostics);
    checkDuplicateIds(ws.fragments, id, "fragment", diagnostics);
    checkDuplicateIds(
        ws.namedValues, [](const NamedValue& nv) -> const std::string& { return nv.name; },
        "named value", diagnostics);

    checkPolicyText(ws, ws.globalPolicyXml, ws.globalPolicyFile, diagnostics);
    checkApiPaths(ws, diagnostics);

    for (const Api& api : ws.apis) {
        const std::string folder = "apis/" + api.id;
        if (!api.backendId.empty() && !ws.findBackend(api.backendId))
            diagnostics.error(codes::kUnknownBackend, api.origin.at("backend"),
                              "API '" + api.id + "' uses unknown backend '" + api.backendId +
                                  "'; expected a file backends/" + api.backendId + ".yaml");
        checkPolicyText(ws, api.policyXml, folder + "/policy.xml", diagnostics);
        // A specification that failed to load has its own diagnostics; don't pile on.
        const bool specMissing = !api.specificationFile.empty() && api.specification.format.empty();
        for (const auto& [operation, xml] : api.operationPolicies) {
            const std::string file = folder + "/operations/" + operation + "/policy.xml";
            if (!specMissing && !api.specification.findOperation(operation))
                diagnostics.error(codes::kUnknownOperation, {file, 0, 0},
                                  api.specificationFile.empty()
                                      ? "policy for operation '" + operation + "', but API '" +
                                            api.id +
                                            "' has no specification and so no "
                                            "operations; expected a 'specification' file"
                                      : "policy for operation '" + operation +
                                            "', which the specification " + api.specificationFile +
                                            " does not define; expected one of its "
                                            "operationIds");
            checkPolicyText(ws, xml, file, diagnostics);
        }
    }

    for (const Product& product : ws.products) {
        for (std::size_t i = 0; i < product.apis.size(); ++i)
            if (!ws.findApi(product.apis[i]))
                diagnostics.error(codes::kUnknownApiInProduct,
                                  product.origin.at("apis[" + std::to_string(i) + "]"),
                                  "product '" + product.id + "' names unknown API '" +
                                      product.apis[i] + "'; expected a folder apis/" +
                                      product.apis[i] + "/");
        if (product.approvalRequired && !product.subscriptionRequired)
            diagnostics.error(codes::kApprovalWithoutSubscription,
                              product.origin.at("approvalRequired"),
                              "product '" + product.id +
                                  "' requires approval but no subscription; expected "
                                  "subscriptionRequired: true when approvalRequired is true");
        checkPolicyText(ws, product.policyXml, "products/" + product.id + "/policy.xml",
                        diagnostics);
    }

    for (const Subscription& s : ws.subscriptions) {
        checkScope(ws, s, diagnostics);
        if (!s.owner.empty() && !ws.findUser(s.owner))
            diagnostics.error(codes::kUnknownOwner, s.origin.at("owner"),
                              "subscription owner '" + s.owner +
                                  "' is not a user; expected a file users/" + s.owner + ".yaml");
    }

    for (const Backend& b : ws.backends)
        if (!b.credentialsReference.empty()) {
            const SourceLocation where = b.origin.at("credentials.value");
            checkNamedValueUses(ws, b.credentialsReference, where.file, &where, diagnostics);
        }

    for (const Fragment& f : ws.fragments)
        checkPolicyText(ws, f.xml, "fragments/" + f.id + ".xml", diagnostics);
}

} // namespace portico::model
