#include "core/policies/builtin_policies.h"

#include "core/policy/policy_registry.h"

namespace portico::policy {

const PolicyRegistry& builtinPolicies() {
    static const PolicyRegistry registry = [] {
        using namespace portico::policies;
        PolicyRegistry r;
        for (auto make : {makeAuthenticationBasicKind,
                          makeAuthenticationCertificateKind,
                          makeAuthenticationManagedIdentityKind,
                          makeCacheLookupKind,
                          makeCacheLookupValueKind,
                          makeCacheRemoveValueKind,
                          makeCacheStoreKind,
                          makeCacheStoreValueKind,
                          makeCheckHeaderKind,
                          makeChooseKind,
                          makeCorsKind,
                          makeEmitMetricKind,
                          makeFindAndReplaceKind,
                          makeForwardRequestKind,
                          makeIpFilterKind,
                          makeJsonToXmlKind,
                          makeLimitConcurrencyKind,
                          makeLogToEventHubKind,
                          makeMockResponseKind,
                          makeQuotaByKeyKind,
                          makeQuotaKind,
                          makeRateLimitByKeyKind,
                          makeRateLimitKind,
                          makeRedirectContentUrlsKind,
                          makeRetryKind,
                          makeReturnResponseKind,
                          makeRewriteUriKind,
                          makeSendOneWayRequestKind,
                          makeSendRequestKind,
                          makeSetBackendServiceKind,
                          makeSetBodyKind,
                          makeSetHeaderKind,
                          makeSetMethodKind,
                          makeSetQueryParameterKind,
                          makeSetStatusKind,
                          makeSetVariableKind,
                          makeTraceKind,
                          makeValidateAzureAdTokenKind,
                          makeValidateClientCertificateKind,
                          makeValidateContentKind,
                          makeValidateHeadersKind,
                          makeValidateJwtKind,
                          makeValidateParametersKind,
                          makeValidateStatusCodeKind,
                          makeWaitKind,
                          makeXmlToJsonKind})
            r.add(make());
        return r;
    }();
    return registry;
}

} // namespace portico::policy
