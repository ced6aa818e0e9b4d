#include "gateway_harness.h"
#include "test_certificates.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/x509.h>

using harness::writeOrFail;
using testcerts::issue;
using testcerts::Issued;
using testcerts::writePem;

namespace {

QByteArray thumbprint(const Issued& issued) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    X509_digest(issued.certificate, EVP_sha1(), digest, &size);
    return QByteArray(reinterpret_cast<const char*>(digest), static_cast<int>(size))
        .toHex()
        .toUpper();
}

} // namespace

// validate-client-certificate over the gateway's TLS listener (client certificates optional, so
// that requests without one reach the policy), with CAs and clients made by the test.
class TestGatewayClientCertificates : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void trustedCertificatePassesTheDefaultChecks();
    void requestWithoutCertificateIsRefusedWith401();
    void identityByThumbprintOrCommonName_data();
    void identityByThumbprintOrCommonName();
    void identityByIssuerSubjectAndDnsName_data();
    void identityByIssuerSubjectAndDnsName();
    void identityBySubjectWithQuotedValue();
    void identityBySerialNumberAndIssuerThumbprint();
    void ignoreErrorLetsTheRequestThrough();
    void expressionsReadTheCertificate();

private:
    QByteArray request(const QString& client, const QByteArray& path);
    QString path(const QString& name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    harness::Backend m_backend;
    harness::Gateway m_gateway;
    QByteArray m_goodThumbprint;
};

void TestGatewayClientCertificates::initTestCase() {
    QVERIFY(m_dir.isValid());
    const auto ca =
        issue({.commonName = "Portico Test CA", .organization = "Portico", .serial = 1}, nullptr);
    QVERIFY(writePem(ca, path(QStringLiteral("ca.pem")), path(QStringLiteral("ca.key"))));
    QVERIFY(writePem(
        issue({.commonName = "127.0.0.1", .extendedUsage = "serverAuth", .serial = 2}, &ca),
        path(QStringLiteral("server.pem")), path(QStringLiteral("server.key"))));
    const auto good = issue({.commonName = "good client",
                             .organization = "Contoso, Inc.",
                             .extendedUsage = "clientAuth",
                             .subjectAltNames = "IP:127.0.0.1,DNS:client.example.test",
                             .serial = 0x1F2E},
                            &ca);
    QVERIFY(writePem(good, path(QStringLiteral("good.pem")), path(QStringLiteral("good.key"))));
    QVERIFY(writePem(
        issue({.commonName = "other client", .extendedUsage = "clientAuth", .serial = 4}, &ca),
        path(QStringLiteral("other.pem")), path(QStringLiteral("other.key"))));
    QVERIFY(writePem(issue({.commonName = "stranger",
                            .extendedUsage = "clientAuth",
                            .subjectAltNames = "IP:127.0.0.1,DNS:stranger.example.test",
                            .serial = 5},
                           &ca),
                     path(QStringLiteral("stranger.pem")), path(QStringLiteral("stranger.key"))));

    QVERIFY(m_backend.start());
    const QString ws = path(QStringLiteral("ws"));
    const auto op = [](const char* route, const char* id) {
        harness::Operation operation; // by field: the harness's structs grow
        operation.method = QStringLiteral("GET");
        operation.urlTemplate = QLatin1String(route);
        operation.id = QLatin1String(id);
        return operation;
    };
    harness::Api secure;
    secure.id = QStringLiteral("secure");
    secure.path = QStringLiteral("secure");
    secure.serviceUrl = m_backend.url() + QStringLiteral("/api");
    secure.operations = {op("/any", "any"),
                         op("/pinned", "pinned"),
                         op("/issuer", "issuer"),
                         op("/subject", "subject"),
                         op("/serial", "serial"),
                         op("/ignore", "ignore"),
                         op("/expression", "expression")};
    QVERIFY(harness::writeWorkspace(ws, {secure}));
    const auto operationPolicy = [&](const char* id, const QByteArray& inbound) {
        const QByteArray document = "<policies>\n  <inbound>" + inbound +
                                    "</inbound>\n  <backend><forward-request timeout=\"5\"/>"
                                    "</backend><outbound/><on-error/>\n</policies>\n";
        writeOrFail(
            ws + QStringLiteral("/apis/secure/operations/%1/policy.xml").arg(QLatin1String(id)),
            document.constData());
    };
    const QByteArray open = "<validate-client-certificate validate-revocation=\"false\"";
    operationPolicy("any", open + "/>");
    operationPolicy("pinned", open + "><identities><identity thumbprint=\"" +
                                  thumbprint(good).toLower() +
                                  "\"/><identity common-name=\"Other Client\"/></identities>"
                                  "</validate-client-certificate>");
    operationPolicy("issuer", open + "><identities><identity issuer-subject=\"CN=Portico Test CA, "
                                     "O=Portico\" dns-name=\"CLIENT.example.test\"/></identities>"
                                     "</validate-client-certificate>");
    operationPolicy("subject", open + "><identities><identity subject=\"CN=good client, "
                                      "O=&quot;Contoso, Inc.&quot;\"/></identities>"
                                      "</validate-client-certificate>");
    operationPolicy("serial", open +
                                  "><identities><identity serial-number=\"00:1f:2e\" "
                                  "issuer-thumbprint=\"" +
                                  thumbprint(ca) +
                                  "\"/></identities></validate-client-certificate>");
    operationPolicy("ignore", open + " ignore-error=\"true\"><identities><identity "
                                     "common-name=\"nobody\"/></identities>"
                                     "</validate-client-certificate>");
    operationPolicy("expression",
                    "<set-header name=\"X-Client-Thumbprint\" exists-action=\"override\"><value>"
                    "@(context.Request.Certificate == null ? \"none\" : "
                    "context.Request.Certificate.Thumbprint)</value></set-header>");
    m_goodThumbprint = thumbprint(good);
    QString error;
    QVERIFY2(m_gateway.start(ws,
                             {QStringLiteral("--tls-listen"), QStringLiteral("127.0.0.1:0"),
                              QStringLiteral("--cert"), path(QStringLiteral("server.pem")),
                              QStringLiteral("--key"), path(QStringLiteral("server.key")),
                              QStringLiteral("--client-ca"), path(QStringLiteral("ca.pem")),
                              QStringLiteral("--client-cert"), QStringLiteral("optional"),
                              QStringLiteral("--no-watch")},
                             &error),
             qPrintable(error));
    QVERIFY(m_gateway.tlsPort() != 0);
}

void TestGatewayClientCertificates::cleanupTestCase() {
    QCOMPARE(m_gateway.terminate(), 0);
}

QByteArray TestGatewayClientCertificates::request(const QString& client, const QByteArray& target) {
    QSslSocket socket;
    auto configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates(QSslCertificate::fromPath(path(QStringLiteral("ca.pem"))));
    if (!client.isEmpty()) {
        configuration.setLocalCertificate(
            QSslCertificate::fromPath(path(client + QStringLiteral(".pem"))).value(0));
        QFile keyFile(path(client + QStringLiteral(".key")));
        if (!keyFile.open(QIODevice::ReadOnly))
            return {};
        configuration.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Ec));
    }
    socket.setSslConfiguration(configuration);
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_gateway.tlsPort());
    if (!socket.waitForEncrypted(5000))
        return {};
    socket.write("GET /secure" + target + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    QByteArray response;
    QDeadlineTimer deadline(5000);
    while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        socket.waitForReadyRead(100);
        response += socket.readAll();
    }
    return response + socket.readAll();
}

void TestGatewayClientCertificates::trustedCertificatePassesTheDefaultChecks() {
    const auto response = request(QStringLiteral("good"), "/any");
    QVERIFY2(response.startsWith("HTTP/1.1 200"), response.constData());
}

void TestGatewayClientCertificates::requestWithoutCertificateIsRefusedWith401() {
    const auto response = request(QString(), "/any");
    QVERIFY2(response.startsWith("HTTP/1.1 401"), response.constData());
    QVERIFY2(response.contains("Client certificate is missing."), response.constData());
}

void TestGatewayClientCertificates::identityByThumbprintOrCommonName_data() {
    QTest::addColumn<QString>("client");
    QTest::addColumn<int>("status");
    QTest::newRow("thumbprint") << QStringLiteral("good") << 200;
    QTest::newRow("common name, any case") << QStringLiteral("other") << 200;
    QTest::newRow("neither") << QStringLiteral("stranger") << 401;
    QTest::newRow("none") << QString() << 401;
}

void TestGatewayClientCertificates::identityByThumbprintOrCommonName() {
    QFETCH(QString, client);
    QFETCH(int, status);
    const auto response = request(client, "/pinned");
    QVERIFY2(response.startsWith("HTTP/1.1 " + QByteArray::number(status)), response.constData());
    if (client == QLatin1String("stranger")) {
        QVERIFY2(response.contains(
                     "Invalid client certificate: it matches none of the allowed identities."),
                 response.constData());
    }
}

void TestGatewayClientCertificates::identityByIssuerSubjectAndDnsName_data() {
    QTest::addColumn<QString>("client");
    QTest::addColumn<int>("status");
    QTest::newRow("issuer and DNS name") << QStringLiteral("good") << 200;
    QTest::newRow("issuer, other DNS name") << QStringLiteral("stranger") << 401;
    QTest::newRow("issuer, no DNS name") << QStringLiteral("other") << 401;
}

void TestGatewayClientCertificates::identityByIssuerSubjectAndDnsName() {
    QFETCH(QString, client);
    QFETCH(int, status);
    const auto response = request(client, "/issuer");
    QVERIFY2(response.startsWith("HTTP/1.1 " + QByteArray::number(status)), response.constData());
}

void TestGatewayClientCertificates::identityBySubjectWithQuotedValue() {
    const auto good = request(QStringLiteral("good"), "/subject");
    QVERIFY2(good.startsWith("HTTP/1.1 200"), good.constData());
    const auto other = request(QStringLiteral("other"), "/subject");
    QVERIFY2(other.startsWith("HTTP/1.1 401"), other.constData());
}

void TestGatewayClientCertificates::identityBySerialNumberAndIssuerThumbprint() {
    const auto good = request(QStringLiteral("good"), "/serial");
    QVERIFY2(good.startsWith("HTTP/1.1 200"), good.constData());
    const auto other = request(QStringLiteral("other"), "/serial");
    QVERIFY2(other.startsWith("HTTP/1.1 401"), other.constData());
}

void TestGatewayClientCertificates::ignoreErrorLetsTheRequestThrough() {
    const auto response = request(QStringLiteral("stranger"), "/ignore");
    QVERIFY2(response.startsWith("HTTP/1.1 200"), response.constData());
    const auto none = request(QString(), "/ignore");
    QVERIFY2(none.startsWith("HTTP/1.1 200"), none.constData());
}

void TestGatewayClientCertificates::expressionsReadTheCertificate() {
    const auto good = request(QStringLiteral("good"), "/expression");
    QVERIFY2(good.startsWith("HTTP/1.1 200"), good.constData());
    QVERIFY2(good.contains("\"x-client-thumbprint\":\"" + m_goodThumbprint + "\""),
             good.constData());
    const auto none = request(QString(), "/expression");
    QVERIFY2(none.contains("\"x-client-thumbprint\":\"none\""), none.constData());
}

QTEST_GUILESS_MAIN(TestGatewayClientCertificates)
#include "test_gateway_client_certificates.moc"
