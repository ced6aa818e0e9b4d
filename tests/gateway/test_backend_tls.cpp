#include "gateway_harness.h"
#include "test_certificates.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using harness::RawConnection;
using testcerts::issue;
using testcerts::writePem;

namespace {

// The test backend, over TLS when given a certificate and key.
class Origin {
public:
    ~Origin() {
        if (m_process) {
            m_process->kill();
            m_process->waitForFinished(3000);
        }
    }
    bool start(const QStringList& arguments) {
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process->start(QStringLiteral(PORTICO_TEST_BACKEND_BINARY), arguments);
        if (!m_process->waitForStarted(5000)) {
            return false;
        }
        QDeadlineTimer deadline(5000);
        while (!m_process->canReadLine() && !deadline.hasExpired()) {
            m_process->waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
        }
        const auto line = m_process->readLine().trimmed();
        m_port = line.startsWith("listening ") ? quint16(line.mid(10).toUInt()) : 0;
        return m_port != 0;
    }
    quint16 port() const { return m_port; }

private:
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
};

struct BackendApi {
    QString id; // also the path prefix and the backend id
    QString url;
    QString tlsYaml; // the backend's `tls:` block, indented by two spaces
};

bool writeFile(const QString& path, const QByteArray& text) {
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text) == text.size();
}

// Each API forwards through a backend of backends/ (the only place a CA file can be named).
bool writeWorkspace(const QString& dir, const QList<BackendApi>& apis) {
    bool ok = writeFile(dir + QStringLiteral("/portico.yaml"),
                        "name: backend tls test\nformatVersion: 1\n");
    for (const auto& api : apis) {
        const auto id = api.id.toUtf8();
        ok = ok &&
             writeFile(
                 dir + QStringLiteral("/backends/") + api.id + QStringLiteral(".yaml"),
                 "url: " + api.url.toUtf8() + "/api\n" +
                     (api.tlsYaml.isEmpty() ? QByteArray() : "tls:\n" + api.tlsYaml.toUtf8())) &&
             writeFile(dir + QStringLiteral("/apis/") + api.id + QStringLiteral("/api.yaml"),
                       "displayName: " + id + "\npath: " + id + "\nbackend: " + id +
                           "\nsubscriptionRequired: false\nspecification: openapi.yaml\n") &&
             writeFile(dir + QStringLiteral("/apis/") + api.id + QStringLiteral("/openapi.yaml"),
                       "openapi: 3.0.3\ninfo:\n  title: " + id +
                           "\n  version: 1.0.0\npaths:\n  /{rest}:\n    get:\n"
                           "      operationId: get\n      parameters:\n        - name: rest\n"
                           "          in: path\n          required: true\n          schema:\n"
                           "            type: string\n      responses:\n        '200':\n"
                           "          description: ok\n  /slow/{ms}:\n    get:\n"
                           "      operationId: slow\n      parameters:\n        - name: ms\n"
                           "          in: path\n          required: true\n          schema:\n"
                           "            type: string\n      responses:\n        '200':\n"
                           "          description: ok\n");
    }
    return ok;
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// SHA-1 of the certificate, upper-case hex: its thumbprint as APIM shows it.
QByteArray thumbprintOf(const testcerts::Issued& issued) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    X509_digest(issued.certificate, EVP_sha1(), digest, &size);
    return QByteArray(reinterpret_cast<const char*>(digest), int(size)).toHex().toUpper();
}

QJsonObject echoOf(const harness::HttpResponse& response) {
    return QJsonDocument::fromJson(response.body).object();
}

} // namespace

class TestBackendTls : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void checksBackendCertificate_data();
    void checksBackendCertificate();
    void answers502WhenBackendDoesNotSpeakTls();
    void countsCertificateFailuresAsTlsBackendErrors();
    void reusesTlsBackendConnectionsAcrossRequests();
    void answers504WhenTheWholeBackendExchangeTakesTooLong_data();
    void answers504WhenTheWholeBackendExchangeTakesTooLong();
    void refusesWorkspaceWhoseBackendCaFileCannotBeUsed();
    void rejectsTotalTimeoutThatIsNotPositive();
    void presentsTheBackendsClientCertificate();
    void keepsConnectionsWithAndWithoutTheCertificateApart();
    void answers500WhenTheClientCertificateCannotBeUsed_data();
    void answers500WhenTheClientCertificateCannotBeUsed();
    void presentsTheCertificateAPolicyChooses_data();
    void presentsTheCertificateAPolicyChooses();
    void answers500ForACertificateItCannotPresent_data();
    void answers500ForACertificateItCannotPresent();
    void presentsTheCertificateOnASendRequest();

private:
    QString path(const QString& name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    Origin m_plain;
    Origin m_good;      // certificate for localhost and 127.0.0.1 from the test CA
    Origin m_wrongName; // certificate for elsewhere.example from the test CA
    Origin m_mutual;    // m_good's certificate; requires a client certificate from its own CA
    harness::Gateway m_gateway;
    QByteArray m_log; // the gateway's standard error so far
};

void TestBackendTls::initTestCase() {
    const auto ca = issue({.commonName = "Portico Backend Test CA"}, nullptr);
    const auto rogue = issue({.commonName = "Rogue CA"}, nullptr);
    QVERIFY(QDir().mkpath(path(QStringLiteral("ws/certs"))));
    QVERIFY(writePem(ca, path(QStringLiteral("ws/certs/ca.pem")), path(QStringLiteral("ca.key"))));
    QVERIFY(writePem(rogue, path(QStringLiteral("ws/certs/rogue.pem")),
                     path(QStringLiteral("rogue.key"))));
    QVERIFY(writePem(issue({.commonName = "localhost",
                            .extendedUsage = "serverAuth",
                            .subjectAltNames = "DNS:localhost,IP:127.0.0.1"},
                           &ca),
                     path(QStringLiteral("good.pem")), path(QStringLiteral("good.key"))));
    QVERIFY(writePem(issue({.commonName = "elsewhere.example",
                            .extendedUsage = "serverAuth",
                            .subjectAltNames = "DNS:elsewhere.example"},
                           &ca),
                     path(QStringLiteral("wrong.pem")), path(QStringLiteral("wrong.key"))));

    // Mutual TLS: the client CA, the gateway's certificate with its key in one PEM (as a secret
    // store holds it), and the same certificate with a key that is not its own.
    const auto clientCa = issue({.commonName = "Portico Client CA"}, nullptr);
    QVERIFY(writePem(clientCa, path(QStringLiteral("client-ca.pem")),
                     path(QStringLiteral("client-ca.key"))));
    const auto client =
        issue({.commonName = "gateway-client", .extendedUsage = "clientAuth"}, &clientCa);
    QVERIFY(
        writePem(client, path(QStringLiteral("client.crt")), path(QStringLiteral("client.key"))));
    QVERIFY(writeFile(path(QStringLiteral("client.pem")),
                      readAll(path(QStringLiteral("client.crt"))) +
                          readAll(path(QStringLiteral("client.key")))));
    QVERIFY(writeFile(path(QStringLiteral("mismatch.pem")),
                      readAll(path(QStringLiteral("client.crt"))) +
                          readAll(path(QStringLiteral("good.key")))));

    QVERIFY(m_plain.start({}));
    QVERIFY(
        m_mutual.start({QStringLiteral("--tls"), path(QStringLiteral("good.pem")),
                        path(QStringLiteral("good.key")), path(QStringLiteral("client-ca.pem"))}));
    const auto mutual = QStringLiteral("https://127.0.0.1:%1").arg(m_mutual.port());
    const auto presenting = [&](const char* file) {
        return QStringLiteral("  caFile: certs/ca.pem\n  clientCertificate: file:") +
               path(QLatin1String(file)) + QLatin1Char('\n');
    };
    QVERIFY(m_good.start({QStringLiteral("--tls"), path(QStringLiteral("good.pem")),
                          path(QStringLiteral("good.key"))}));
    QVERIFY(m_wrongName.start({QStringLiteral("--tls"), path(QStringLiteral("wrong.pem")),
                               path(QStringLiteral("wrong.key"))}));
    const auto good = QStringLiteral("https://127.0.0.1:%1").arg(m_good.port());
    const auto wrong = QStringLiteral("https://127.0.0.1:%1").arg(m_wrongName.port());
    const QString trusted = QStringLiteral("  caFile: certs/ca.pem\n");
    QVERIFY(writeWorkspace(
        path(QStringLiteral("ws")),
        {{QStringLiteral("plain"), QStringLiteral("http://127.0.0.1:%1").arg(m_plain.port()), {}},
         {QStringLiteral("trusted"), good, trusted},
         {QStringLiteral("notls"), QStringLiteral("https://127.0.0.1:%1").arg(m_plain.port()), {}},
         {QStringLiteral("byname"), QStringLiteral("https://localhost:%1").arg(m_good.port()),
          trusted},
         {QStringLiteral("reuse"), good, trusted},
         {QStringLiteral("untrusted"), good, QStringLiteral("  caFile: certs/rogue.pem\n")},
         {QStringLiteral("systemonly"), good, {}},
         {QStringLiteral("chainoptout"), good,
          QStringLiteral("  validateCertificateChain: false\n")},
         {QStringLiteral("wrongname"), wrong, trusted},
         {QStringLiteral("nameoptout"), wrong,
          trusted + QStringLiteral("  validateCertificateName: false\n")},
         {QStringLiteral("chainoptoutonly"), wrong,
          QStringLiteral("  validateCertificateChain: false\n")},
         {QStringLiteral("mutual"), mutual, presenting("client.pem")},
         {QStringLiteral("mutualwithout"), mutual, trusted},
         {QStringLiteral("mutualmissing"), mutual, presenting("absent.pem")},
         {QStringLiteral("mutualmismatch"), mutual, presenting("mismatch.pem")},
         {QStringLiteral("certbyid"), mutual, trusted},
         {QStringLiteral("certbythumbprint"), mutual, trusted},
         {QStringLiteral("certoverbackend"), mutual, presenting("mismatch.pem")},
         {QStringLiteral("certunknown"), mutual, trusted},
         {QStringLiteral("certbroken"), mutual, trusted},
         {QStringLiteral("sidecert"), mutual, trusted},
         {QStringLiteral("sideunknown"), mutual, trusted}}));
    // Workspace certificates (certificates/<id>.yaml) and the policies that present them; the
    // thumbprint in lower case, as some tools print it.
    QVERIFY(writeFile(path(QStringLiteral("ws/certificates/gateway-client.yaml")),
                      "description: the gateway's client certificate\npem: file:" +
                          path(QStringLiteral("client.pem")).toUtf8() + "\n"));
    QVERIFY(writeFile(path(QStringLiteral("ws/certificates/broken.yaml")),
                      "pem: file:" + path(QStringLiteral("mismatch.pem")).toUtf8() + "\n"));
    // on-error shows the failure, as a policy author would to see why.
    const auto presentingPolicy = [&](const char* api, const QByteArray& attribute) {
        return writeFile(path(QStringLiteral("ws/apis/%1/policy.xml").arg(QLatin1String(api))),
                         "<policies><inbound><base/><authentication-certificate " + attribute +
                             "/></inbound><backend><base/></backend><outbound><base/>"
                             "</outbound><on-error><base/><return-response><set-status "
                             "code=\"500\"/><set-body>@(context.LastError.Reason + \": \" + "
                             "context.LastError.Message)</set-body></return-response>"
                             "</on-error></policies>");
    };
    QVERIFY(presentingPolicy("certbyid", R"(certificate-id="gateway-client")"));
    QVERIFY(presentingPolicy("certbythumbprint",
                             "thumbprint=\"" + thumbprintOf(client).toLower() + "\""));
    QVERIFY(presentingPolicy("certoverbackend", R"(certificate-id="gateway-client")"));
    QVERIFY(presentingPolicy("certunknown", R"(certificate-id="absent")"));
    QVERIFY(presentingPolicy("certbroken", R"(certificate-id="broken")"));
    // A side request to the mutual origin presenting the certificate, answered with what the
    // origin saw; and one naming a certificate that does not exist.
    const auto sideRequestPolicy = [&](const char* api, const char* certificate) {
        return writeFile(
            path(QStringLiteral("ws/apis/%1/policy.xml").arg(QLatin1String(api))),
            "<policies><inbound><base/><send-request mode=\"new\" response-variable-name=\"side\" "
            "timeout=\"10\"><set-url>" +
                mutual.toUtf8() +
                "/api/side</set-url><set-method>GET</set-method><authentication-certificate "
                "certificate-id=\"" +
                certificate +
                "\"/></send-request><return-response><set-body>@(((IResponse)context."
                "Variables[\"side\"]).Body.As&lt;string&gt;())</set-body></return-response>"
                "</inbound><backend><base/></backend><outbound><base/></outbound><on-error>"
                "<base/><return-response><set-status code=\"500\"/><set-body>@(context."
                "LastError.Source + \": \" + context.LastError.Reason)</set-body>"
                "</return-response></on-error></policies>");
    };
    QVERIFY(sideRequestPolicy("sidecert", "gateway-client"));
    QVERIFY(sideRequestPolicy("sideunknown", "absent"));
    QString error;
    QVERIFY2(m_gateway.start(path(QStringLiteral("ws")),
                             {QStringLiteral("--backend-timeout-ms"), QStringLiteral("10000"),
                              QStringLiteral("--backend-total-timeout-ms"), QStringLiteral("700")},
                             &error),
             qPrintable(error));
}

void TestBackendTls::cleanupTestCase() {
    QCOMPARE(m_gateway.terminate(), 0);
}

void TestBackendTls::checksBackendCertificate_data() {
    QTest::addColumn<QString>("api");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::newRow("chain to the backend's CA file, address in the certificate")
        << QStringLiteral("trusted") << 200 << QString();
    QTest::newRow("chain to the backend's CA file, host name in the certificate")
        << QStringLiteral("byname") << 200 << QString();
    QTest::newRow("chain to a CA the backend does not trust")
        << QStringLiteral("untrusted") << 502
        << QStringLiteral("the backend's certificate could not be verified");
    QTest::newRow("private CA without a CA file")
        << QStringLiteral("systemonly") << 502
        << QStringLiteral("the backend's certificate could not be verified");
    QTest::newRow("certificate for another host")
        << QStringLiteral("wrongname") << 502
        << QStringLiteral("the backend's certificate does not match its host name");
    QTest::newRow("chain check opted out") << QStringLiteral("chainoptout") << 200 << QString();
    QTest::newRow("name check opted out") << QStringLiteral("nameoptout") << 200 << QString();
    QTest::newRow("chain check opted out, name still checked")
        << QStringLiteral("chainoptoutonly") << 502
        << QStringLiteral("the backend's certificate does not match its host name");
}

void TestBackendTls::checksBackendCertificate() {
    QFETCH(QString, api);
    QFETCH(int, status);
    QFETCH(QString, message);
    const auto response = harness::exchange(
        m_gateway.port(), "GET /" + api.toUtf8() + "/items HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, status);
    if (status == 200) {
        QCOMPARE(response->header("x-backend"), QByteArray("test-backend"));
        QCOMPARE(echoOf(*response).value(QStringLiteral("target")).toString(),
                 QStringLiteral("/api/items"));
        return;
    }
    const auto body = QJsonDocument::fromJson(response->body).object();
    QCOMPARE(body.value(QStringLiteral("statusCode")).toInt(), status);
    QVERIFY2(body.value(QStringLiteral("message")).toString().contains(message),
             response->body.constData());
}

void TestBackendTls::answers502WhenBackendDoesNotSpeakTls() {
    const auto response =
        harness::exchange(m_gateway.port(), "GET /notls/items HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 502);
    QVERIFY2(response->body.contains("the TLS handshake with the backend failed"),
             response->body.constData());
}

void TestBackendTls::countsCertificateFailuresAsTlsBackendErrors() {
    QVERIFY(harness::exchange(m_gateway.port(), "GET /untrusted/x HTTP/1.1\r\nHost: a\r\n\r\n"));
    const auto metrics =
        harness::exchange(m_gateway.adminPort(), "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(metrics);
    QVERIFY2(metrics->body.contains("portico_backend_errors_total{api=\"untrusted\",kind=\"tls\"}"),
             metrics->body.constData());
}

void TestBackendTls::reusesTlsBackendConnectionsAcrossRequests() {
    // One client connection stays on one worker, whose pool hands back the same TLS connection.
    RawConnection client;
    QVERIFY(client.open(m_gateway.port()));
    QList<QJsonObject> echoes;
    for (int i = 0; i < 3; ++i) {
        client.send("GET /reuse/items HTTP/1.1\r\nHost: a\r\n\r\n");
        const auto response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        echoes.append(echoOf(*response));
    }
    const auto accepted = [&](int i) {
        return echoes[i].value(QStringLiteral("acceptedConnections")).toInt();
    };
    const auto onConnection = [&](int i) {
        return echoes[i].value(QStringLiteral("requestsOnConnection")).toInt();
    };
    QCOMPARE(accepted(2), accepted(0));
    QCOMPARE(onConnection(1), onConnection(0) + 1);
    QCOMPARE(onConnection(2), onConnection(0) + 2);
}

void TestBackendTls::answers504WhenTheWholeBackendExchangeTakesTooLong_data() {
    QTest::addColumn<QString>("api");
    QTest::newRow("http backend") << QStringLiteral("plain");
    QTest::newRow("https backend") << QStringLiteral("trusted");
}

void TestBackendTls::answers504WhenTheWholeBackendExchangeTakesTooLong() {
    QFETCH(QString, api);
    // The per-read timeout is 10 s; only the 700 ms overall one can end this early.
    QElapsedTimer timer;
    timer.start();
    const auto response = harness::exchange(
        m_gateway.port(), "GET /" + api.toUtf8() + "/slow/3000 HTTP/1.1\r\nHost: a\r\n\r\n", 8000);
    QVERIFY(response);
    QCOMPARE(response->status, 504);
    QVERIFY2(timer.elapsed() < 2500, qPrintable(QString::number(timer.elapsed())));
    const auto body = QJsonDocument::fromJson(response->body).object();
    QCOMPARE(body.value(QStringLiteral("statusCode")).toInt(), 504);
    QVERIFY(body.value(QStringLiteral("message"))
                .toString()
                .startsWith(QStringLiteral("Gateway timeout")));
    // A fast request on the same API still goes through.
    const auto fast = harness::exchange(
        m_gateway.port(), "GET /" + api.toUtf8() + "/slow/50 HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(fast);
    QCOMPARE(fast->status, 200);
}

void TestBackendTls::refusesWorkspaceWhoseBackendCaFileCannotBeUsed() {
    QTemporaryDir workspace;
    QVERIFY(writeWorkspace(
        workspace.path(),
        {{QStringLiteral("broken"), QStringLiteral("https://127.0.0.1:%1").arg(m_good.port()),
          QStringLiteral("  caFile: certs/missing.pem\n")}}));
    const auto result = harness::runGatewayToEnd(
        {QStringLiteral("--workspace"), workspace.path(), QStringLiteral("--listen"),
         QStringLiteral("127.0.0.1:0"), QStringLiteral("--admin"), QStringLiteral("off")});
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.standardError.contains("PT3014"), result.standardError.constData());
    QVERIFY2(result.standardError.contains("missing.pem"), result.standardError.constData());
}

void TestBackendTls::rejectsTotalTimeoutThatIsNotPositive() {
    const auto result = harness::runGatewayToEnd(
        {QStringLiteral("--workspace"), path(QStringLiteral("ws")),
         QStringLiteral("--backend-total-timeout-ms"), QStringLiteral("0")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.standardError.contains("--backend-total-timeout-ms: expected a positive "
                                           "number of milliseconds, got '0'"),
             result.standardError.constData());
}

void TestBackendTls::presentsTheBackendsClientCertificate() {
    const auto response =
        harness::exchange(m_gateway.port(), "GET /mutual/items HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    QVERIFY2(response->status == 200, response->body.constData());
    QCOMPARE(echoOf(*response).value(QStringLiteral("clientCertificate")).toString(),
             QStringLiteral("/CN=gateway-client"));
    // Other backends get no certificate from it.
    const auto other =
        harness::exchange(m_gateway.port(), "GET /trusted/items HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(other && other->status == 200);
    QCOMPARE(echoOf(*other).value(QStringLiteral("clientCertificate")).toString(), QString());
}

void TestBackendTls::keepsConnectionsWithAndWithoutTheCertificateApart() {
    // The same origin through a backend without a client certificate: a pooled connection made
    // with the certificate must not be lent to it.
    for (int i = 0; i < 3; ++i) {
        QVERIFY(
            harness::exchange(m_gateway.port(), "GET /mutual/items HTTP/1.1\r\nHost: a\r\n\r\n"));
        const auto response = harness::exchange(
            m_gateway.port(), "GET /mutualwithout/items HTTP/1.1\r\nHost: a\r\n\r\n");
        QVERIFY(response);
        QCOMPARE(response->status, 502);
    }
}

void TestBackendTls::answers500WhenTheClientCertificateCannotBeUsed_data() {
    QTest::addColumn<QString>("api");
    QTest::addColumn<QString>("warning");
    QTest::newRow("file missing") << QStringLiteral("mutualmissing")
                                  << QStringLiteral("cannot be read");
    QTest::newRow("key of another certificate")
        << QStringLiteral("mutualmismatch")
        << QStringLiteral("its private key does not belong to its certificate");
}

void TestBackendTls::answers500WhenTheClientCertificateCannotBeUsed() {
    QFETCH(QString, api);
    QFETCH(QString, warning);
    const auto response = harness::exchange(
        m_gateway.port(), "GET /" + api.toUtf8() + "/items HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 500);
    QVERIFY2(response->body.contains("client certificate"), response->body.constData());
    m_log += m_gateway.standardError();
    QVERIFY2(m_log.contains("PT3016 the client certificate of backend '" + api.toUtf8() + "'") &&
                 m_log.contains(warning.toUtf8()),
             m_log.constData());
    QVERIFY(!m_log.contains("PRIVATE KEY"));
}

void TestBackendTls::presentsTheCertificateAPolicyChooses_data() {
    QTest::addColumn<QString>("api");
    QTest::newRow("by certificate id") << QStringLiteral("certbyid");
    QTest::newRow("by thumbprint, in any case") << QStringLiteral("certbythumbprint");
    QTest::newRow("in place of the backend's own") << QStringLiteral("certoverbackend");
}

void TestBackendTls::presentsTheCertificateAPolicyChooses() {
    QFETCH(QString, api);
    const auto response = harness::exchange(
        m_gateway.port(), "GET /" + api.toUtf8() + "/items HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    QVERIFY2(response->status == 200, response->body.constData());
    QCOMPARE(echoOf(*response).value(QStringLiteral("clientCertificate")).toString(),
             QStringLiteral("/CN=gateway-client"));
}

void TestBackendTls::answers500ForACertificateItCannotPresent_data() {
    QTest::addColumn<QString>("api");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("log");
    QTest::newRow("no such certificate")
        << QStringLiteral("certunknown")
        << QStringLiteral("CertificateNotFound: certificate 'absent' does not exist") << QString();
    QTest::newRow("its key is another certificate's")
        << QStringLiteral("certbroken")
        << QStringLiteral("CertificateUnavailable: certificate 'broken' cannot be read")
        << QStringLiteral("PT3016 certificate 'broken' (file:");
}

void TestBackendTls::answers500ForACertificateItCannotPresent() {
    QFETCH(QString, api);
    QFETCH(QString, error);
    QFETCH(QString, log);
    const auto response = harness::exchange(
        m_gateway.port(), "GET /" + api.toUtf8() + "/items HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 500);
    QCOMPARE(QString::fromUtf8(response->body), error);
    m_log += m_gateway.standardError();
    QVERIFY2(m_log.contains(log.toUtf8()), m_log.constData());
    QVERIFY(!m_log.contains("PRIVATE KEY"));
}

void TestBackendTls::presentsTheCertificateOnASendRequest() {
    // Side requests trust the system store only: a gateway of its own, whose OpenSSL store is
    // the test CA (SSL_CERT_FILE), reaches the mutual origin.
    harness::Gateway gateway;
    qputenv("SSL_CERT_FILE", path(QStringLiteral("ws/certs/ca.pem")).toUtf8());
    QString error;
    const bool started = gateway.start(path(QStringLiteral("ws")), {}, &error);
    qunsetenv("SSL_CERT_FILE");
    QVERIFY2(started, qPrintable(error));
    const auto response =
        harness::exchange(gateway.port(), "GET /sidecert/items HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    QVERIFY2(response->status == 200, response->body.constData());
    QCOMPARE(echoOf(*response).value(QStringLiteral("clientCertificate")).toString(),
             QStringLiteral("/CN=gateway-client"));
    const auto unknown =
        harness::exchange(gateway.port(), "GET /sideunknown/items HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(unknown);
    QCOMPARE(unknown->status, 500);
    QCOMPARE(unknown->body, QByteArray("send-request: CertificateNotFound"));
    QCOMPARE(gateway.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestBackendTls)
#include "test_backend_tls.moc"
