#include "core/posture/lint.h"

#include "core/posture/inbound_policies.h"
#include "core/posture/lint_codes.h"
#include "core/text/ascii.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <string_view>

namespace portico::posture {

namespace {

using model::DiagnosticList;
using model::Workspace;

// True when every call of the API (its own chain and each operation's) runs a policy that
// validates a token or a client certificate before the backend.
bool everyCallValidatesCredentials(const InboundPolicies& inbound, const model::Api& api) {
    const auto ids = policy::chainOperationIds(api);
    return std::all_of(ids.begin(), ids.end(), [&](const std::string& id) {
        return inbound.runs(
            api.id, id, {"validate-jwt", "validate-azure-ad-token", "validate-client-certificate"});
    });
}

// Least privilege: one scope shared by every operation is a single key to everything.
void checkScopes(const model::Api& api, DiagnosticList& out) {
    const auto& operations = api.specification.operations;
    if (operations.size() < 2)
        return;
    const auto& first = operations.front().requiredScopes;
    const bool allSameSingle =
        first.size() == 1 && std::all_of(operations.begin(), operations.end(), [&](const auto& op) {
            return op.requiredScopes == first;
        });
    if (allSameSingle) {
        out.warning(codes::kOneBroadScope, api.origin.where,
                    "all " + std::to_string(operations.size()) + " operations of API '" + api.id +
                        "' require the one scope '" + first.front() +
                        "'; expected granular scopes per capability (e.g. Orders.Read, "
                        "Orders.Write) for least privilege");
    }
    if (api.oauthScopes.empty())
        return;
    for (const auto& op : operations) {
        if (op.requiredScopes.empty()) {
            out.warning(codes::kOperationWithoutScope,
                        op.where.file.empty() ? api.origin.where : op.where,
                        "operation '" + op.id + "' of API '" + api.id +
                            "' requires no OAuth scope although the API declares scopes; expected "
                            "a scope on every operation");
        }
    }
}

void checkAuthentication(const InboundPolicies& inbound, const model::Api& api,
                         DiagnosticList& out) {
    if (api.subscriptionRequired || !api.oauthScopes.empty() ||
        everyCallValidatesCredentials(inbound, api))
        return;
    out.warning(codes::kUnauthenticatedApi, api.origin.at("subscriptionRequired"),
                "API '" + api.id +
                    "' requires neither a subscription key nor a token: anyone who reaches the "
                    "gateway can call it; expected subscriptionRequired, OAuth scopes or a "
                    "validate-jwt policy");
}

// Request validation: a documented request body the gateway forwards without checking its size,
// content type and schema.
void checkRequestValidation(const InboundPolicies& inbound, const model::Api& api,
                            DiagnosticList& out) {
    std::string unchecked;
    std::size_t count = 0;
    for (const auto& op : api.specification.operations) {
        if (op.requestBody.empty() || inbound.runs(api.id, op.id, {"validate-content"}))
            continue;
        unchecked += (count++ ? ", " : "") + op.id;
    }
    if (count == 0)
        return;
    out.warning(codes::kUncheckedRequestBody, api.origin.where,
                "API '" + api.id + "' forwards request bodies unchecked: no validate-content " +
                    "policy runs for " + (count == 1 ? "operation " : "operations ") + unchecked +
                    ", so oversized or malformed payloads and unexpected content types reach the "
                    "backend; expected validate-content with max-size and action=\"prevent\" "
                    "in the API's inbound policy");
}

void checkProtocols(const model::Api& api, DiagnosticList& out) {
    if (std::find(api.protocols.begin(), api.protocols.end(), "http") != api.protocols.end()) {
        out.warning(codes::kPlainHttpAccepted, api.origin.at("protocols"),
                    "API '" + api.id +
                        "' accepts plain HTTP, so keys and tokens cross the network in clear; "
                        "expected protocols: [https]");
    }
}

void checkDeprecated(const model::Api& api, DiagnosticList& out) {
    for (const auto& op : api.specification.operations) {
        if (op.deprecated) {
            out.warning(codes::kDeprecatedOperation,
                        op.where.file.empty() ? api.origin.where : op.where,
                        "operation '" + op.id + "' of API '" + api.id +
                            "' is deprecated but still exposed; expected unused endpoints to be "
                            "removed (MCSB AM-3)");
        }
    }
}

void checkSubscriptions(const Workspace& ws, DiagnosticList& out) {
    for (const auto& s : ws.subscriptions) {
        if (s.scope == "/apis") {
            out.warning(codes::kSubscriptionToAllApis, s.origin.at("scope"),
                        "subscription '" + s.id +
                            "' grants access to every API; expected a scope of one product or "
                            "one API (/products/ID or /apis/ID)");
        }
    }
}

void checkNamedValues(const Workspace& ws, DiagnosticList& out) {
    static constexpr std::array<std::string_view, 8> kSecretWords{
        "secret", "password", "passwd", "token", "key", "credential", "connectionstring", "pwd"};
    for (const auto& nv : ws.namedValues) {
        if (!nv.value || nv.value->empty())
            continue;
        const bool looksSecret = std::any_of(kSecretWords.begin(), kSecretWords.end(), [&](auto w) {
            return text::containsIgnoringAsciiCase(nv.name, w) ||
                   text::containsIgnoringAsciiCase(nv.displayName, w);
        });
        if (looksSecret) {
            out.warning(codes::kSecretInClear, nv.origin.at("value"),
                        "named value '" + nv.name +
                            "' looks like a secret but is stored in clear; expected a secret "
                            "reference, ideally keyvault: (MCSB IM-8)");
        }
    }
}

void checkBackends(const Workspace& ws, DiagnosticList& out) {
    for (const auto& b : ws.backends) {
        if (!b.validateCertificateChain || !b.validateCertificateName) {
            out.warning(
                codes::kBackendTlsUnchecked, b.origin.where,
                "backend '" + b.id +
                    "' does not verify the server certificate, so a man in the middle "
                    "can read its traffic; expected chain and name validation (add a caFile "
                    "for a private CA)");
        }
        const bool plain = b.url.rfind("http://", 0) == 0;
        if (plain && (!b.credentialsReference.empty() || !b.clientCertificate.empty())) {
            out.warning(codes::kBackendTlsUnchecked, b.origin.at("url"),
                        "backend '" + b.id +
                            "' sends credentials over plain HTTP; expected an https:// URL");
        }
    }
}

} // namespace

DiagnosticList lintWorkspace(const Workspace& workspace) {
    DiagnosticList out;
    const InboundPolicies inbound(workspace);
    for (const auto& api : workspace.apis) {
        checkScopes(api, out);
        checkAuthentication(inbound, api, out);
        checkRequestValidation(inbound, api, out);
        checkProtocols(api, out);
        checkDeprecated(api, out);
    }
    checkSubscriptions(workspace, out);
    checkNamedValues(workspace, out);
    checkBackends(workspace, out);
    out.sortByLocation();
    return out;
}

} // namespace portico::posture
