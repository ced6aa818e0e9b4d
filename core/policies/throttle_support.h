#pragma once

#include "core/policy/compiled_policy.h"
#include "core/policy/policy_compiler.h"
#include "core/throttle/throttling.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

// What rate-limit, rate-limit-by-key, quota and quota-by-key share: header and variable names,
// APIM's refusal messages, and counting a request once per counter key.
namespace portico::policies {

struct ThrottleOutputs {
    std::string retryAfterHeader = "Retry-After";
    std::string retryAfterVariable;
    std::string remainingHeader;
    std::string remainingVariable;
    std::string totalHeader;
};

// The *-header-name / *-variable-name attributes; nothing after reporting a bad header name.
std::optional<ThrottleOutputs> readThrottleOutputs(const policy::PolicyNode& node,
                                                   policy::CompileContext& context);

// Reads one element's limits for rate-limit or quota: the element itself (api and operation
// empty), an <api> child or an <operation> inside one; false once it reported a problem.
using LevelReader = std::function<bool(const policy::xml::XmlNode& element, std::string api,
                                       std::string operation)>;

// The policy element's own limits, then those of each <api> child and each <operation> inside
// it, named by id or name; false when any of them was refused.
bool readScopedLevels(const policy::PolicyNode& node, policy::CompileContext& context,
                      const LevelReader& level);

// A quota element's limits as read (calls and kilobytes -1 when absent): at least one limit and
// a renewal period of at least 1 s; false after reporting what is wrong.
bool checkQuotaLimits(const policy::PolicyNode& node, const policy::xml::XmlNode& element,
                      policy::CompileContext& context, std::int64_t calls, std::int64_t kilobytes,
                      std::int64_t period);

// Sets the remaining-calls and total-calls header and variable after a decision.
void publishRemaining(policy::RequestContext& context, const ThrottleOutputs& outputs,
                      std::int64_t remaining, std::int64_t total);

// Counts the request against `key` unless an earlier policy of this request already did
// ("a key is incremented once per request"); then only checks it against `limit`.
throttle::Decision acquireOnce(throttle::CounterStore& store, policy::RequestContext& context,
                               const std::string& key, const throttle::Window& window,
                               std::int64_t limit, std::int64_t count);

// "Rate limit is exceeded. Try again in N seconds." with Retry-After and its variable set.
policy::PolicyError rateLimitExceeded(policy::RequestContext& context,
                                      const ThrottleOutputs& outputs,
                                      const throttle::Decision& decision, std::string source,
                                      std::string policyId);

// .NET TimeSpan text as APIM prints renewal times: "hh:mm:ss", or "d.hh:mm:ss" past a day.
std::string timeSpanText(throttle::Millis wait);

// "Out of call volume quota. ..." or "Out of bandwidth quota. ..." (403).
policy::PolicyError quotaExceeded(bool bandwidth, const throttle::Decision& decision,
                                  std::string source, std::string policyId);

// Counts a call (when `counting`) and the request's kilobytes against a quota's fixed window;
// the refusal when over. Either limit may be absent.
std::optional<policy::PolicyError>
enforceQuota(policy::RequestContext& context, throttle::CounterStore& store,
             const std::string& keyBase, const throttle::Window& window,
             std::optional<std::int64_t> calls, std::optional<std::int64_t> kilobytes,
             bool counting, const std::string& source, const std::string& policyId);

// A first-period-start such as 2024-01-01T00:00:00Z as milliseconds since the epoch.
std::optional<throttle::Millis> parseUtcTime(std::string_view text);

// The matched API's id, for the throttled-requests metric; "" when none matched.
std::string apiIdOf(const policy::RequestContext& context);

} // namespace portico::policies
