// net::ClientIdentity: the certificate, chain and key a backend's `tls.clientCertificate` holds.
#include "core/net/client_identity.h"
#include "test_certificates.h"

#include <QtTest>

#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <functional>
#include <memory>
#include <string>

using portico::net::ClientIdentity;
using testcerts::Issued;

namespace {

std::string pemOf(const std::function<int(BIO*)>& write) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    if (write(bio.get()) != 1)
        return {};
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

std::string certificatePem(const Issued& issued) {
    return pemOf([&](BIO* bio) { return PEM_write_bio_X509(bio, issued.certificate); });
}

std::string keyPem(const Issued& issued) {
    return pemOf([&](BIO* bio) {
        return PEM_write_bio_PrivateKey(bio, issued.key, nullptr, nullptr, 0, nullptr, nullptr);
    });
}

std::string encryptedKeyPem(const Issued& issued) {
    static char passphrase[] = "correct horse";
    return pemOf([&](BIO* bio) {
        return PEM_write_bio_PKCS8PrivateKey(bio, issued.key, EVP_aes_256_cbc(), passphrase,
                                             sizeof passphrase - 1, nullptr, nullptr);
    });
}

} // namespace

class TestClientIdentity : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void readsTheCertificateItsChainAndItsKey();
    void findsTheKeyWhereverItIs();
    void refusesWhatItCannotPresent_data();
    void refusesWhatItCannotPresent();
    void fingerprintTellsCertificatesApart();
    void presentsTheChainInAContext();

private:
    Issued m_ca;
    Issued m_intermediate;
    Issued m_leaf;
    Issued m_other;
};

void TestClientIdentity::initTestCase() {
    m_ca = testcerts::issue({.commonName = "Identity Root"}, nullptr);
    m_intermediate = testcerts::issue({.commonName = "Identity Intermediate"}, &m_ca);
    m_leaf = testcerts::issue({.commonName = "gateway-client", .extendedUsage = "clientAuth"},
                              &m_intermediate);
    m_other = testcerts::issue({.commonName = "someone-else", .extendedUsage = "clientAuth"},
                               &m_intermediate);
    QVERIFY(m_leaf.certificate && m_other.key);
}

void TestClientIdentity::readsTheCertificateItsChainAndItsKey() {
    std::string error;
    const auto identity = ClientIdentity::fromPem(
        certificatePem(m_leaf) + certificatePem(m_intermediate) + keyPem(m_leaf), error);
    QVERIFY2(identity, error.c_str());
    QCOMPARE(QString::fromStdString(identity->subject()), QStringLiteral("/CN=gateway-client"));
    QCOMPARE(identity->fingerprint().size(), std::size_t{64});
    QVERIFY(identity->fingerprint().find_first_not_of("0123456789abcdef") == std::string::npos);
    // The thumbprint as APIM shows it: SHA-1, upper-case hex.
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    X509_digest(m_leaf.certificate, EVP_sha1(), digest, &size);
    QCOMPARE(QString::fromStdString(identity->thumbprint()),
             QString::fromLatin1(
                 QByteArray(reinterpret_cast<const char*>(digest), int(size)).toHex().toUpper()));
}

void TestClientIdentity::findsTheKeyWhereverItIs() {
    std::string error;
    const auto identity =
        ClientIdentity::fromPem("comment line\n" + keyPem(m_leaf) + certificatePem(m_leaf), error);
    QVERIFY2(identity, error.c_str());
    QCOMPARE(QString::fromStdString(identity->subject()), QStringLiteral("/CN=gateway-client"));
}

void TestClientIdentity::refusesWhatItCannotPresent_data() {
    QTest::addColumn<QByteArray>("pem");
    QTest::addColumn<QString>("error");
    const auto bytes = [](const std::string& text) { return QByteArray::fromStdString(text); };
    QTest::newRow("empty") << QByteArray() << QStringLiteral("it holds no PEM certificate");
    QTest::newRow("key only") << bytes(keyPem(m_leaf))
                              << QStringLiteral("it holds no PEM certificate");
    QTest::newRow("certificate only")
        << bytes(certificatePem(m_leaf))
        << QStringLiteral("it holds no PEM private key for the certificate");
    QTest::newRow("encrypted key")
        << bytes(certificatePem(m_leaf) + encryptedKeyPem(m_leaf))
        << QStringLiteral("its private key is encrypted; the gateway needs it unencrypted (keep "
                          "the PEM itself in a secret store instead)");
    QTest::newRow("another certificate's key")
        << bytes(certificatePem(m_leaf) + keyPem(m_other))
        << QStringLiteral("its private key does not belong to its certificate");
    QTest::newRow("chain before the leaf's key, leaf missing")
        << bytes(certificatePem(m_intermediate) + keyPem(m_leaf))
        << QStringLiteral("its private key does not belong to its certificate");
    auto truncated = certificatePem(m_leaf);
    truncated.resize(truncated.size() / 2);
    QTest::newRow("truncated certificate")
        << bytes(truncated + keyPem(m_leaf)) << QStringLiteral("it holds no PEM certificate");
    QTest::newRow("not PEM") << QByteArray("\x30\x82\x01\x00garbage", 12)
                             << QStringLiteral("it holds no PEM certificate");
}

void TestClientIdentity::refusesWhatItCannotPresent() {
    QFETCH(QByteArray, pem);
    QFETCH(QString, error);
    std::string problem;
    QVERIFY(!ClientIdentity::fromPem(pem.toStdString(), problem));
    QCOMPARE(QString::fromStdString(problem), error);
}

void TestClientIdentity::fingerprintTellsCertificatesApart() {
    std::string error;
    const auto first = ClientIdentity::fromPem(certificatePem(m_leaf) + keyPem(m_leaf), error);
    const auto again = ClientIdentity::fromPem(keyPem(m_leaf) + certificatePem(m_leaf), error);
    const auto other = ClientIdentity::fromPem(certificatePem(m_other) + keyPem(m_other), error);
    QVERIFY(first && again && other);
    QCOMPARE(first->fingerprint(), again->fingerprint());
    QVERIFY(first->fingerprint() != other->fingerprint());
}

void TestClientIdentity::presentsTheChainInAContext() {
    std::string error;
    const auto identity = ClientIdentity::fromPem(
        certificatePem(m_leaf) + certificatePem(m_intermediate) + keyPem(m_leaf), error);
    QVERIFY2(identity, error.c_str());
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> context(SSL_CTX_new(TLS_client_method()),
                                                              &SSL_CTX_free);
    QVERIFY(identity->useIn(context.get()));
    QCOMPARE(SSL_CTX_check_private_key(context.get()), 1);
    QCOMPARE(X509_cmp(SSL_CTX_get0_certificate(context.get()), m_leaf.certificate), 0);
    STACK_OF(X509)* chain = nullptr;
    QCOMPARE(SSL_CTX_get0_chain_certs(context.get(), &chain), 1L);
    QCOMPARE(sk_X509_num(chain), 1);
    QCOMPARE(X509_cmp(sk_X509_value(chain, 0), m_intermediate.certificate), 0);
}

QTEST_APPLESS_MAIN(TestClientIdentity)
#include "test_client_identity.moc"
