#pragma once

#include "core/security/jwt/algorithm.h"
#include "core/security/jwt/jwt_error.h"
#include "core/security/jwt/key_set.h"
#include "core/security/jwt/verification_cache.h"
#include "core/security/jwt/verified_token.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace portico::security::jwt {

enum class ClaimMatch { All, Any };

// APIM's <required-claims><claim name match separator><value/>...</claim>.
struct RequiredClaim {
    std::string name;
    std::vector<std::string> values; // none: the claim only has to be present
    ClaimMatch match = ClaimMatch::All;
    std::string separator; // splits a string claim into values, e.g. "," or " "
};

using Clock = std::function<std::chrono::system_clock::time_point()>;

struct ValidatorConfig {
    std::vector<std::string> issuers;   // empty: any issuer
    std::vector<std::string> audiences; // empty: any audience
    std::vector<RequiredClaim> requiredClaims;
    bool requireExpirationTime = true;
    std::chrono::seconds clockSkew{300};
    std::vector<Algorithm> algorithms{std::begin(kAllAlgorithms), std::end(kAllAlgorithms)};
    Clock clock; // empty: the system clock
};

struct ValidationResult {
    JwtError error = JwtError::None;
    std::string message; // APIM's message for the client
    std::string detail;  // for logs and traces; never contains the token
    std::shared_ptr<const VerifiedToken> token;
    bool unknownKid = false; // the token's kid is in no configured key: a JWKS refetch may help
    bool fromCache = false;
    bool ok() const { return error == JwtError::None; }
};

struct CompileResult;

// Lists known only per request (issuers of a fetched OpenID configuration, audiences computed by
// a policy expression); when set, each replaces the configuration's list for one validation.
struct RequestExpectations {
    std::optional<std::span<const std::string>> issuers;
    const std::vector<std::string>* audiences = nullptr;
};

// Built once from a configuration (at snapshot build), then run per token with no parsing of the
// configuration and no exceptions. Checks in APIM's order: signature, lifetime, audience, issuer,
// required claims.
class JwtValidator {
public:
    static CompileResult compile(ValidatorConfig config);

    ValidationResult validate(std::string_view token, const KeySet& keys,
                              VerificationCache* cache = nullptr,
                              const RequestExpectations& expectations = {}) const;

    const ValidatorConfig& config() const { return m_config; }

private:
    explicit JwtValidator(ValidatorConfig config);
    bool allows(Algorithm algorithm) const;
    ValidationResult checkClaims(std::shared_ptr<const VerifiedToken> token, std::int64_t now,
                                 const RequestExpectations& expectations) const;

    ValidatorConfig m_config;
    unsigned m_allowedMask = 0;
};

struct CompileResult {
    std::optional<JwtValidator> validator;
    std::vector<std::string> errors; // what is wrong with the configuration
};

} // namespace portico::security::jwt
