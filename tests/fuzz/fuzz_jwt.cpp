// libFuzzer target for the JWT parsers: compact JWS decoding, full validation (with the cache),
// JWKS parsing and strict base64url. The first byte picks the parser; the rest is the input.

#include "core/security/jwt/base64url.h"
#include "core/security/jwt/key_set.h"
#include "core/security/jwt/signing_key.h"
#include "core/security/jwt/token.h"
#include "core/security/jwt/validator.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace portico::security::jwt;

namespace {

struct Fixture {
    KeySet keys;
    std::optional<JwtValidator> validator;
    VerificationCache cache{256};

    Fixture() {
        std::vector<VerificationKey> list;
        // A fixed secret so that the fuzzer can find HS256 tokens that verify and reach the
        // claims checks; the asymmetric keys exercise the other verification paths.
        list.push_back(*VerificationKey::fromSymmetricBytes(std::string(32, 'k'), {"oct", {}}).key);
        for (KeyKind kind : {KeyKind::Rsa, KeyKind::EcP256, KeyKind::Ed25519}) {
            list.push_back(*SigningKey::generate(kind)->verificationKey().key);
        }
        keys = KeySet(std::move(list));
        ValidatorConfig config;
        config.issuers = {"iss"};
        config.audiences = {"aud"};
        config.requiredClaims = {{"scp", {"a", "b"}, ClaimMatch::Any, " "}};
        config.clock = [] {
            return std::chrono::system_clock::time_point(std::chrono::seconds(1000));
        };
        validator = JwtValidator::compile(config).validator;
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Fixture fixture;
    if (size == 0) {
        return 0;
    }
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 4) {
    case 0: {
        const auto decoded = decodeToken(input);
        if (decoded.ok() && decoded.token.signingInput.size() >= input.size()) {
            std::abort(); // the signing input is a strict prefix of the token
        }
        break;
    }
    case 1: {
        const auto result = fixture.validator->validate(input, fixture.keys, &fixture.cache);
        if (result.ok() != (result.token != nullptr)) {
            std::abort();
        }
        break;
    }
    case 2: {
        const auto result = parseJwks(input);
        if (!result.ok() && !result.keys.empty()) {
            std::abort();
        }
        break;
    }
    case 3:
        // Strictness means exactly one spelling per byte string.
        if (const auto decoded = base64UrlDecode(input);
            decoded && base64UrlEncode(*decoded) != input) {
            std::abort();
        }
        break;
    }
    return 0;
}
