#include "core/policies/builtin_policies.h"

namespace portico::policies {

using namespace portico::policy;

// Rewrites backend URLs in bodies to gateway URLs; needs the gateway's own address.
std::unique_ptr<PolicyKind> makeRedirectContentUrlsKind() {
    return std::make_unique<RuleOnlyPolicyKind>(ElementRule{.name = "redirect-content-urls"},
                                                kInbound | kOutbound);
}

} // namespace portico::policies
