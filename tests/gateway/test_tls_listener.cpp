#include "gateway_harness.h"
#include "test_certificates.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using testcerts::issue;
using testcerts::writePem;

namespace {

struct TlsResult {
    bool encrypted = false;
    QByteArray response;
    QByteArray alpn;
    QSsl::SslProtocol protocol = QSsl::UnknownProtocol;
};

} // namespace

class TestTlsListener : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void servesRequestWithTrustedClientCertificate();
    void negotiatesHttp11OverTls12OrLater();
    void refusesClientWithoutCertificateWhenRequired();
    void refusesClientCertificateFromUntrustedCa();
    void refusesExpiredClientCertificate();
    void refusesClientOfferingOnlyHttp2();
    void optionalModeServesClientsWithoutCertificate();
    void reportsUnusableCertificateFilesAtStartup();
    void answersPlainHttpOnTheTlsPortWith400();

private:
    TlsResult request(quint16 port, const QString& client, const QByteArray& alpn = "http/1.1");
    QString path(const QString& name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    harness::Backend m_backend;
    harness::Gateway m_gateway;
};

void TestTlsListener::initTestCase() {
    const auto ca = issue({.commonName = "Portico Test CA"}, nullptr);
    const auto rogue = issue({.commonName = "Rogue CA"}, nullptr);
    QVERIFY(writePem(ca, path(QStringLiteral("ca.pem")), path(QStringLiteral("ca.key"))));
    QVERIFY(writePem(issue({.commonName = "127.0.0.1", .extendedUsage = "serverAuth"}, &ca),
                     path(QStringLiteral("server.pem")), path(QStringLiteral("server.key"))));
    QVERIFY(writePem(issue({.commonName = "good client", .extendedUsage = "clientAuth"}, &ca),
                     path(QStringLiteral("good.pem")), path(QStringLiteral("good.key"))));
    QVERIFY(writePem(issue({.commonName = "expired client",
                            .extendedUsage = "clientAuth",
                            .notBefore = -7200,
                            .notAfter = -3600},
                           &ca),
                     path(QStringLiteral("expired.pem")), path(QStringLiteral("expired.key"))));
    QVERIFY(writePem(issue({.commonName = "rogue client", .extendedUsage = "clientAuth"}, &rogue),
                     path(QStringLiteral("rogue.pem")), path(QStringLiteral("rogue.key"))));

    QVERIFY(m_backend.start());
    QVERIFY(harness::writeWorkspace(
        m_dir.filePath(QStringLiteral("ws")),
        {{QStringLiteral("echo"),
          QStringLiteral("echo"),
          m_backend.url() + QStringLiteral("/api"),
          {{QStringLiteral("GET"), QStringLiteral("/items/{id}"), QStringLiteral("getItem")}},
          {}}}));
    QString error;
    QVERIFY2(m_gateway.start(m_dir.filePath(QStringLiteral("ws")),
                             {QStringLiteral("--tls-listen"), QStringLiteral("127.0.0.1:0"),
                              QStringLiteral("--cert"), path(QStringLiteral("server.pem")),
                              QStringLiteral("--key"), path(QStringLiteral("server.key")),
                              QStringLiteral("--client-ca"), path(QStringLiteral("ca.pem")),
                              QStringLiteral("--client-cert"), QStringLiteral("required")},
                             &error),
             qPrintable(error));
    QVERIFY(m_gateway.tlsPort() != 0);
}

void TestTlsListener::cleanupTestCase() {
    QCOMPARE(m_gateway.terminate(), 0);
}

TlsResult TestTlsListener::request(quint16 port, const QString& client, const QByteArray& alpn) {
    TlsResult result;
    QSslSocket socket;
    auto configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates(QSslCertificate::fromPath(path(QStringLiteral("ca.pem"))));
    configuration.setAllowedNextProtocols({alpn});
    if (!client.isEmpty()) {
        configuration.setLocalCertificate(
            QSslCertificate::fromPath(path(client + QStringLiteral(".pem"))).value(0));
        QFile keyFile(path(client + QStringLiteral(".key")));
        keyFile.open(QIODevice::ReadOnly);
        configuration.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Ec));
    }
    socket.setSslConfiguration(configuration);
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    result.encrypted = socket.waitForEncrypted(5000);
    if (!result.encrypted) {
        return result;
    }
    result.protocol = socket.sessionProtocol();
    result.alpn = socket.sslConfiguration().nextNegotiatedProtocol();
    socket.write("GET /echo/items/1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    QDeadlineTimer deadline(5000);
    while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        socket.waitForReadyRead(100);
        result.response += socket.readAll();
    }
    result.response += socket.readAll();
    return result;
}

void TestTlsListener::servesRequestWithTrustedClientCertificate() {
    const auto result = request(m_gateway.tlsPort(), QStringLiteral("good"));
    QVERIFY(result.encrypted);
    QVERIFY2(result.response.startsWith("HTTP/1.1 200"), result.response.constData());
    QVERIFY(result.response.contains("\"x-forwarded-proto\":\"https\""));
}

void TestTlsListener::negotiatesHttp11OverTls12OrLater() {
    const auto result = request(m_gateway.tlsPort(), QStringLiteral("good"));
    QVERIFY(result.encrypted);
    QVERIFY(result.protocol == QSsl::TlsV1_2 || result.protocol == QSsl::TlsV1_3);
    QCOMPARE(result.alpn, QByteArray("http/1.1"));
}

void TestTlsListener::refusesClientWithoutCertificateWhenRequired() {
    const auto result = request(m_gateway.tlsPort(), QString());
    QVERIFY(!result.response.startsWith("HTTP/1.1"));
}

void TestTlsListener::refusesClientCertificateFromUntrustedCa() {
    const auto result = request(m_gateway.tlsPort(), QStringLiteral("rogue"));
    QVERIFY(!result.response.startsWith("HTTP/1.1"));
}

void TestTlsListener::refusesExpiredClientCertificate() {
    const auto result = request(m_gateway.tlsPort(), QStringLiteral("expired"));
    QVERIFY(!result.response.startsWith("HTTP/1.1"));
}

void TestTlsListener::refusesClientOfferingOnlyHttp2() {
    const auto result = request(m_gateway.tlsPort(), QStringLiteral("good"), "h2");
    QVERIFY(!result.response.startsWith("HTTP/1.1"));
}

void TestTlsListener::optionalModeServesClientsWithoutCertificate() {
    harness::Gateway optional;
    QString error;
    QVERIFY2(optional.start(m_dir.filePath(QStringLiteral("ws")),
                            {QStringLiteral("--tls-listen"), QStringLiteral("127.0.0.1:0"),
                             QStringLiteral("--cert"), path(QStringLiteral("server.pem")),
                             QStringLiteral("--key"), path(QStringLiteral("server.key")),
                             QStringLiteral("--client-ca"), path(QStringLiteral("ca.pem")),
                             QStringLiteral("--client-cert"), QStringLiteral("optional")},
                            &error),
             qPrintable(error));
    QVERIFY(request(optional.tlsPort(), QString()).response.startsWith("HTTP/1.1 200"));
    // A certificate that is presented must still verify.
    QVERIFY(!request(optional.tlsPort(), QStringLiteral("rogue")).response.startsWith("HTTP/1.1"));
}

void TestTlsListener::reportsUnusableCertificateFilesAtStartup() {
    const auto result = harness::runGatewayToEnd(
        {QStringLiteral("--workspace"), m_dir.filePath(QStringLiteral("ws")),
         QStringLiteral("--tls-listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--cert"),
         path(QStringLiteral("missing.pem")), QStringLiteral("--key"),
         path(QStringLiteral("server.key")), QStringLiteral("--admin"), QStringLiteral("off")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.standardError.contains("cannot use certificate '" +
                                           path(QStringLiteral("missing.pem")).toUtf8()),
             result.standardError.constData());
    const auto mismatch = harness::runGatewayToEnd(
        {QStringLiteral("--workspace"), m_dir.filePath(QStringLiteral("ws")),
         QStringLiteral("--tls-listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--cert"),
         path(QStringLiteral("server.pem")), QStringLiteral("--key"),
         path(QStringLiteral("good.key")), QStringLiteral("--admin"), QStringLiteral("off")});
    QCOMPARE(mismatch.exitCode, 2);
    QVERIFY2(mismatch.standardError.contains("private key '" +
                                             path(QStringLiteral("good.key")).toUtf8()),
             mismatch.standardError.constData());
}

// http:// where https:// was meant: the client hears what went wrong, as from nginx.
void TestTlsListener::answersPlainHttpOnTheTlsPortWith400() {
    harness::RawConnection connection;
    QVERIFY(connection.open(m_gateway.tlsPort()));
    connection.send("GET /echo/items/1 HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto response = connection.readResponse(3000);
    QVERIFY(response);
    QCOMPARE(response->status, 400);
    QVERIFY2(response->body.contains("a plain HTTP request was sent to the TLS port"),
             response->body.constData());
    QVERIFY(connection.waitClosed(3000));
    // A TLS client is still served.
    QVERIFY(
        request(m_gateway.tlsPort(), QStringLiteral("good")).response.startsWith("HTTP/1.1 200"));
}

QTEST_GUILESS_MAIN(TestTlsListener)
#include "test_tls_listener.moc"
