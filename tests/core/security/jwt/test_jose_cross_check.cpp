// Tokens from an independent implementation (the npm package `jose`, run with node) must verify
// here, and tokens minted here must verify in jose. The fixture lives in tests/fixtures/jose;
// `npm ci --prefix tests/fixtures/jose` installs it. Missing node or node_modules is a failure,
// not a skip: the cross-check is part of the definition of done.

#include "../../identity/jwt_policy_runner.h"
#include "core/security/jwt/base64url.h"
#include "core/security/jwt/validator.h"
#include "jwt_test_support.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <map>

using namespace portico::security::jwt;
using namespace portico::security::jwt::test;

Q_DECLARE_METATYPE(portico::security::jwt::Algorithm)

namespace {

QString fixtureDir() {
    return QStringLiteral(PORTICO_SOURCE_DIR "/tests/fixtures/jose");
}

QString kid(Algorithm algorithm) {
    return QStringLiteral("kid-") + QString::fromUtf8(algorithmName(algorithm).data());
}

} // namespace

class TestJoseCrossCheck : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void acceptsTokenMintedByJose_data();
    void acceptsTokenMintedByJose();
    void joseAcceptsTokenMintedHere_data();
    void joseAcceptsTokenMintedHere();
    void refusesJoseTokenUnderAnotherKey();
    void validateJwtPolicyAcceptsTokenMintedByJose_data();
    void validateJwtPolicyAcceptsTokenMintedByJose();

private:
    std::map<Algorithm, QJsonObject> m_minted;
    std::map<Algorithm, QJsonObject> m_verified;
};

void TestJoseCrossCheck::initTestCase() {
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty()) {
        QFAIL("node is not installed: the jose cross-check needs it (scripts/bootstrap)");
    }
    if (!QFileInfo(fixtureDir() + QStringLiteral("/node_modules/jose/package.json")).exists()) {
        QFAIL(qPrintable(QStringLiteral("%1/node_modules is missing: run `npm ci --prefix "
                                        "tests/fixtures/jose` (scripts/test does)")
                             .arg(fixtureDir())));
    }

    QJsonArray mintRequests;
    QJsonArray verify;
    const std::string claims = claimsJson();
    for (Algorithm algorithm : kAllAlgorithms) {
        const SigningKey& key = signingKey(requiredKeyKind(algorithm));
        const QString alg = QString::fromUtf8(algorithmName(algorithm).data());
        QJsonObject entry{{QStringLiteral("alg"), alg}, {QStringLiteral("kid"), kid(algorithm)}};
        if (key.kind() == KeyKind::Symmetric) {
            entry.insert(QStringLiteral("secret"),
                         QString::fromStdString(base64UrlEncode(key.secret())));
        } else {
            entry.insert(QStringLiteral("privateKeyPem"),
                         QString::fromStdString(key.privateKeyPem()));
        }
        mintRequests.append(entry);

        const std::string token =
            mint(algorithm, key, headerJson(algorithm, kid(algorithm).toStdString()), claims);
        verify.append(QJsonObject{
            {QStringLiteral("alg"), alg},
            {QStringLiteral("token"), QString::fromStdString(token)},
            {QStringLiteral("publicJwk"),
             QJsonDocument::fromJson(QByteArray::fromStdString(key.publicJwk())).object()}});
    }
    const QJsonObject input{{QStringLiteral("now"), static_cast<double>(kNow)},
                            {QStringLiteral("issuer"), QStringLiteral("https://issuer.test")},
                            {QStringLiteral("audience"), QStringLiteral("api://portico")},
                            {QStringLiteral("mint"), mintRequests},
                            {QStringLiteral("verify"), verify}};

    QProcess process;
    process.setWorkingDirectory(fixtureDir());
    process.start(node, {fixtureDir() + QStringLiteral("/cross_check.mjs")});
    QVERIFY2(process.waitForStarted(10000), "node did not start");
    process.write(QJsonDocument(input).toJson(QJsonDocument::Compact));
    process.closeWriteChannel();
    QVERIFY2(process.waitForFinished(60000), "node did not finish within 60 s");
    const QByteArray errors = process.readAllStandardError();
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             errors.constData());
    const auto output = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    for (const auto& value : output.value(QStringLiteral("minted")).toArray()) {
        const auto object = value.toObject();
        const auto alg =
            algorithmFromName(object.value(QStringLiteral("alg")).toString().toStdString());
        QVERIFY(alg.has_value());
        m_minted[*alg] = object;
    }
    for (const auto& value : output.value(QStringLiteral("verified")).toArray()) {
        const auto object = value.toObject();
        const auto alg =
            algorithmFromName(object.value(QStringLiteral("alg")).toString().toStdString());
        QVERIFY(alg.has_value());
        m_verified[*alg] = object;
    }
    QCOMPARE(m_minted.size(), std::size(kAllAlgorithms));
    QCOMPARE(m_verified.size(), std::size(kAllAlgorithms));
}

void TestJoseCrossCheck::acceptsTokenMintedByJose_data() {
    QTest::addColumn<Algorithm>("algorithm");
    for (Algorithm algorithm : kAllAlgorithms) {
        QTest::newRow(std::string(algorithmName(algorithm)).c_str()) << algorithm;
    }
}

void TestJoseCrossCheck::acceptsTokenMintedByJose() {
    QFETCH(Algorithm, algorithm);
    const QJsonObject minted = m_minted.at(algorithm);
    QVERIFY2(!minted.contains(QStringLiteral("error")),
             qPrintable(minted.value(QStringLiteral("error")).toString()));
    const std::string token = minted.value(QStringLiteral("token")).toString().toStdString();
    const KeySet keys(
        {verificationKeyFor(requiredKeyKind(algorithm), kid(algorithm).toStdString(), algorithm)});
    const auto result = compileOrDie(standardConfig()).validate(token, keys);
    QVERIFY2(result.ok(), result.detail.c_str());
    QCOMPARE(result.token->kid, kid(algorithm).toStdString());
    QCOMPARE(result.token->claims.string("scp").value(), std::string("read write"));
}

void TestJoseCrossCheck::joseAcceptsTokenMintedHere_data() {
    acceptsTokenMintedByJose_data();
}

void TestJoseCrossCheck::joseAcceptsTokenMintedHere() {
    QFETCH(Algorithm, algorithm);
    const QJsonObject verified = m_verified.at(algorithm);
    QVERIFY2(verified.value(QStringLiteral("ok")).toBool(),
             qPrintable(verified.value(QStringLiteral("error")).toString()));
}

void TestJoseCrossCheck::refusesJoseTokenUnderAnotherKey() {
    const std::string token =
        m_minted.at(Algorithm::ES256).value(QStringLiteral("token")).toString().toStdString();
    const KeySet keys({*otherSigningKey(KeyKind::EcP256)
                            .verificationKey({kid(Algorithm::ES256).toStdString(), {}})
                            .key});
    QCOMPARE(compileOrDie(standardConfig()).validate(token, keys).error,
             JwtError::SignatureInvalid);
}

void TestJoseCrossCheck::validateJwtPolicyAcceptsTokenMintedByJose_data() {
    acceptsTokenMintedByJose_data();
}

// The same tokens through <validate-jwt>, keys published by an OpenID provider as a JWKS.
void TestJoseCrossCheck::validateJwtPolicyAcceptsTokenMintedByJose() {
    using namespace portico::identity;
    using namespace portico::identity::test;
    QFETCH(Algorithm, algorithm);
    std::string jwks = R"({"keys":[)";
    for (Algorithm each : kAllAlgorithms) {
        jwks += (jwks.back() == '[' ? "" : ",") +
                signingKey(requiredKeyKind(each)).publicJwk(kid(each).toStdString(), each);
    }
    jwks += "]}";
    KeyProvider::setShared(fakeProvider([jwks](const std::string& url) {
        if (url.ends_with("/keys"))
            return jsonResponse(jwks);
        return jsonResponse(openIdConfiguration("https://issuer.test", "https://idp.test/keys"));
    }));
    portico::policies::setJwtPolicyClock(
        [] { return std::chrono::system_clock::time_point(std::chrono::seconds(kNow)); });
    const auto compiled = compileInbound(R"(<validate-jwt header-name="Authorization"
 require-scheme="Bearer" output-token-variable-name="jwt">
<openid-config url="https://idp.test/.well-known/openid-configuration" />
<audiences><audience>api://portico</audience></audiences>
<required-claims><claim name="scp" match="all" separator=" "><value>read</value><value>write</value></claim></required-claims>
</validate-jwt>)");
    QVERIFY2(compiled->pipeline,
             qPrintable(portico::policy::test::describe(compiled->diagnostics)));
    MemoryContext context;
    setBearer(context,
              m_minted.at(algorithm).value(QStringLiteral("token")).toString().toStdString());
    const auto outcome = runInbound(compiled->inbound(), context);
    KeyProvider::setShared(nullptr);
    QVERIFY2(!outcome.failed, outcome.error.message.c_str());
    QVERIFY(context.variable("jwt"));
}

QTEST_GUILESS_MAIN(TestJoseCrossCheck)
#include "test_jose_cross_check.moc"
