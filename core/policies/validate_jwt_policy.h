#pragma once

// Shared by validate-jwt and validate-azure-ad-token: the compiled settings and the run step.

#include "core/identity/key_provider.h"
#include "core/policy/compiled_policy.h"
#include "core/policy/policy_compiler.h"
#include "core/policy/policy_kind.h"
#include "core/policy/policy_value.h"
#include "core/security/jwt/validator.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace portico::policies {

struct JwtPolicySettings {
    enum class Source { Header, Query, Value };
    Source source = Source::Header;
    std::string headerName;         // Source::Header
    std::string queryName;          // Source::Query
    policy::PolicyValue tokenValue; // Source::Value
    std::string requireScheme;      // honoured for the Authorization header only, as in APIM

    policy::PolicyValue failedStatus{std::string("401")};
    std::optional<policy::PolicyValue> failedMessage;
    std::string outputVariable;

    std::vector<std::string> openIdConfigUrls;
    security::jwt::KeySet staticKeys;
    // Expressions are evaluated per request; literal lists go straight into the validator.
    std::vector<policy::PolicyValue> audiences;
    std::vector<policy::PolicyValue> issuers;
    bool audiencesVary = false;
    // validate-azure-ad-token: `azp` (v2) or `appid` (v1) must be one of these.
    std::vector<std::string> clientApplicationIds;
};

class JwtPolicy final : public policy::CompiledPolicy {
public:
    JwtPolicy(JwtPolicySettings settings, security::jwt::JwtValidator validator,
              std::shared_ptr<identity::KeyProvider> provider);

    policy::RunResult run(policy::RequestContext& context) const override;
    policy::RunResult resume(policy::RequestContext& context,
                             const policy::AwaitOutcome& outcome) const override;

private:
    // The token where the request holds it (a header is not copied), or `owned`.
    struct Token {
        std::string_view text;
        std::string owned; // a query parameter's or an expression's value
        std::optional<policy::PolicyError> expressionFailure;
        security::jwt::JwtError error = security::jwt::JwtError::None;
    };
    struct Keys {
        std::shared_ptr<const security::jwt::KeySet> keys;
        std::vector<std::string> missing; // OpenID configurations without keys yet
        // The issuers configured and published by the OpenID providers: the one provider's
        // issuer when it is the only source, so that no list is built per token.
        std::shared_ptr<const identity::ProviderKeys> onlyProvider;
        std::vector<std::string> combinedIssuers;
        std::span<const std::string> issuers() const {
            if (onlyProvider)
                return {&onlyProvider->issuer, 1};
            return combinedIssuers;
        }
    };

    // Fills `token`, which the caller keeps in place: its text may point into `owned`.
    void extract(policy::RequestContext& context, Token& token) const;
    // The keys this thread gathered last for this policy while the provider published no
    // others; valid until this thread gathers again.
    const Keys& gather() const;
    Keys gatherNow() const;
    // `mayAwait`: run() may ask the key provider for keys; resume() never waits twice.
    policy::RunResult validate(policy::RequestContext& context, bool mayAwait) const;
    policy::RunResult refuse(policy::RequestContext& context, security::jwt::JwtError error,
                             std::string message) const;
    policy::RunResult admit(policy::RequestContext& context,
                            const security::jwt::VerifiedToken& token,
                            std::string_view tokenText) const;
    policy::RunResult fetchThenResume(std::vector<std::string> urls,
                                      identity::KeyProvider::Reason reason) const;

    JwtPolicySettings m_settings;
    security::jwt::JwtValidator m_validator;
    std::shared_ptr<identity::KeyProvider> m_provider;
    std::vector<std::string> m_literalIssuers;
    // Names this policy in the gathered keys a thread keeps (an address could be reused).
    std::uint64_t m_id;

    // The key set combining static keys with the providers' current ones, rebuilt only when a
    // provider's keys change (a new KeySet means a new cache generation).
    mutable std::mutex m_combinedMutex;
    mutable std::vector<const void*> m_combinedFrom;
    mutable std::shared_ptr<const security::jwt::KeySet> m_combined;
};

// Compile steps both kinds share. Each reports its own errors and returns false (or nothing).
namespace jwt_compile {

// header-name | query-parameter-name | token-value (exactly one; `defaultHeader` when none).
bool tokenSource(const policy::PolicyNode& node, policy::CompileContext& context,
                 JwtPolicySettings& settings, std::string_view defaultHeader = {});
// failed-validation-httpcode, failed-validation-error-message, output-token-variable-name.
bool failureAndOutput(const policy::PolicyNode& node, policy::CompileContext& context,
                      JwtPolicySettings& settings);
// The texts of <list><item>..</item></list> children named `item`, expressions allowed.
bool values(const policy::PolicyNode& node, const policy::xml::XmlNode* list,
            policy::CompileContext& context, std::vector<policy::PolicyValue>& out);
std::optional<std::vector<security::jwt::RequiredClaim>>
requiredClaims(const policy::PolicyNode& node, const policy::xml::XmlNode* list,
               policy::CompileContext& context);
// Checks the validator configuration and builds the policy.
std::unique_ptr<policy::CompiledPolicy> finish(const policy::PolicyNode& node,
                                               policy::CompileContext& context,
                                               JwtPolicySettings settings,
                                               security::jwt::ValidatorConfig config);
// The first child element named `name`, or nullptr.
const policy::xml::XmlNode* child(const policy::xml::XmlNode& element, std::string_view name);

// Rules shared by both kinds' children.
const policy::ElementRule& audiencesRule();
const policy::ElementRule& requiredClaimsRule();

} // namespace jwt_compile

// The verifications cache every JWT policy shares (keyed by token digest and key generation).
security::jwt::VerificationCache& sharedVerificationCache();

// APIM's `<key>` forms: base64 text (an HMAC secret), n/e (RSA), and Portico's own PEM (a public
// key or certificate). Returns the error text when the key is unusable.
security::jwt::KeyResult keyFromElement(std::string_view text, std::string_view id,
                                        std::string_view n, std::string_view e);

// The clock JWT policies compiled from now on check lifetimes against (tests); nullptr: the
// system clock.
using WallClock = std::chrono::system_clock::time_point (*)();
void setJwtPolicyClock(WallClock clock);
WallClock jwtPolicyClock();

// Base URL of Microsoft Entra ID for validate-azure-ad-token: "https://login.microsoftonline.com"
// unless overridden (tests, the local identity provider) by setAzureAdAuthority() or the
// PORTICO_AZURE_AD_AUTHORITY environment variable.
std::string azureAdAuthority();
void setAzureAdAuthority(std::string baseUrl);

} // namespace portico::policies
