#include "core/security/jwt/validator.h"

#include "core/security/jwt/signature.h"
#include "core/security/jwt/token.h"

#include <algorithm>
#include <cmath>

namespace portico::security::jwt {
namespace {

ValidationResult failure(JwtError error, std::string detail) {
    ValidationResult result;
    result.error = error;
    result.message = std::string(errorMessage(error));
    result.detail = std::move(detail);
    return result;
}

std::vector<std::string_view> split(std::string_view text, std::string_view separator) {
    std::vector<std::string_view> parts;
    if (separator.empty()) {
        parts.push_back(text);
        return parts;
    }
    std::size_t start = 0;
    while (true) {
        const std::size_t at = text.find(separator, start);
        parts.push_back(text.substr(start, at - start));
        if (at == std::string_view::npos) {
            break;
        }
        start = at + separator.size();
    }
    return parts;
}

// The values a token offers for a required claim: a string (split by the separator), the string
// elements of an array (each split too), or the JSON text of a scalar.
std::vector<std::string> claimValues(const Claims& claims, const RequiredClaim& required) {
    std::vector<std::string> values;
    std::vector<std::string> raw = claims.strings(required.name);
    if (raw.empty() && !claims.string(required.name)) {
        raw.push_back(claims.text(required.name));
    }
    for (const auto& item : raw) {
        for (auto part : split(item, required.separator)) {
            values.emplace_back(part);
        }
    }
    return values;
}

RegisteredClaims readRegisteredClaims(const Claims& claims) {
    RegisteredClaims registered;
    for (const char* name : {"exp", "nbf", "iat"}) {
        if (claims.contains(name) && !claims.number(name) && !registered.notNumericDate) {
            registered.notNumericDate = name;
        }
    }
    registered.exp = claims.number("exp");
    registered.nbf = claims.number("nbf");
    registered.iat = claims.number("iat");
    registered.audiences = claims.stringViews("aud");
    registered.issuer = claims.stringView("iss");
    return registered;
}

} // namespace

JwtValidator::JwtValidator(ValidatorConfig config)
    : m_config(std::move(config)) {
    if (!m_config.clock) {
        m_config.clock = [] { return std::chrono::system_clock::now(); };
    }
    for (Algorithm algorithm : m_config.algorithms) {
        m_allowedMask |= 1u << static_cast<unsigned>(algorithm);
    }
}

CompileResult JwtValidator::compile(ValidatorConfig config) {
    CompileResult result;
    if (config.clockSkew.count() < 0) {
        result.errors.push_back("clock skew is negative");
    }
    if (config.algorithms.empty()) {
        result.errors.push_back("no signature algorithm is allowed");
    }
    for (std::size_t i = 0; i < config.issuers.size(); ++i) {
        if (config.issuers[i].empty()) {
            result.errors.push_back("issuer " + std::to_string(i + 1) + " is empty");
        }
    }
    for (std::size_t i = 0; i < config.audiences.size(); ++i) {
        if (config.audiences[i].empty()) {
            result.errors.push_back("audience " + std::to_string(i + 1) + " is empty");
        }
    }
    for (std::size_t i = 0; i < config.requiredClaims.size(); ++i) {
        if (config.requiredClaims[i].name.empty()) {
            result.errors.push_back("required claim " + std::to_string(i + 1) + " has no name");
        }
    }
    if (result.errors.empty()) {
        result.validator = JwtValidator(std::move(config));
    }
    return result;
}

bool JwtValidator::allows(Algorithm algorithm) const {
    return (m_allowedMask & (1u << static_cast<unsigned>(algorithm))) != 0;
}

ValidationResult JwtValidator::validate(std::string_view token, const KeySet& keys,
                                        VerificationCache* cache,
                                        const RequestExpectations& expectations) const {
    if (token.empty()) {
        return failure(JwtError::NotPresent, "no token");
    }
    if (token.size() > kMaxTokenSize) {
        return failure(JwtError::TooLarge, "token of " + std::to_string(token.size()) +
                                               " bytes exceeds " + std::to_string(kMaxTokenSize));
    }
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(m_config.clock().time_since_epoch())
            .count();

    TokenDigest digest{};
    if (cache) {
        digest = tokenDigest(token);
        if (auto cached = cache->find(digest, keys.generation(), now)) {
            // Cached under another validator's configuration maybe: the algorithm still counts.
            if (!allows(cached->algorithm)) {
                return failure(JwtError::UnsupportedAlgorithm, "alg is not allowed here");
            }
            auto result = checkClaims(std::move(cached), now, expectations);
            result.fromCache = true;
            return result;
        }
    }

    auto decoded = decodeToken(token);
    if (!decoded.ok()) {
        return failure(decoded.error, decoded.detail);
    }
    const DecodedToken& jws = decoded.token;
    if (!allows(jws.algorithm)) {
        return failure(JwtError::UnsupportedAlgorithm,
                       "alg " + std::string(algorithmName(jws.algorithm)) + " is not allowed");
    }

    // Candidates: keys published for this algorithm's family. A kid narrows them to exact
    // matches; an unknown kid falls back to every candidate (APIM tries all keys, for rollover).
    std::vector<const VerificationKey*> candidates;
    bool kidMatched = false;
    if (jws.hasKid) {
        for (const auto& key : keys.keys()) {
            if (key.id() == jws.kid && key.permits(jws.algorithm)) {
                candidates.push_back(&key);
            }
        }
        kidMatched = !candidates.empty();
    }
    if (!kidMatched) {
        for (const auto& key : keys.keys()) {
            if (key.permits(jws.algorithm)) {
                candidates.push_back(&key);
            }
        }
    }
    const bool unknownKid = jws.hasKid && !keys.containsId(jws.kid);
    if (candidates.empty()) {
        auto result = failure(JwtError::KeyNotFound,
                              "no " + std::string(keyKindName(requiredKeyKind(jws.algorithm))) +
                                  " key for alg " + std::string(algorithmName(jws.algorithm)));
        result.unknownKid = unknownKid;
        return result;
    }
    const bool verified = std::any_of(candidates.begin(), candidates.end(), [&](auto* key) {
        return verifySignature(jws.algorithm, *key, jws.signingInput, jws.signature);
    });
    if (!verified) {
        auto result = failure(JwtError::SignatureInvalid, "signature does not verify with " +
                                                              std::to_string(candidates.size()) +
                                                              " candidate key(s)");
        result.unknownKid = unknownKid;
        return result;
    }

    auto verifiedToken = std::make_shared<VerifiedToken>();
    verifiedToken->algorithm = jws.algorithm;
    verifiedToken->kid = jws.kid;
    verifiedToken->claims = jws.claims;
    verifiedToken->registered = readRegisteredClaims(verifiedToken->claims);
    std::shared_ptr<const VerifiedToken> shared = std::move(verifiedToken);

    if (cache) {
        if (const auto exp = shared->registered.exp; exp && std::isfinite(*exp)) {
            // Whole seconds, rounded down: the entry dies no later than the token.
            const double clamped = std::clamp(*exp, -9.0e15, 9.0e15);
            cache->insert(digest, keys.generation(), static_cast<std::int64_t>(std::floor(clamped)),
                          now, shared);
        }
    }
    return checkClaims(std::move(shared), now, expectations);
}

ValidationResult JwtValidator::checkClaims(std::shared_ptr<const VerifiedToken> token,
                                           std::int64_t now,
                                           const RequestExpectations& expectations) const {
    const auto& audiences = expectations.audiences ? *expectations.audiences : m_config.audiences;
    const std::span<const std::string> issuers =
        expectations.issuers ? *expectations.issuers
                             : std::span<const std::string>(m_config.issuers);
    const Claims& claims = token->claims;
    const RegisteredClaims& registered = token->registered;
    const double skew = static_cast<double>(m_config.clockSkew.count());
    const double current = static_cast<double>(now);

    if (registered.notNumericDate) {
        return failure(JwtError::Malformed,
                       std::string(registered.notNumericDate) + " is not a NumericDate");
    }
    const auto exp = registered.exp;
    if (!exp && m_config.requireExpirationTime) {
        return failure(JwtError::ExpirationRequired, "token has no exp");
    }
    if (exp && current >= *exp + skew) {
        return failure(JwtError::Expired, "exp is in the past beyond the clock skew");
    }
    if (const auto nbf = registered.nbf; nbf && *nbf > current + skew) {
        return failure(JwtError::NotYetValid, "nbf is in the future beyond the clock skew");
    }
    if (const auto iat = registered.iat; iat && *iat > current + skew) {
        return failure(JwtError::NotYetValid, "iat is in the future beyond the clock skew");
    }

    if (!audiences.empty()) {
        const auto& offered = registered.audiences;
        const bool allowed = std::any_of(offered.begin(), offered.end(), [&](auto& audience) {
            return std::find(audiences.begin(), audiences.end(), audience) != audiences.end();
        });
        if (!allowed) {
            return failure(JwtError::AudienceNotAllowed,
                           offered.empty() ? "token has no aud" : "aud matches no audience");
        }
    }
    if (!issuers.empty()) {
        const auto issuer = registered.issuer;
        if (!issuer || std::find(issuers.begin(), issuers.end(), *issuer) == issuers.end()) {
            return failure(JwtError::IssuerNotAllowed,
                           issuer ? "iss matches no issuer" : "token has no iss");
        }
    }

    std::vector<std::string> missing;
    for (const auto& required : m_config.requiredClaims) {
        if (!claims.contains(required.name)) {
            missing.push_back(required.name);
        }
    }
    if (!missing.empty()) {
        auto result = failure(JwtError::ClaimNotFound, "missing required claims");
        result.message = "JWT token is missing the following claims: ";
        for (std::size_t i = 0; i < missing.size(); ++i) {
            result.message += (i ? ", " : "") + missing[i];
        }
        result.message += ". Access denied.";
        return result;
    }
    for (const auto& required : m_config.requiredClaims) {
        if (required.values.empty()) {
            continue;
        }
        const auto offered = claimValues(claims, required);
        auto present = [&](const std::string& value) {
            return std::find(offered.begin(), offered.end(), value) != offered.end();
        };
        const bool matched =
            required.match == ClaimMatch::All
                ? std::all_of(required.values.begin(), required.values.end(), present)
                : std::any_of(required.values.begin(), required.values.end(), present);
        if (!matched) {
            auto result = failure(JwtError::ClaimValueNotAllowed,
                                  "claim " + required.name + " does not match");
            result.message = "Claim " + required.name + " value of " + claims.text(required.name) +
                             " is not allowed. Access denied.";
            return result;
        }
    }
    ValidationResult result;
    result.token = std::move(token);
    return result;
}

} // namespace portico::security::jwt
