#include "core/security/jwt/jwt_error.h"

namespace portico::security::jwt {

std::string_view errorReason(JwtError error) {
    switch (error) {
    case JwtError::None:
        return "";
    case JwtError::NotPresent:
        return "TokenNotPresent";
    case JwtError::KeyNotFound:
        return "TokenSignatureKeyNotFound";
    case JwtError::SignatureInvalid:
        return "TokenSignatureInvalid";
    case JwtError::Expired:
        return "TokenExpired";
    case JwtError::AudienceNotAllowed:
        return "TokenAudienceNotAllowed";
    case JwtError::IssuerNotAllowed:
        return "TokenIssuerNotAllowed";
    case JwtError::ClaimNotFound:
        return "TokenClaimNotFound";
    case JwtError::ClaimValueNotAllowed:
        return "TokenClaimValueNotAllowed";
    case JwtError::TooLarge:
    case JwtError::Malformed:
    case JwtError::DuplicateJsonKey:
    case JwtError::Unsigned:
    case JwtError::UnsupportedAlgorithm:
    case JwtError::UnsupportedCriticalHeader:
    case JwtError::ExpirationRequired:
    case JwtError::NotYetValid:
        return "JwtInvalid";
    }
    return "JwtInvalid";
}

std::string_view errorMessage(JwtError error) {
    switch (error) {
    case JwtError::None:
        return "";
    case JwtError::NotPresent:
        return "JWT not present.";
    case JwtError::TooLarge:
    case JwtError::Malformed:
    case JwtError::DuplicateJsonKey:
    case JwtError::UnsupportedCriticalHeader:
        return "Invalid JWT.";
    case JwtError::Unsigned:
        return "JWT is not signed.";
    case JwtError::UnsupportedAlgorithm:
        return "JWT signature algorithm is not allowed.";
    case JwtError::KeyNotFound:
        return "JWT signature key not found.";
    case JwtError::SignatureInvalid:
        return "JWT signature validation failed.";
    case JwtError::ExpirationRequired:
        return "JWT expiration time is missing.";
    case JwtError::Expired:
        return "JWT has expired.";
    case JwtError::NotYetValid:
        return "JWT not yet valid.";
    case JwtError::AudienceNotAllowed:
        return "JWT audience is not allowed.";
    case JwtError::IssuerNotAllowed:
        return "JWT issuer is not allowed.";
    case JwtError::ClaimNotFound:
        return "JWT token is missing required claims. Access denied.";
    case JwtError::ClaimValueNotAllowed:
        return "Claim value is not allowed. Access denied.";
    }
    return "Invalid JWT.";
}

std::string_view errorName(JwtError error) {
    switch (error) {
    case JwtError::None:
        return "None";
    case JwtError::NotPresent:
        return "NotPresent";
    case JwtError::TooLarge:
        return "TooLarge";
    case JwtError::Malformed:
        return "Malformed";
    case JwtError::DuplicateJsonKey:
        return "DuplicateJsonKey";
    case JwtError::Unsigned:
        return "Unsigned";
    case JwtError::UnsupportedAlgorithm:
        return "UnsupportedAlgorithm";
    case JwtError::UnsupportedCriticalHeader:
        return "UnsupportedCriticalHeader";
    case JwtError::KeyNotFound:
        return "KeyNotFound";
    case JwtError::SignatureInvalid:
        return "SignatureInvalid";
    case JwtError::ExpirationRequired:
        return "ExpirationRequired";
    case JwtError::Expired:
        return "Expired";
    case JwtError::NotYetValid:
        return "NotYetValid";
    case JwtError::AudienceNotAllowed:
        return "AudienceNotAllowed";
    case JwtError::IssuerNotAllowed:
        return "IssuerNotAllowed";
    case JwtError::ClaimNotFound:
        return "ClaimNotFound";
    case JwtError::ClaimValueNotAllowed:
        return "ClaimValueNotAllowed";
    }
    return "";
}

} // namespace portico::security::jwt
