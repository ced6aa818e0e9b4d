#pragma once

#include "core/security/jwt/key_set.h"
#include "core/security/jwt/signing_key.h"
#include "core/security/jwt/validator.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace portico::security::jwt::test {

// A fixed "now" for every suite: 2027-01-15T08:00:00Z.
inline constexpr std::int64_t kNow = 1'800'000'000;

Clock fixedClock(std::int64_t seconds = kNow);

// One key of each kind per process, generated on first use (RSA generation is slow).
const SigningKey& signingKey(KeyKind kind);
// A second, unrelated key of the same kind (the "attacker's" or the rotated key).
const SigningKey& otherSigningKey(KeyKind kind);

// {"alg":...,"typ":"JWT"[,"kid":...]}
std::string headerJson(Algorithm algorithm, std::string_view kid = {});
// {"iss":"https://issuer.test","aud":"api://portico","sub":"alice","iat":now,"nbf":now,"exp":now+3600}
std::string claimsJson(std::int64_t now = kNow);

// Signs the given header and claims texts exactly as written (no re-serialisation).
std::string mint(Algorithm algorithm, const SigningKey& key, std::string_view header,
                 std::string_view claims);
// A well-formed token for the algorithm with the standard claims and the kind's default key.
std::string mintDefault(Algorithm algorithm, std::string_view kid = {});

// The verification key of signingKey(kind) with the given id (and bound algorithm, if any).
VerificationKey verificationKeyFor(KeyKind kind, std::string_view id = {},
                                   std::optional<Algorithm> algorithm = std::nullopt);
// A key set with one key of each kind, ids "rsa", "p256", "p384", "p521", "ed25519", "oct".
KeySet standardKeySet();

// The standard configuration: issuer and audience of claimsJson(), the fixed clock.
ValidatorConfig standardConfig();
JwtValidator compileOrDie(ValidatorConfig config);

// A self-signed X.509 certificate (PEM) for the key, valid around kNow.
std::string selfSignedCertificatePem(const SigningKey& key);

std::string replacePart(std::string_view token, int part, std::string_view replacement);

} // namespace portico::security::jwt::test
