#include "core/security/jwt/token.h"

#include "core/security/jwt/base64url.h"
#include "core/security/jwt/claims_data.h"
#include "core/security/jwt/strict_json.h"

namespace portico::security::jwt {
namespace {

DecodeResult fail(JwtError error, std::string detail) {
    DecodeResult result;
    result.error = error;
    result.detail = std::move(detail);
    return result;
}

JwtError jsonError(JsonProblem problem) {
    return problem == JsonProblem::DuplicateKey ? JwtError::DuplicateJsonKey : JwtError::Malformed;
}

} // namespace

DecodeResult decodeToken(std::string_view token) {
    if (token.empty()) {
        return fail(JwtError::NotPresent, "empty token");
    }
    if (token.size() > kMaxTokenSize) {
        return fail(JwtError::TooLarge, "token of " + std::to_string(token.size()) +
                                            " bytes exceeds " + std::to_string(kMaxTokenSize));
    }
    const std::size_t firstDot = token.find('.');
    const std::size_t secondDot =
        firstDot == std::string_view::npos ? firstDot : token.find('.', firstDot + 1);
    if (secondDot == std::string_view::npos || token.find('.', secondDot + 1) != token.npos) {
        return fail(JwtError::Malformed, "not three dot-separated parts (JWE is not supported)");
    }
    const auto headerText = base64UrlDecode(token.substr(0, firstDot));
    if (!headerText || headerText->empty()) {
        return fail(JwtError::Malformed, "header is not valid base64url");
    }
    const auto payloadText = base64UrlDecode(token.substr(firstDot + 1, secondDot - firstDot - 1));
    if (!payloadText) {
        return fail(JwtError::Malformed, "payload is not valid base64url");
    }
    auto signature = base64UrlDecode(token.substr(secondDot + 1));
    if (!signature) {
        return fail(JwtError::Malformed, "signature is not valid base64url");
    }

    auto header = parseStrictJson(*headerText);
    if (header.problem != JsonProblem::None) {
        return fail(jsonError(header.problem), "header: " + header.detail);
    }
    if (!header.value.is_object()) {
        return fail(JwtError::Malformed, "header is not a JSON object");
    }
    const auto alg = header.value.find("alg");
    if (alg == header.value.end() || !alg->is_string()) {
        return fail(JwtError::Malformed, "header has no \"alg\" string");
    }
    const auto& algName = alg->get_ref<const std::string&>();
    if (isNoneAlgorithmName(algName)) {
        return fail(JwtError::Unsigned, "alg \"none\" refused");
    }
    const auto algorithm = algorithmFromName(algName);
    if (!algorithm) {
        return fail(JwtError::UnsupportedAlgorithm, "alg is not supported");
    }
    if (header.value.contains("crit")) {
        return fail(JwtError::UnsupportedCriticalHeader, "\"crit\" names unsupported extensions");
    }
    if (const auto b64 = header.value.find("b64"); b64 != header.value.end() && *b64 != true) {
        return fail(JwtError::Malformed, "unencoded payloads (b64) are not supported");
    }
    DecodeResult result;
    if (const auto kid = header.value.find("kid"); kid != header.value.end()) {
        if (!kid->is_string()) {
            return fail(JwtError::Malformed, "\"kid\" is not a string");
        }
        result.token.kid = kid->get<std::string>();
        result.token.hasKid = true;
    }

    auto payload = parseStrictJson(*payloadText);
    if (payload.problem != JsonProblem::None) {
        return fail(jsonError(payload.problem), "claims: " + payload.detail);
    }
    if (!payload.value.is_object()) {
        return fail(JwtError::Malformed, "claims are not a JSON object");
    }
    auto data = std::make_shared<ClaimsData>();
    data->object = std::move(payload.value);
    result.token.algorithm = *algorithm;
    result.token.signingInput = token.substr(0, secondDot);
    result.token.signature = std::move(*signature);
    result.token.claims = Claims(std::move(data));
    return result;
}

} // namespace portico::security::jwt
