#pragma once

#include "core/policy/policy_kind.h"
#include "core/policy/policy_registry.h"

#include <memory>

// One factory per policy kind; builtin_policies.cpp registers them all.
namespace portico::policies {

std::unique_ptr<policy::PolicyKind> makeAuthenticationBasicKind();
std::unique_ptr<policy::PolicyKind> makeAuthenticationManagedIdentityKind();
std::unique_ptr<policy::PolicyKind> makeAuthenticationCertificateKind();
std::unique_ptr<policy::PolicyKind> makeCacheLookupKind();
std::unique_ptr<policy::PolicyKind> makeCacheLookupValueKind();
std::unique_ptr<policy::PolicyKind> makeCacheRemoveValueKind();
std::unique_ptr<policy::PolicyKind> makeCacheStoreKind();
std::unique_ptr<policy::PolicyKind> makeCacheStoreValueKind();
std::unique_ptr<policy::PolicyKind> makeCheckHeaderKind();
std::unique_ptr<policy::PolicyKind> makeChooseKind();
std::unique_ptr<policy::PolicyKind> makeCorsKind();
std::unique_ptr<policy::PolicyKind> makeFindAndReplaceKind();
std::unique_ptr<policy::PolicyKind> makeForwardRequestKind();
std::unique_ptr<policy::PolicyKind> makeIpFilterKind();
std::unique_ptr<policy::PolicyKind> makeJsonToXmlKind();
std::unique_ptr<policy::PolicyKind> makeLimitConcurrencyKind();
std::unique_ptr<policy::PolicyKind> makeLogToEventHubKind();
std::unique_ptr<policy::PolicyKind> makeEmitMetricKind();
std::unique_ptr<policy::PolicyKind> makeMockResponseKind();
std::unique_ptr<policy::PolicyKind> makeQuotaByKeyKind();
std::unique_ptr<policy::PolicyKind> makeQuotaKind();
std::unique_ptr<policy::PolicyKind> makeRateLimitByKeyKind();
std::unique_ptr<policy::PolicyKind> makeRateLimitKind();
std::unique_ptr<policy::PolicyKind> makeRedirectContentUrlsKind();
std::unique_ptr<policy::PolicyKind> makeRetryKind();
std::unique_ptr<policy::PolicyKind> makeReturnResponseKind();
std::unique_ptr<policy::PolicyKind> makeRewriteUriKind();
std::unique_ptr<policy::PolicyKind> makeSendOneWayRequestKind();
std::unique_ptr<policy::PolicyKind> makeSendRequestKind();
std::unique_ptr<policy::PolicyKind> makeSetBackendServiceKind();
std::unique_ptr<policy::PolicyKind> makeSetBodyKind();
std::unique_ptr<policy::PolicyKind> makeSetHeaderKind();
std::unique_ptr<policy::PolicyKind> makeSetMethodKind();
std::unique_ptr<policy::PolicyKind> makeSetQueryParameterKind();
std::unique_ptr<policy::PolicyKind> makeSetStatusKind();
std::unique_ptr<policy::PolicyKind> makeSetVariableKind();
std::unique_ptr<policy::PolicyKind> makeTraceKind();
std::unique_ptr<policy::PolicyKind> makeValidateAzureAdTokenKind();
std::unique_ptr<policy::PolicyKind> makeValidateClientCertificateKind();
std::unique_ptr<policy::PolicyKind> makeValidateContentKind();
std::unique_ptr<policy::PolicyKind> makeValidateHeadersKind();
std::unique_ptr<policy::PolicyKind> makeValidateJwtKind();
std::unique_ptr<policy::PolicyKind> makeValidateParametersKind();
std::unique_ptr<policy::PolicyKind> makeValidateStatusCodeKind();
std::unique_ptr<policy::PolicyKind> makeWaitKind();
std::unique_ptr<policy::PolicyKind> makeXmlToJsonKind();

// Rules shared with <return-response>, which nests these three.
const policy::ElementRule& setStatusRule();
const policy::ElementRule& setHeaderRule();
const policy::ElementRule& setBodyRule();

} // namespace portico::policies
