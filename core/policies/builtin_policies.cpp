#include "core/policies/builtin_policies.h"

#include "core/policy/policy_registry.h"

namespace portico::policy {

const PolicyRegistry& builtinPolicies() {
    static const PolicyRegistry registry = [] {
        using namespace portico::policies;
        PolicyRegistry r;
        for (auto make : {makeCheckHeaderKind,
                          makeChooseKind,
                          makeCorsKind,
                          makeFindAndReplaceKind,
                          makeForwardRequestKind,
                          makeIpFilterKind,
                          makeJsonToXmlKind,
                          makeLimitConcurrencyKind,
                          makeMockResponseKind,
                          makeRedirectContentUrlsKind,
                          makeRetryKind,
                          makeReturnResponseKind,
                          makeRewriteUriKind,
                          makeSetBackendServiceKind,
                          makeSetBodyKind,
                          makeSetHeaderKind,
                          makeSetQueryParameterKind,
                          makeSetStatusKind,
                          makeSetVariableKind,
                          makeTraceKind,
                          makeXmlToJsonKind})
            r.add(make());
        addKnownPolicyNames(r);
        return r;
    }();
    return registry;
}

} // namespace portico::policy
