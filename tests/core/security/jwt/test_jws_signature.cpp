#include "core/security/jwt/base64url.h"
#include "core/security/jwt/signature.h"
#include "jwt_test_support.h"

#include <QTest>

using namespace portico::security::jwt;
using namespace portico::security::jwt::test;

Q_DECLARE_METATYPE(portico::security::jwt::Algorithm)

namespace {

void addAlgorithmRows() {
    QTest::addColumn<Algorithm>("algorithm");
    for (Algorithm algorithm : kAllAlgorithms) {
        QTest::newRow(std::string(algorithmName(algorithm)).c_str()) << algorithm;
    }
}

// P-256 group order n, big-endian.
const char kP256Order[] = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

std::string hexBytes(const char* hex) {
    return QByteArray::fromHex(hex).toStdString();
}

} // namespace

class TestJwsSignature : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void verifiesSignatureOfEveryAlgorithm_data() { addAlgorithmRows(); }
    void verifiesSignatureOfEveryAlgorithm();
    void rejectsSignatureMadeWithAnotherKey_data() { addAlgorithmRows(); }
    void rejectsSignatureMadeWithAnotherKey();
    void rejectsTamperedSigningInput_data() { addAlgorithmRows(); }
    void rejectsTamperedSigningInput();
    void rejectsTruncatedOrExtendedSignature_data() { addAlgorithmRows(); }
    void rejectsTruncatedOrExtendedSignature();
    void producesEcdsaSignaturesOfExactJoseLength_data();
    void producesEcdsaSignaturesOfExactJoseLength();
    void rejectsEcdsaScalarsOutsideTheGroupOrder_data();
    void rejectsEcdsaScalarsOutsideTheGroupOrder();
    void refusesKeyBoundToAnotherAlgorithm();
    void refusesSecretShorterThanTheHash();
    void refusesPkcs1SignatureForPss();
};

void TestJwsSignature::verifiesSignatureOfEveryAlgorithm() {
    QFETCH(Algorithm, algorithm);
    const KeyKind kind = requiredKeyKind(algorithm);
    const std::string input = "eyJhbGciOiJ4In0.eyJzdWIiOiJhbGljZSJ9";
    const auto signature = signingKey(kind).sign(algorithm, input);
    QVERIFY(signature.has_value());
    QVERIFY(verifySignature(algorithm, verificationKeyFor(kind), input, *signature));
}

void TestJwsSignature::rejectsSignatureMadeWithAnotherKey() {
    QFETCH(Algorithm, algorithm);
    const KeyKind kind = requiredKeyKind(algorithm);
    const std::string input = "a.b";
    const auto signature = otherSigningKey(kind).sign(algorithm, input);
    QVERIFY(signature.has_value());
    QVERIFY(!verifySignature(algorithm, verificationKeyFor(kind), input, *signature));
}

void TestJwsSignature::rejectsTamperedSigningInput() {
    QFETCH(Algorithm, algorithm);
    const KeyKind kind = requiredKeyKind(algorithm);
    const auto signature = signingKey(kind).sign(algorithm, "a.b");
    QVERIFY(signature.has_value());
    QVERIFY(!verifySignature(algorithm, verificationKeyFor(kind), "a.c", *signature));
}

void TestJwsSignature::rejectsTruncatedOrExtendedSignature() {
    QFETCH(Algorithm, algorithm);
    const KeyKind kind = requiredKeyKind(algorithm);
    const auto signature = signingKey(kind).sign(algorithm, "a.b");
    QVERIFY(signature.has_value());
    const auto key = verificationKeyFor(kind);
    QVERIFY(!verifySignature(algorithm, key, "a.b", signature->substr(0, signature->size() - 1)));
    QVERIFY(!verifySignature(algorithm, key, "a.b", *signature + '\0'));
    QVERIFY(!verifySignature(algorithm, key, "a.b", ""));
}

void TestJwsSignature::producesEcdsaSignaturesOfExactJoseLength_data() {
    QTest::addColumn<Algorithm>("algorithm");
    QTest::addColumn<int>("length");
    QTest::newRow("ES256") << Algorithm::ES256 << 64;
    QTest::newRow("ES384") << Algorithm::ES384 << 96;
    QTest::newRow("ES512") << Algorithm::ES512 << 132;
}

void TestJwsSignature::producesEcdsaSignaturesOfExactJoseLength() {
    QFETCH(Algorithm, algorithm);
    QFETCH(int, length);
    // Many signatures, so that short r or s values (leading zero bytes) occur and get padded.
    for (int i = 0; i < 50; ++i) {
        const std::string input = "input-" + std::to_string(i);
        const auto signature = signingKey(requiredKeyKind(algorithm)).sign(algorithm, input);
        QVERIFY(signature.has_value());
        QCOMPARE(static_cast<int>(signature->size()), length);
        QVERIFY(verifySignature(algorithm, verificationKeyFor(requiredKeyKind(algorithm)), input,
                                *signature));
    }
}

void TestJwsSignature::rejectsEcdsaScalarsOutsideTheGroupOrder_data() {
    QTest::addColumn<QByteArray>("r");
    QTest::addColumn<QByteArray>("s");
    const QByteArray zero(32, '\0');
    const QByteArray one = QByteArray(31, '\0') + QByteArray(1, '\1');
    const QByteArray order = QByteArray::fromHex(kP256Order);
    const QByteArray max(32, '\xff');
    QTest::newRow("r = s = 0") << zero << zero;
    QTest::newRow("r = 0") << zero << one;
    QTest::newRow("s = 0") << one << zero;
    QTest::newRow("r = n") << order << one;
    QTest::newRow("s = n") << one << order;
    QTest::newRow("r = 2^256 - 1") << max << one;
    QTest::newRow("s = 2^256 - 1") << one << max;
}

void TestJwsSignature::rejectsEcdsaScalarsOutsideTheGroupOrder() {
    QFETCH(QByteArray, r);
    QFETCH(QByteArray, s);
    const std::string signature = (r + s).toStdString();
    QVERIFY(
        !verifySignature(Algorithm::ES256, verificationKeyFor(KeyKind::EcP256), "a.b", signature));
    // r = s = n is the same as zero modulo n: the psychic-signature forgery.
    const std::string order = hexBytes(kP256Order);
    QVERIFY(!verifySignature(Algorithm::ES256, verificationKeyFor(KeyKind::EcP256), "a.b",
                             order + order));
}

void TestJwsSignature::refusesKeyBoundToAnotherAlgorithm() {
    const auto signature = signingKey(KeyKind::Rsa).sign(Algorithm::RS384, "a.b");
    QVERIFY(signature.has_value());
    const auto bound = verificationKeyFor(KeyKind::Rsa, "k", Algorithm::RS256);
    QVERIFY(!bound.permits(Algorithm::RS384));
    QVERIFY(!verifySignature(Algorithm::RS384, bound, "a.b", *signature));
    QVERIFY(verifySignature(Algorithm::RS384, verificationKeyFor(KeyKind::Rsa), "a.b", *signature));
}

void TestJwsSignature::refusesSecretShorterThanTheHash() {
    const auto secret = SigningKey::fromSecret(std::string(48, 'k'));
    const auto key = secret.verificationKey();
    QVERIFY(key.key.has_value());
    QVERIFY(key.key->permits(Algorithm::HS256));
    QVERIFY(key.key->permits(Algorithm::HS384));
    QVERIFY(!key.key->permits(Algorithm::HS512));
    const auto signature = secret.sign(Algorithm::HS512, "a.b");
    QVERIFY(!verifySignature(Algorithm::HS512, *key.key, "a.b", *signature));
    QVERIFY(!VerificationKey::fromSymmetricBytes(std::string(31, 'k')).key.has_value());
}

void TestJwsSignature::refusesPkcs1SignatureForPss() {
    const auto signature = signingKey(KeyKind::Rsa).sign(Algorithm::RS256, "a.b");
    QVERIFY(
        !verifySignature(Algorithm::PS256, verificationKeyFor(KeyKind::Rsa), "a.b", *signature));
}

QTEST_GUILESS_MAIN(TestJwsSignature)
#include "test_jws_signature.moc"
