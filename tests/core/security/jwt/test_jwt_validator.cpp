#include "core/security/jwt/validator.h"
#include "jwt_test_support.h"

#include <QTest>

using namespace portico::security::jwt;
using namespace portico::security::jwt::test;

Q_DECLARE_METATYPE(portico::security::jwt::JwtError)
Q_DECLARE_METATYPE(portico::security::jwt::Algorithm)

namespace {

std::string hs256(std::string_view claims) {
    return mint(Algorithm::HS256, signingKey(KeyKind::Symmetric), headerJson(Algorithm::HS256),
                claims);
}

ValidationResult check(const ValidatorConfig& config, const std::string& token) {
    return compileOrDie(config).validate(token, standardKeySet());
}

std::string timed(const char* member, std::int64_t value, bool withExp = true) {
    std::string claims = R"({"iss":"https://issuer.test","aud":"api://portico")";
    if (withExp && std::string_view(member) != "exp") {
        claims += ",\"exp\":" + std::to_string(kNow + 3600);
    }
    if (*member) {
        claims += ",\"" + std::string(member) + "\":" + std::to_string(value);
    }
    return claims + "}";
}

} // namespace

class TestJwtValidator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void acceptsValidTokenOfEveryAlgorithm_data();
    void acceptsValidTokenOfEveryAlgorithm();
    void appliesLifetimeWithClockSkew_data();
    void appliesLifetimeWithClockSkew();
    void defaultsClockSkewToFiveMinutes();
    void requiresExpirationTimeUnlessDisabled();
    void refusesNonNumericDates();
    void acceptsAudienceAsStringOrArray_data();
    void acceptsAudienceAsStringOrArray();
    void acceptsOnlyListedIssuers_data();
    void acceptsOnlyListedIssuers();
    void matchesRequiredClaims_data();
    void matchesRequiredClaims();
    void namesEveryMissingRequiredClaim();
    void namesTheClaimWhoseValueIsNotAllowed();
    void reportsTokenNotPresent();
    void refusesAlgorithmsOutsideTheConfiguredList();
    void refusesInvalidConfigurations();
    void selectsKeyByExactKidAndFlagsUnknownKid();
    void exposesVerifiedClaims();
};

void TestJwtValidator::acceptsValidTokenOfEveryAlgorithm_data() {
    QTest::addColumn<Algorithm>("algorithm");
    for (Algorithm algorithm : kAllAlgorithms) {
        QTest::newRow(std::string(algorithmName(algorithm)).c_str()) << algorithm;
    }
}

void TestJwtValidator::acceptsValidTokenOfEveryAlgorithm() {
    QFETCH(Algorithm, algorithm);
    const auto result = check(standardConfig(), mintDefault(algorithm));
    QVERIFY2(result.ok(), result.detail.c_str());
    QCOMPARE(result.token->algorithm, algorithm);
}

void TestJwtValidator::appliesLifetimeWithClockSkew_data() {
    QTest::addColumn<QByteArray>("claims");
    QTest::addColumn<JwtError>("expected");
    const std::int64_t skew = 300;
    auto row = [](const char* name, const std::string& claims, JwtError error) {
        QTest::newRow(name) << QByteArray::fromStdString(claims) << error;
    };
    row("exp well ahead", timed("exp", kNow + 3600), JwtError::None);
    row("exp just passed, within skew", timed("exp", kNow - skew + 1), JwtError::None);
    row("exp passed by exactly the skew", timed("exp", kNow - skew), JwtError::Expired);
    row("exp long passed", timed("exp", kNow - 86400), JwtError::Expired);
    row("nbf now", timed("nbf", kNow), JwtError::None);
    row("nbf ahead within skew", timed("nbf", kNow + skew), JwtError::None);
    row("nbf ahead beyond skew", timed("nbf", kNow + skew + 1), JwtError::NotYetValid);
    row("iat ahead beyond skew", timed("iat", kNow + skew + 1), JwtError::NotYetValid);
    row("iat in the past", timed("iat", kNow - 86400), JwtError::None);
    row("fractional exp",
        R"({"iss":"https://issuer.test","aud":"api://portico","exp":)" + std::to_string(kNow + 10) +
            ".5}",
        JwtError::None);
}

void TestJwtValidator::appliesLifetimeWithClockSkew() {
    QFETCH(QByteArray, claims);
    QFETCH(JwtError, expected);
    const auto result = check(standardConfig(), hs256(claims.toStdString()));
    QCOMPARE(result.error, expected);
    if (expected == JwtError::Expired) {
        QCOMPARE(result.message, std::string("JWT has expired."));
        QCOMPARE(errorReason(result.error), std::string_view("TokenExpired"));
    }
    if (expected == JwtError::NotYetValid) {
        QCOMPARE(result.message, std::string("JWT not yet valid."));
    }
}

void TestJwtValidator::defaultsClockSkewToFiveMinutes() {
    QCOMPARE(ValidatorConfig().clockSkew, std::chrono::seconds(300));
    ValidatorConfig strict = standardConfig();
    strict.clockSkew = std::chrono::seconds(0);
    QCOMPARE(check(strict, hs256(timed("exp", kNow - 1))).error, JwtError::Expired);
    QCOMPARE(check(strict, hs256(timed("exp", kNow + 1))).error, JwtError::None);
    QCOMPARE(check(strict, hs256(timed("nbf", kNow + 1))).error, JwtError::NotYetValid);
}

void TestJwtValidator::requiresExpirationTimeUnlessDisabled() {
    const std::string token = hs256(timed("", 0, /*withExp=*/false));
    const auto required = check(standardConfig(), token);
    QCOMPARE(required.error, JwtError::ExpirationRequired);
    ValidatorConfig optional = standardConfig();
    optional.requireExpirationTime = false;
    QCOMPARE(check(optional, token).error, JwtError::None);
}

void TestJwtValidator::refusesNonNumericDates() {
    const std::string token =
        hs256(R"({"iss":"https://issuer.test","aud":"api://portico","exp":"tomorrow"})");
    QCOMPARE(check(standardConfig(), token).error, JwtError::Malformed);
}

void TestJwtValidator::acceptsAudienceAsStringOrArray_data() {
    QTest::addColumn<QByteArray>("aud");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("string") << QByteArray(R"("api://portico")") << true;
    QTest::newRow("array containing it") << QByteArray(R"(["other","api://portico"])") << true;
    QTest::newRow("other string") << QByteArray(R"("api://other")") << false;
    QTest::newRow("array without it") << QByteArray(R"(["a","b"])") << false;
    QTest::newRow("case differs") << QByteArray(R"("API://portico")") << false;
    QTest::newRow("number") << QByteArray("42") << false;
    QTest::newRow("empty array") << QByteArray("[]") << false;
}

void TestJwtValidator::acceptsAudienceAsStringOrArray() {
    QFETCH(QByteArray, aud);
    QFETCH(bool, accepted);
    const std::string token =
        hs256(R"({"iss":"https://issuer.test","exp":)" + std::to_string(kNow + 60) +
              ",\"aud\":" + aud.toStdString() + "}");
    const auto result = check(standardConfig(), token);
    QCOMPARE(result.ok(), accepted);
    if (!accepted) {
        QCOMPARE(result.error, JwtError::AudienceNotAllowed);
        QCOMPARE(errorReason(result.error), std::string_view("TokenAudienceNotAllowed"));
    }
}

void TestJwtValidator::acceptsOnlyListedIssuers_data() {
    QTest::addColumn<QByteArray>("iss");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("first issuer") << QByteArray(R"("https://issuer.test")") << true;
    QTest::newRow("second issuer") << QByteArray(R"("https://second.test")") << true;
    QTest::newRow("trailing slash") << QByteArray(R"("https://issuer.test/")") << false;
    QTest::newRow("unknown") << QByteArray(R"("https://evil.test")") << false;
    QTest::newRow("array") << QByteArray(R"(["https://issuer.test"])") << false;
}

void TestJwtValidator::acceptsOnlyListedIssuers() {
    QFETCH(QByteArray, iss);
    QFETCH(bool, accepted);
    ValidatorConfig config = standardConfig();
    config.issuers.push_back("https://second.test");
    const std::string token = hs256(R"({"aud":"api://portico","exp":)" + std::to_string(kNow + 60) +
                                    ",\"iss\":" + iss.toStdString() + "}");
    const auto result = check(config, token);
    QCOMPARE(result.ok(), accepted);
    if (!accepted) {
        QCOMPARE(result.error, JwtError::IssuerNotAllowed);
    }
}

void TestJwtValidator::matchesRequiredClaims_data() {
    QTest::addColumn<QByteArray>("claim");
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<bool>("any");
    QTest::addColumn<QString>("separator");
    QTest::addColumn<bool>("accepted");
    const QStringList financeLogistics{QStringLiteral("finance"), QStringLiteral("logistics")};
    const QString none;
    QTest::newRow("all: both in array") << QByteArray(R"(["logistics","finance","x"])")
                                        << financeLogistics << false << none << true;
    QTest::newRow("all: one missing")
        << QByteArray(R"(["finance"])") << financeLogistics << false << none << false;
    QTest::newRow("any: one present")
        << QByteArray(R"(["finance"])") << financeLogistics << true << none << true;
    QTest::newRow("any: none present")
        << QByteArray(R"(["hr"])") << financeLogistics << true << none << false;
    QTest::newRow("all: separated string")
        << QByteArray(R"("finance logistics")") << financeLogistics << false << QStringLiteral(" ")
        << true;
    QTest::newRow("all: string without separator is one value")
        << QByteArray(R"("finance logistics")") << financeLogistics << false << none << false;
    QTest::newRow("any: comma separated") << QByteArray(R"("hr,logistics")") << financeLogistics
                                          << true << QStringLiteral(",") << true;
    QTest::newRow("presence only")
        << QByteArray(R"("anything")") << QStringList() << false << none << true;
    QTest::newRow("number value") << QByteArray("3") << QStringList{QStringLiteral("3")} << false
                                  << none << true;
    QTest::newRow("boolean value")
        << QByteArray("true") << QStringList{QStringLiteral("true")} << false << none << true;
    QTest::newRow("exact case") << QByteArray(R"("Finance")")
                                << QStringList{QStringLiteral("finance")} << false << none << false;
}

void TestJwtValidator::matchesRequiredClaims() {
    QFETCH(QByteArray, claim);
    QFETCH(QStringList, values);
    QFETCH(bool, any);
    QFETCH(QString, separator);
    QFETCH(bool, accepted);
    ValidatorConfig config = standardConfig();
    RequiredClaim required;
    required.name = "group";
    for (const auto& value : values) {
        required.values.push_back(value.toStdString());
    }
    required.match = any ? ClaimMatch::Any : ClaimMatch::All;
    required.separator = separator.toStdString();
    config.requiredClaims.push_back(required);
    const std::string token =
        hs256(R"({"iss":"https://issuer.test","aud":"api://portico","exp":)" +
              std::to_string(kNow + 60) + ",\"group\":" + claim.toStdString() + "}");
    const auto result = check(config, token);
    QCOMPARE(result.ok(), accepted);
    if (!accepted) {
        QCOMPARE(result.error, JwtError::ClaimValueNotAllowed);
    }
}

void TestJwtValidator::namesEveryMissingRequiredClaim() {
    ValidatorConfig config = standardConfig();
    config.requiredClaims.push_back({"sub", {}, ClaimMatch::All, {}});
    config.requiredClaims.push_back({"tid", {"t1"}, ClaimMatch::All, {}});
    config.requiredClaims.push_back({"roles", {}, ClaimMatch::Any, {}});
    const auto result = check(config, hs256(timed("", 0)));
    QCOMPARE(result.error, JwtError::ClaimNotFound);
    QCOMPARE(result.message,
             std::string("JWT token is missing the following claims: sub, tid, roles. "
                         "Access denied."));
    QCOMPARE(errorReason(result.error), std::string_view("TokenClaimNotFound"));
}

void TestJwtValidator::namesTheClaimWhoseValueIsNotAllowed() {
    ValidatorConfig config = standardConfig();
    config.requiredClaims.push_back({"scp", {"write"}, ClaimMatch::All, " "});
    const auto result =
        check(config, hs256(R"({"iss":"https://issuer.test","aud":"api://portico","exp":)" +
                            std::to_string(kNow + 60) + R"(,"scp":"read list"})"));
    QCOMPARE(result.error, JwtError::ClaimValueNotAllowed);
    QCOMPARE(result.message,
             std::string("Claim scp value of read list is not allowed. Access denied."));
}

void TestJwtValidator::reportsTokenNotPresent() {
    const auto result = check(standardConfig(), "");
    QCOMPARE(result.error, JwtError::NotPresent);
    QCOMPARE(result.message, std::string("JWT not present."));
    QCOMPARE(errorReason(result.error), std::string_view("TokenNotPresent"));
}

void TestJwtValidator::refusesAlgorithmsOutsideTheConfiguredList() {
    ValidatorConfig config = standardConfig();
    config.algorithms = {Algorithm::RS256};
    QCOMPARE(check(config, mintDefault(Algorithm::RS256)).error, JwtError::None);
    QCOMPARE(check(config, mintDefault(Algorithm::PS256)).error, JwtError::UnsupportedAlgorithm);
    QCOMPARE(check(config, mintDefault(Algorithm::HS256)).error, JwtError::UnsupportedAlgorithm);
}

void TestJwtValidator::refusesInvalidConfigurations() {
    ValidatorConfig config = standardConfig();
    config.clockSkew = std::chrono::seconds(-1);
    config.algorithms.clear();
    config.issuers.push_back("");
    config.requiredClaims.push_back({});
    const auto compiled = JwtValidator::compile(config);
    QVERIFY(!compiled.validator.has_value());
    QCOMPARE(compiled.errors.size(), std::size_t(4));
}

void TestJwtValidator::selectsKeyByExactKidAndFlagsUnknownKid() {
    // Two RSA keys; the token names the second by kid.
    const KeySet keys({verificationKeyFor(KeyKind::Rsa, "a"),
                       *otherSigningKey(KeyKind::Rsa).verificationKey({"b", {}}).key});
    const auto validator = compileOrDie(standardConfig());
    const std::string signedByB = mint(Algorithm::RS256, otherSigningKey(KeyKind::Rsa),
                                       headerJson(Algorithm::RS256, "b"), claimsJson());
    QVERIFY(validator.validate(signedByB, keys).ok());
    // Named "a" but signed by b: only "a" is tried, so it fails.
    const std::string misnamed = mint(Algorithm::RS256, otherSigningKey(KeyKind::Rsa),
                                      headerJson(Algorithm::RS256, "a"), claimsJson());
    QCOMPARE(validator.validate(misnamed, keys).error, JwtError::SignatureInvalid);
    // Unknown kid: every RSA key is tried (APIM's rollover behaviour) and the caller learns the
    // kid was unknown, so it can refetch the JWKS.
    const std::string unknown = mint(Algorithm::RS256, signingKey(KeyKind::Rsa),
                                     headerJson(Algorithm::RS256, "zzz"), claimsJson());
    const auto result = validator.validate(unknown, keys);
    QVERIFY(result.ok());
    const std::string unknownBadKey = mint(Algorithm::RS256, otherSigningKey(KeyKind::Rsa),
                                           headerJson(Algorithm::RS256, "zzz"), claimsJson());
    const KeySet onlyA({verificationKeyFor(KeyKind::Rsa, "a")});
    const auto failed = validator.validate(unknownBadKey, onlyA);
    QCOMPARE(failed.error, JwtError::SignatureInvalid);
    QVERIFY(failed.unknownKid);
}

void TestJwtValidator::exposesVerifiedClaims() {
    const auto result = check(standardConfig(), mintDefault(Algorithm::ES256, "p256"));
    QVERIFY(result.ok());
    QCOMPARE(result.token->kid, std::string("p256"));
    QCOMPARE(result.token->claims.string("sub").value(), std::string("alice"));
    QCOMPARE(result.token->claims.number("exp").value(), double(kNow + 3600));
    QCOMPARE(result.token->claims.strings("aud"), std::vector<std::string>{"api://portico"});
}

QTEST_GUILESS_MAIN(TestJwtValidator)
#include "test_jwt_validator.moc"
