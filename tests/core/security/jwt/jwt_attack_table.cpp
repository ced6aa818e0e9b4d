#include "jwt_attack_table.h"

#include "core/security/jwt/base64url.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace portico::security::jwt::test {

namespace {

const SigningKey& rsa() {
    return signingKey(KeyKind::Rsa);
}

const SigningKey& attacker(KeyKind kind) {
    return otherSigningKey(kind);
}

std::string b64(std::string_view text) {
    return base64UrlEncode(text);
}

// Header and claims as written, signed with HMAC under an arbitrary secret (the attacker's
// choice of "key"), bypassing SigningKey's length rules.
std::string hmacWithSecret(std::string_view header, std::string_view secret) {
    return mint(Algorithm::HS256, SigningKey::fromSecret(secret), header, claimsJson());
}

std::string withSignature(std::string_view header, std::string_view claims,
                          std::string_view signature) {
    return b64(header) + "." + b64(claims) + "." + b64(signature);
}

std::string claimsWith(const std::string& members) {
    return R"({"iss":"https://issuer.test","aud":"api://portico")" + members + "}";
}

std::string exp(std::int64_t when) {
    return ",\"exp\":" + std::to_string(when);
}

const char kP256Order[] = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

std::string jwksOf(std::initializer_list<std::string> jwks) {
    std::string text = R"({"keys":[)";
    for (const auto& jwk : jwks)
        text += (text.back() == '[' ? "" : ",") + jwk;
    return text + "]}";
}

std::string rsaOnly() {
    return jwksOf({rsa().publicJwk("rsa")});
}

std::string ecOnly() {
    return jwksOf({signingKey(KeyKind::EcP256).publicJwk("p256")});
}

} // namespace

std::string standardJwks() {
    return jwksOf({rsa().publicJwk("rsa"), signingKey(KeyKind::EcP256).publicJwk("p256"),
                   signingKey(KeyKind::EcP384).publicJwk("p384"),
                   signingKey(KeyKind::EcP521).publicJwk("p521"),
                   signingKey(KeyKind::Ed25519).publicJwk("ed25519"),
                   signingKey(KeyKind::Symmetric).publicJwk("oct")});
}

KeySet keySetOf(const Attack& attack) {
    auto parsed = parseJwks(attack.jwks());
    if (!parsed.ok() || !parsed.problems.empty())
        qFatal("attack %s: unusable JWKS", attack.name.c_str());
    return KeySet(std::move(parsed.keys));
}

const std::vector<Attack>& attacks() {
    static const std::vector<Attack> table = [] {
        std::vector<Attack> rows;
        const std::string good = claimsJson();

        // alg "none" and its spellings, with and without a signature part.
        for (const char* none : {"none", "None", "NONE", "nOnE", "noNe"}) {
            rows.push_back({std::string("alg ") + none,
                            [none, good] {
                                return withSignature(std::string(R"({"alg":")") + none +
                                                         R"(","typ":"JWT"})",
                                                     good, "");
                            },
                            JwtError::Unsigned});
        }
        rows.push_back({"alg none with a signature",
                        [good] { return withSignature(R"({"alg":"none"})", good, "sig"); },
                        JwtError::Unsigned});

        // RS256 -> HS256: the RSA public key, in any encoding, used as the HMAC secret.
        rows.push_back({"HS256 keyed with the RSA public key PEM",
                        [] { return hmacWithSecret(R"({"alg":"HS256"})", rsa().publicKeyPem()); },
                        JwtError::KeyNotFound, rsaOnly});
        rows.push_back({"HS256 keyed with the RSA public key DER",
                        [] { return hmacWithSecret(R"({"alg":"HS256"})", rsa().publicKeyDer()); },
                        JwtError::KeyNotFound, rsaOnly});
        rows.push_back({"HS256 keyed with the RSA public JWK",
                        [] { return hmacWithSecret(R"({"alg":"HS256"})", rsa().publicJwk()); },
                        JwtError::KeyNotFound, rsaOnly});
        rows.push_back(
            {"HS256 keyed with the RSA PEM, kid of the RSA key",
             [] { return hmacWithSecret(R"({"alg":"HS256","kid":"rsa"})", rsa().publicKeyPem()); },
             JwtError::SignatureInvalid});
        rows.push_back({"HS256 keyed with the EC public key PEM",
                        [] {
                            return hmacWithSecret(R"({"alg":"HS256"})",
                                                  signingKey(KeyKind::EcP256).publicKeyPem());
                        },
                        JwtError::KeyNotFound, ecOnly});

        // Keys only for the family (and algorithm) they were published for.
        rows.push_back({"RSA key bound to RS256 used for PS256",
                        [good] {
                            return mint(Algorithm::PS256, rsa(),
                                        headerJson(Algorithm::PS256, "rsa"), good);
                        },
                        JwtError::KeyNotFound,
                        [] { return jwksOf({rsa().publicJwk("rsa", Algorithm::RS256)}); }});
        rows.push_back({"ES256 header over an RSA signature",
                        [good] {
                            const std::string header = R"({"alg":"ES256","kid":"rsa"})";
                            const std::string input = b64(header) + "." + b64(good);
                            return input + "." + b64(*rsa().sign(Algorithm::RS256, input));
                        },
                        JwtError::SignatureInvalid});
        rows.push_back({"ES384 token for a P-256 key",
                        [good] {
                            return mint(Algorithm::ES384, signingKey(KeyKind::EcP384),
                                        headerJson(Algorithm::ES384, "p256"), good);
                        },
                        JwtError::KeyNotFound, ecOnly});
        rows.push_back(
            {"RS256 token against an Ed25519-only key set",
             [good] { return mint(Algorithm::RS256, rsa(), headerJson(Algorithm::RS256), good); },
             JwtError::KeyNotFound,
             [] { return jwksOf({signingKey(KeyKind::Ed25519).publicJwk()}); }});

        // kid is compared, never used as a path, query or anything else.
        for (const char* kid : {"../../../../../../dev/null", "/dev/null", "rsa' OR '1'='1",
                                "rsa\\u0000", "rsa ", "RSA", "*", "http://attacker.test/key"}) {
            rows.push_back({std::string("kid ") + kid,
                            [kid, good] {
                                return mint(Algorithm::RS256, attacker(KeyKind::Rsa),
                                            std::string(R"({"alg":"RS256","kid":")") + kid + "\"}",
                                            good);
                            },
                            JwtError::SignatureInvalid});
        }
        rows.push_back({"kid /dev/null with an empty HMAC secret",
                        [] { return hmacWithSecret(R"({"alg":"HS256","kid":"/dev/null"})", ""); },
                        JwtError::SignatureInvalid});
        rows.push_back({"kid that is not a string",
                        [good] {
                            return mint(Algorithm::RS256, rsa(), R"({"alg":"RS256","kid":["rsa"]})",
                                        good);
                        },
                        JwtError::Malformed});

        // Key material in the header is never trusted.
        rows.push_back({"embedded jwk of the attacker's key",
                        [good] {
                            const std::string header = R"({"alg":"RS256","jwk":)" +
                                                       attacker(KeyKind::Rsa).publicJwk() + "}";
                            return mint(Algorithm::RS256, attacker(KeyKind::Rsa), header, good);
                        },
                        JwtError::SignatureInvalid});
        rows.push_back({"embedded jwk of the attacker's HMAC secret",
                        [good] {
                            const auto secret = SigningKey::fromSecret(std::string(32, 'a'));
                            const std::string header =
                                R"({"alg":"HS256","jwk":)" + secret.publicJwk() + "}";
                            return mint(Algorithm::HS256, secret, header, good);
                        },
                        JwtError::SignatureInvalid});
        rows.push_back({"jku pointing at the attacker's JWKS",
                        [good] {
                            return mint(Algorithm::RS256, attacker(KeyKind::Rsa),
                                        R"({"alg":"RS256","jku":"https://attacker.test/jwks"})",
                                        good);
                        },
                        JwtError::SignatureInvalid});
        rows.push_back({"x5u pointing at the attacker's certificate",
                        [good] {
                            return mint(Algorithm::RS256, attacker(KeyKind::Rsa),
                                        R"({"alg":"RS256","x5u":"https://attacker.test/c.pem"})",
                                        good);
                        },
                        JwtError::SignatureInvalid});
        rows.push_back(
            {"x5c with the attacker's certificate",
             [good] {
                 std::string der;
                 const std::string pem = selfSignedCertificatePem(attacker(KeyKind::Rsa));
                 for (const auto& line : QString::fromStdString(pem).split(QLatin1Char('\n'))) {
                     if (!line.startsWith(QLatin1String("-----"))) {
                         der += line.toStdString();
                     }
                 }
                 return mint(Algorithm::RS256, attacker(KeyKind::Rsa),
                             R"({"alg":"RS256","x5c":[")" + der + "\"]}", good);
             },
             JwtError::SignatureInvalid});

        // ECDSA scalars outside [1, n-1], and DER where JOSE wants r||s.
        rows.push_back(
            {"ES256 with r = s = 0",
             [good] { return withSignature(R"({"alg":"ES256"})", good, std::string(64, '\0')); },
             JwtError::SignatureInvalid});
        rows.push_back({"ES256 with r = s = n",
                        [good] {
                            const std::string n = QByteArray::fromHex(kP256Order).toStdString();
                            return withSignature(R"({"alg":"ES256"})", good, n + n);
                        },
                        JwtError::SignatureInvalid});
        rows.push_back({"ES256 with r = n + valid s",
                        [good] {
                            const std::string header = R"({"alg":"ES256"})";
                            const std::string input = b64(header) + "." + b64(good);
                            const auto sig =
                                signingKey(KeyKind::EcP256).sign(Algorithm::ES256, input);
                            const std::string n = QByteArray::fromHex(kP256Order).toStdString();
                            return input + "." + b64(n + sig->substr(32));
                        },
                        JwtError::SignatureInvalid});
        rows.push_back(
            {"ES256 with all-ones r and s",
             [good] { return withSignature(R"({"alg":"ES256"})", good, std::string(64, '\xff')); },
             JwtError::SignatureInvalid});
        rows.push_back({"ES256 with a DER signature",
                        [good] {
                            // 0x30 len 0x02 0x01 0x01 0x02 0x01 0x01: r = s = 1 in DER.
                            return withSignature(
                                R"({"alg":"ES256"})", good,
                                std::string("\x30\x06\x02\x01\x01\x02\x01\x01", 8));
                        },
                        JwtError::SignatureInvalid});

        // Lifetime and audience, validly signed.
        rows.push_back({"expired",
                        [] {
                            return mint(Algorithm::RS256, rsa(), headerJson(Algorithm::RS256),
                                        claimsWith(exp(kNow - 3600)));
                        },
                        JwtError::Expired});
        rows.push_back({"not yet valid",
                        [] {
                            return mint(Algorithm::RS256, rsa(), headerJson(Algorithm::RS256),
                                        claimsWith(exp(kNow + 7200) +
                                                   ",\"nbf\":" + std::to_string(kNow + 3600)));
                        },
                        JwtError::NotYetValid});
        rows.push_back({"missing exp",
                        [] {
                            return mint(Algorithm::RS256, rsa(), headerJson(Algorithm::RS256),
                                        claimsWith(""));
                        },
                        JwtError::ExpirationRequired});
        rows.push_back({"exp as a string",
                        [] {
                            return mint(Algorithm::RS256, rsa(), headerJson(Algorithm::RS256),
                                        claimsWith(",\"exp\":\"99999999999\""));
                        },
                        JwtError::Malformed});
        rows.push_back({"wrong issuer",
                        [] {
                            return mint(Algorithm::RS256, rsa(), headerJson(Algorithm::RS256),
                                        R"({"iss":"https://evil.test","aud":"api://portico")" +
                                            exp(kNow + 60) + "}");
                        },
                        JwtError::IssuerNotAllowed});
        rows.push_back({"wrong audience",
                        [] {
                            return mint(Algorithm::RS256, rsa(), headerJson(Algorithm::RS256),
                                        R"({"iss":"https://issuer.test","aud":"api://evil")" +
                                            exp(kNow + 60) + "}");
                        },
                        JwtError::AudienceNotAllowed});

        // Integrity.
        rows.push_back({"tampered payload",
                        [] {
                            const std::string token = mintDefault(Algorithm::RS256);
                            std::string claims = claimsJson();
                            claims.replace(claims.find("alice"), 5, "admin");
                            return replacePart(token, 1, b64(claims));
                        },
                        JwtError::SignatureInvalid});
        rows.push_back({"tampered header (kid added)",
                        [] {
                            const std::string token = mintDefault(Algorithm::ES256);
                            return replacePart(token, 0, b64(headerJson(Algorithm::ES256, "p256")));
                        },
                        JwtError::SignatureInvalid});
        rows.push_back({"signature stripped",
                        [] { return replacePart(mintDefault(Algorithm::RS256), 2, ""); },
                        JwtError::SignatureInvalid});
        rows.push_back({"signature part removed",
                        [] {
                            const std::string token = mintDefault(Algorithm::RS256);
                            return token.substr(0, token.rfind('.'));
                        },
                        JwtError::Malformed});
        rows.push_back({"HMAC signature truncated by one byte",
                        [] {
                            const std::string token = mintDefault(Algorithm::HS256);
                            std::string signature =
                                *base64UrlDecode(token.substr(token.rfind('.') + 1));
                            signature.pop_back();
                            return replacePart(token, 2, b64(signature));
                        },
                        JwtError::SignatureInvalid});
        rows.push_back({"signature of another algorithm's size (RS512 over RS256)",
                        [good] {
                            const std::string header = headerJson(Algorithm::RS256);
                            const std::string input = b64(header) + "." + b64(good);
                            return input + "." + b64(*rsa().sign(Algorithm::RS512, input));
                        },
                        JwtError::SignatureInvalid});

        // Parser differentials.
        rows.push_back({"duplicate alg in the header",
                        [good] {
                            return mint(Algorithm::RS256, rsa(), R"({"alg":"RS256","alg":"HS256"})",
                                        good);
                        },
                        JwtError::DuplicateJsonKey});
        rows.push_back({"duplicate sub in the payload",
                        [] {
                            return mint(
                                Algorithm::RS256, rsa(), headerJson(Algorithm::RS256),
                                claimsWith(exp(kNow + 60) + R"(,"sub":"alice","sub":"admin")"));
                        },
                        JwtError::DuplicateJsonKey});
        rows.push_back({"duplicate exp in the payload",
                        [] {
                            return mint(Algorithm::RS256, rsa(), headerJson(Algorithm::RS256),
                                        claimsWith(exp(kNow - 60) + exp(kNow + 60)));
                        },
                        JwtError::DuplicateJsonKey});
        rows.push_back({"duplicate key spelled with an escape",
                        [] {
                            return mint(Algorithm::RS256, rsa(), headerJson(Algorithm::RS256),
                                        claimsWith(exp(kNow + 60) + R"(,"\u0065xp":1)"));
                        },
                        JwtError::DuplicateJsonKey});
        rows.push_back({"crit header",
                        [good] {
                            return mint(Algorithm::RS256, rsa(),
                                        R"({"alg":"RS256","crit":["x-bypass"],"x-bypass":true})",
                                        good);
                        },
                        JwtError::UnsupportedCriticalHeader});
        rows.push_back({"unencoded payload (b64 false)",
                        [good] {
                            return mint(Algorithm::RS256, rsa(), R"({"alg":"RS256","b64":false})",
                                        good);
                        },
                        JwtError::Malformed});
        rows.push_back(
            {"alg in lower case",
             [good] { return mint(Algorithm::RS256, rsa(), R"({"alg":"rs256"})", good); },
             JwtError::UnsupportedAlgorithm});
        rows.push_back({"alg ES256K",
                        [good] { return withSignature(R"({"alg":"ES256K"})", good, "x"); },
                        JwtError::UnsupportedAlgorithm});
        rows.push_back({"alg missing",
                        [good] { return withSignature(R"({"typ":"JWT"})", good, "x"); },
                        JwtError::Malformed});
        rows.push_back({"header is an array",
                        [good] { return withSignature(R"(["RS256"])", good, "x"); },
                        JwtError::Malformed});
        rows.push_back({"payload is a string",
                        [] {
                            return mint(Algorithm::RS256, rsa(), headerJson(Algorithm::RS256),
                                        R"("admin")");
                        },
                        JwtError::Malformed});
        rows.push_back({"JWE (five parts)", [] { return mintDefault(Algorithm::RS256) + ".a.b"; },
                        JwtError::Malformed});

        // Size.
        rows.push_back({"token over 16 KiB",
                        [] {
                            return mint(Algorithm::RS256, rsa(), headerJson(Algorithm::RS256),
                                        claimsWith(exp(kNow + 60) + ",\"pad\":\"" +
                                                   std::string(13000, 'x') + "\""));
                        },
                        JwtError::TooLarge});
        rows.push_back({"deeply nested claims",
                        [] {
                            return mint(Algorithm::RS256, rsa(), headerJson(Algorithm::RS256),
                                        claimsWith(exp(kNow + 60) + ",\"n\":" +
                                                   std::string(200, '[') + std::string(200, ']')));
                        },
                        JwtError::Malformed});

        // Malformed base64url.
        rows.push_back({"padding in the payload",
                        [] {
                            const std::string token = mintDefault(Algorithm::RS256);
                            return replacePart(token, 1, b64(claimsJson() + " ") + "=");
                        },
                        JwtError::Malformed});
        rows.push_back({"standard base64 alphabet in the signature",
                        [] {
                            std::string token = mintDefault(Algorithm::HS256);
                            std::string signature = token.substr(token.rfind('.') + 1);
                            for (char& c : signature) {
                                c = c == '-' ? '+' : c == '_' ? '/' : c;
                            }
                            signature[0] = '+';
                            return replacePart(token, 2, signature);
                        },
                        JwtError::Malformed});
        rows.push_back({"whitespace inside a part",
                        [] {
                            std::string token = mintDefault(Algorithm::RS256);
                            return token.insert(5, " ");
                        },
                        JwtError::Malformed});
        rows.push_back({"non-canonical last character of the header",
                        [] {
                            // 16 bytes: 22 characters, the last one carrying 4 unused bits that
                            // must be zero. Setting one spells the same bytes differently.
                            const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
                                                         "opqrstuvwxyz0123456789-_";
                            std::string header = b64(R"({"alg":"HS256" })");
                            header.back() = alphabet[alphabet.find(header.back()) | 1];
                            return replacePart(mintDefault(Algorithm::HS256), 0, header);
                        },
                        JwtError::Malformed});
        rows.push_back({"empty header part",
                        [] { return replacePart(mintDefault(Algorithm::RS256), 0, ""); },
                        JwtError::Malformed});
        rows.push_back({"empty token", [] { return std::string(); }, JwtError::NotPresent});
        rows.push_back({"just dots", [] { return std::string(".."); }, JwtError::Malformed});
        return rows;
    }();
    return table;
}

} // namespace portico::security::jwt::test
