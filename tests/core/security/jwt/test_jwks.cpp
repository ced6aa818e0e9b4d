#include "core/security/jwt/base64url.h"
#include "core/security/jwt/key_set.h"
#include "core/security/jwt/signature.h"
#include "jwt_test_support.h"

#include <nlohmann/json.hpp>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <QTest>

using namespace portico::security::jwt;
using namespace portico::security::jwt::test;
using Json = nlohmann::json;

Q_DECLARE_METATYPE(portico::security::jwt::KeyKind)

namespace {

Json jwkOf(KeyKind kind, const char* kid = "k1") {
    return Json::parse(signingKey(kind).publicJwk(kid));
}

std::string jwks(const Json& key) {
    return Json{{"keys", Json::array({key})}}.dump();
}

// An RSA key too small to accept, built directly with OpenSSL.
Json smallRsaJwk() {
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(1024));
    BIGNUM* n = nullptr;
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n);
    std::string bytes(static_cast<std::size_t>(BN_num_bytes(n)), '\0');
    BN_bn2bin(n, reinterpret_cast<unsigned char*>(bytes.data()));
    BN_free(n);
    EVP_PKEY_free(key);
    return Json{{"kty", "RSA"}, {"n", base64UrlEncode(bytes)}, {"e", "AQAB"}};
}

} // namespace

class TestJwks : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesEveryKeyKind_data();
    void parsesEveryKeyKind();
    void bindsKeyToItsPublishedAlgorithm();
    void ignoresX5cAndUsesTheKeyMembers();
    void skipsUnusableKeysNamingWhereAndWhy_data();
    void skipsUnusableKeysNamingWhereAndWhy();
    void refusesUnusableDocuments_data();
    void refusesUnusableDocuments();
    void readsPublicKeyPemOfEveryAsymmetricKind_data();
    void readsPublicKeyPemOfEveryAsymmetricKind();
    void refusesPrivateKeyPemAndGarbage();
    void readsCertificateAsPemAndBase64Der();
    void readsSymmetricBase64KeyAsHmacOnly();
    void readsRsaModulusAndExponent();
    void givesEachKeySetANewGeneration();
};

void TestJwks::parsesEveryKeyKind_data() {
    QTest::addColumn<KeyKind>("kind");
    QTest::newRow("RSA") << KeyKind::Rsa;
    QTest::newRow("EC P-256") << KeyKind::EcP256;
    QTest::newRow("EC P-384") << KeyKind::EcP384;
    QTest::newRow("EC P-521") << KeyKind::EcP521;
    QTest::newRow("OKP Ed25519") << KeyKind::Ed25519;
    QTest::newRow("oct") << KeyKind::Symmetric;
}

void TestJwks::parsesEveryKeyKind() {
    QFETCH(KeyKind, kind);
    const auto result = parseJwks(jwks(jwkOf(kind, "key-1")));
    QVERIFY2(result.ok(), result.error.c_str());
    QVERIFY2(result.problems.empty(), result.problems.empty() ? "" : result.problems[0].c_str());
    QCOMPARE(result.keys.size(), std::size_t(1));
    QCOMPARE(result.keys[0].kind(), kind);
    QCOMPARE(result.keys[0].id(), std::string("key-1"));
}

void TestJwks::bindsKeyToItsPublishedAlgorithm() {
    Json jwk = jwkOf(KeyKind::Rsa);
    jwk["alg"] = "PS256";
    const auto result = parseJwks(jwks(jwk));
    QCOMPARE(result.keys.size(), std::size_t(1));
    QVERIFY(result.keys[0].permits(Algorithm::PS256));
    QVERIFY(!result.keys[0].permits(Algorithm::RS256));
    QVERIFY(!result.keys[0].permits(Algorithm::HS256));
}

void TestJwks::ignoresX5cAndUsesTheKeyMembers() {
    Json jwk = jwkOf(KeyKind::Rsa);
    // A certificate of another key in x5c, and an x5u: neither may replace n/e.
    std::string der;
    for (const auto& line :
         QString::fromStdString(selfSignedCertificatePem(otherSigningKey(KeyKind::Rsa)))
             .split(QLatin1Char('\n'))) {
        if (!line.startsWith(QLatin1String("-----"))) {
            der += line.toStdString();
        }
    }
    jwk["x5c"] = Json::array({der});
    jwk["x5u"] = "https://attacker.test/cert.pem";
    const auto result = parseJwks(jwks(jwk));
    QCOMPARE(result.keys.size(), std::size_t(1));
    const auto own = signingKey(KeyKind::Rsa).sign(Algorithm::RS256, "a.b");
    const auto other = otherSigningKey(KeyKind::Rsa).sign(Algorithm::RS256, "a.b");
    QVERIFY(verifySignature(Algorithm::RS256, result.keys[0], "a.b", *own));
    QVERIFY(!verifySignature(Algorithm::RS256, result.keys[0], "a.b", *other));
}

void TestJwks::skipsUnusableKeysNamingWhereAndWhy_data() {
    QTest::addColumn<QByteArray>("jwk");
    QTest::addColumn<QString>("expected");
    auto row = [](const char* name, Json jwk, const char* expected) {
        QTest::newRow(name) << QByteArray::fromStdString(jwk.dump()) << QString::fromUtf8(expected);
    };
    Json ec = jwkOf(KeyKind::EcP256);
    Json p384 = jwkOf(KeyKind::EcP384);

    Json unknownCurve = ec;
    unknownCurve["crv"] = "P-192";
    row("EC unknown curve", unknownCurve, "is not one of P-256");
    Json wrongCurve = p384;
    wrongCurve["crv"] = "P-256";
    row("EC coordinates of another curve", wrongCurve, "expected 32 for P-256");
    Json shortX = ec;
    shortX["x"] = base64UrlEncode(base64UrlDecode(ec["x"].get<std::string>())->substr(1));
    row("EC x shortened", shortX, "expected 32");
    Json offCurve = ec;
    std::string y = *base64UrlDecode(ec["y"].get<std::string>());
    y.back() = static_cast<char>(y.back() ^ 1);
    offCurve["y"] = base64UrlEncode(y);
    row("EC point off the curve", offCurve, "P-256");
    Json noY = ec;
    noY.erase("y");
    row("EC without y", noY, "\"y\" is missing");
    Json paddedX = ec;
    paddedX["x"] = ec["x"].get<std::string>() + "=";
    row("EC x with padding", paddedX, "not valid base64url");
    Json withPrivate = ec;
    withPrivate["d"] = "AAAA";
    row("EC with private d", withPrivate, "private key member \"d\"");
    Json encryption = ec;
    encryption["use"] = "enc";
    row("use enc", encryption, "not \"sig\"");
    Json signOnly = ec;
    signOnly["key_ops"] = Json::array({"sign"});
    row("key_ops without verify", signOnly, "does not allow \"verify\"");
    Json wrongAlg = ec;
    wrongAlg["alg"] = "RS256";
    row("alg of another family", wrongAlg, "does not fit");
    Json noneAlg = ec;
    noneAlg["alg"] = "none";
    row("alg none", noneAlg, "not a supported");
    Json hmacOnEc = ec;
    hmacOnEc["alg"] = "HS256";
    row("HS256 on an EC key", hmacOnEc, "does not fit");
    row("unknown kty", Json{{"kty", "XYZ"}}, "\"kty\" \"XYZ\" is not supported");
    row("missing kty", Json{{"kid", "x"}}, "\"kty\" is missing");
    row("RSA of 1024 bits", smallRsaJwk(), "shorter than 2048");
    Json evenExponent = jwkOf(KeyKind::Rsa);
    evenExponent["e"] = "AQAA";
    row("RSA even exponent", evenExponent, "odd");
    Json x25519 = jwkOf(KeyKind::Ed25519);
    x25519["crv"] = "X25519";
    row("OKP X25519", x25519, "is not Ed25519");
    row("oct secret too short", Json{{"kty", "oct"}, {"k", base64UrlEncode("short")}},
        "shorter than 32");
    Json numericKid = ec;
    numericKid["kid"] = 7;
    row("kid not a string", numericKid, "\"kid\" is not a string");
    row("not an object", Json::array({1}), "is not an object");
}

void TestJwks::skipsUnusableKeysNamingWhereAndWhy() {
    QFETCH(QByteArray, jwk);
    QFETCH(QString, expected);
    // A good key first, so the problem is reported at index 1 and the good key survives.
    const Json document{{"keys", Json::array({jwkOf(KeyKind::Rsa, "good"), Json::parse(jwk)})}};
    const auto result = parseJwks(document.dump());
    QVERIFY2(result.ok(), result.error.c_str());
    QCOMPARE(result.keys.size(), std::size_t(1));
    QCOMPARE(result.keys[0].id(), std::string("good"));
    QCOMPARE(result.problems.size(), std::size_t(1));
    const QString problem = QString::fromStdString(result.problems[0]);
    QVERIFY2(problem.startsWith(QStringLiteral("keys[1]")), qPrintable(problem));
    QVERIFY2(problem.contains(expected), qPrintable(problem));
}

void TestJwks::refusesUnusableDocuments_data() {
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QString>("expected");
    QTest::newRow("syntax error") << QByteArray("{\n \"keys\": [\n  {,]\n}")
                                  << QStringLiteral("line 3");
    QTest::newRow("duplicate keys member")
        << QByteArray(R"({"keys":[],"keys":[]})") << QStringLiteral("duplicate key \"keys\"");
    QTest::newRow("duplicate member in a key")
        << QByteArray(R"({"keys":[{"kty":"oct","kty":"RSA"}]})") << QStringLiteral("duplicate");
    QTest::newRow("no keys") << QByteArray(R"({"items":[]})") << QStringLiteral("no \"keys\"");
    QTest::newRow("not an object") << QByteArray("[]") << QStringLiteral("not a JSON object");
    std::string many = "{\"keys\":[";
    for (int i = 0; i < 101; ++i) {
        many += (i ? ",{}" : "{}");
    }
    QTest::newRow("too many keys")
        << QByteArray::fromStdString(many + "]}") << QStringLiteral("more than 100");
}

void TestJwks::refusesUnusableDocuments() {
    QFETCH(QByteArray, document);
    QFETCH(QString, expected);
    const auto result = parseJwks(document.toStdString());
    QVERIFY(!result.ok());
    QVERIFY(result.keys.empty());
    QVERIFY2(QString::fromStdString(result.error).contains(expected), result.error.c_str());
}

void TestJwks::readsPublicKeyPemOfEveryAsymmetricKind_data() {
    QTest::addColumn<KeyKind>("kind");
    QTest::newRow("RSA") << KeyKind::Rsa;
    QTest::newRow("EC P-256") << KeyKind::EcP256;
    QTest::newRow("EC P-384") << KeyKind::EcP384;
    QTest::newRow("EC P-521") << KeyKind::EcP521;
    QTest::newRow("Ed25519") << KeyKind::Ed25519;
}

void TestJwks::readsPublicKeyPemOfEveryAsymmetricKind() {
    QFETCH(KeyKind, kind);
    const auto result = VerificationKey::fromPublicKeyPem(signingKey(kind).publicKeyPem());
    QVERIFY2(result.key.has_value(), result.error.c_str());
    QCOMPARE(result.key->kind(), kind);
    QVERIFY(!result.key->permits(Algorithm::HS256));
}

void TestJwks::refusesPrivateKeyPemAndGarbage() {
    QVERIFY(!VerificationKey::fromPublicKeyPem(signingKey(KeyKind::Rsa).privateKeyPem()).key);
    const auto garbage = VerificationKey::fromPublicKeyPem("-----BEGIN PUBLIC KEY-----\nAAAA\n");
    QVERIFY(!garbage.key);
    QVERIFY(garbage.error.find("BEGIN PUBLIC KEY") != std::string::npos);
}

void TestJwks::readsCertificateAsPemAndBase64Der() {
    const std::string pem = selfSignedCertificatePem(signingKey(KeyKind::EcP256));
    const auto fromPem = VerificationKey::fromCertificate(pem);
    QVERIFY2(fromPem.key.has_value(), fromPem.error.c_str());
    QCOMPARE(fromPem.key->kind(), KeyKind::EcP256);

    std::string body;
    for (const auto& line : QString::fromStdString(pem).split(QLatin1Char('\n'))) {
        if (!line.startsWith(QLatin1String("-----"))) {
            body += line.toStdString();
        }
    }
    const auto fromDer = VerificationKey::fromCertificate(body);
    QVERIFY2(fromDer.key.has_value(), fromDer.error.c_str());
    const auto signature = signingKey(KeyKind::EcP256).sign(Algorithm::ES256, "a.b");
    QVERIFY(verifySignature(Algorithm::ES256, *fromDer.key, "a.b", *signature));
    QVERIFY(!VerificationKey::fromCertificate("AAAA").key);
}

void TestJwks::readsSymmetricBase64KeyAsHmacOnly() {
    const std::string secret(32, 's');
    const auto result = VerificationKey::fromSymmetricBase64(
        QByteArray::fromStdString(secret).toBase64().toStdString());
    QVERIFY2(result.key.has_value(), result.error.c_str());
    QCOMPARE(result.key->kind(), KeyKind::Symmetric);
    QVERIFY(result.key->permits(Algorithm::HS256));
    QVERIFY(!result.key->permits(Algorithm::RS256));
    QVERIFY(!VerificationKey::fromSymmetricBase64("not base64!").key);
}

void TestJwks::readsRsaModulusAndExponent() {
    const Json jwk = jwkOf(KeyKind::Rsa);
    const auto result = VerificationKey::fromRsaModulusExponent(jwk["n"].get<std::string>(),
                                                                jwk["e"].get<std::string>());
    QVERIFY2(result.key.has_value(), result.error.c_str());
    QCOMPARE(result.key->bits(), 2048);
    QVERIFY(!VerificationKey::fromRsaModulusExponent("n+t/url", "AQAB").key);
}

void TestJwks::givesEachKeySetANewGeneration() {
    const KeySet first;
    const KeySet second;
    QVERIFY(first.generation() != second.generation());
}

QTEST_GUILESS_MAIN(TestJwks)
#include "test_jwks.moc"
