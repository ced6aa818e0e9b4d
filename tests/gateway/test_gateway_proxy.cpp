#include "gateway_harness.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using harness::exchange;
using harness::RawConnection;

namespace {

QJsonObject echoOf(const harness::HttpResponse& response) {
    return QJsonDocument::fromJson(response.body).object();
}

QString backendHeader(const QJsonObject& echo, const char* name) {
    return echo.value(QStringLiteral("headers")).toObject().value(QLatin1String(name)).toString();
}

// POSTs "hello" to /echo/upload as curl does with Expect: 100-continue: the head, then the body
// once the gateway answers 100. The final answer; empty when either answer did not come.
std::optional<harness::HttpResponse> uploadAfterContinue(RawConnection& connection) {
    connection.send("POST /echo/upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
                    "Expect: 100-continue\r\n\r\n");
    const auto interim = connection.readResponse(3000);
    if (!interim || interim->status != 100)
        return std::nullopt;
    connection.send("hello");
    return connection.readResponse();
}

qint64 residentKiB(qint64 pid) {
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const auto& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
    }
    return -1;
}

} // namespace

class TestGatewayProxy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void rejectsBadCommandLines_data();
    void rejectsBadCommandLines();
    void refusesToStartOnBrokenWorkspace();
    void printsOneLinePerListener();
    void forwardsToServiceUrlWithRewrittenTarget();
    void unknownPathAnswers404WithApimBody();
    void knownPathWithOtherMethodAnswers405WithAllow();
    void setsForwardedHeadersAndStripsHopByHopHeaders();
    void reusesBackendConnections();
    void keepsValidRequestIdAndGeneratesOtherwise();
    void streamsLargeUploadInBoundedMemory();
    void streamsLargeDownloadInBoundedMemory_data();
    void streamsLargeDownloadInBoundedMemory();
    void neverReusesABackendConnectionThatSentMoreThanItsLength_data();
    void neverReusesABackendConnectionThatSentMoreThanItsLength();
    void backendTimeoutAnswers504();
    void refusedBackendAnswers502();
    void backendClosingWithoutAnswerGives502();
    void sendsAgainOnlyIdempotentRequestsWhoseReusedConnectionClosed_data();
    void sendsAgainOnlyIdempotentRequestsWhoseReusedConnectionClosed();
    void readsBackendAnswerHeadsHoweverTheyArrive_data();
    void readsBackendAnswerHeadsHoweverTheyArrive();
    void keepsBackendTrailersOutOfTheAnswerHead();
    void neverSendsARequestAgainAfterAMalformedAnswer();
    void survivesABackendTrailerOverItsLimit();
    void handlesExpectContinue();
    void streamsAnUploadOnlyOnAConnectionProbedOpen();
    void servesHttp10ClientsAndCloses();
    void answersPipelinedRequestsInOrder();
    void servesKeepAliveRequestsOfEverySizeInTurn();
    void reframesCloseDelimitedBackendBodies();
    void answersHeadWithoutBody();
    void drainsAndExitsZeroOnSigterm();

private:
    QTemporaryDir m_workspace;
    harness::Backend m_backend;
    harness::Gateway m_gateway;
};

void TestGatewayProxy::initTestCase() {
    QVERIFY(m_workspace.isValid());
    QVERIFY(m_backend.start());
    QVERIFY(harness::writeWorkspace(
        m_workspace.path(),
        {{QStringLiteral("echo"),
          QStringLiteral("echo"),
          m_backend.url() + QStringLiteral("/api"),
          {{QStringLiteral("GET"), QStringLiteral("/items/{id}"), QStringLiteral("getItem")},
           {QStringLiteral("DELETE"), QStringLiteral("/items/{id}"), QStringLiteral("deleteItem")},
           {QStringLiteral("POST"), QStringLiteral("/upload"), QStringLiteral("upload")},
           {QStringLiteral("GET"), QStringLiteral("/big/{n}"), QStringLiteral("big")},
           {QStringLiteral("GET"), QStringLiteral("/sized/{n}"), QStringLiteral("sized")},
           {QStringLiteral("GET"), QStringLiteral("/overlong"), QStringLiteral("overlong")},
           {QStringLiteral("GET"), QStringLiteral("/overlong-chunked"),
            QStringLiteral("overlongChunked")},
           {QStringLiteral("GET"), QStringLiteral("/slow/{ms}"), QStringLiteral("slow")},
           {QStringLiteral("GET"), QStringLiteral("/close"), QStringLiteral("close")},
           {QStringLiteral("PUT"), QStringLiteral("/close"), QStringLiteral("closeOnPut")},
           {QStringLiteral("DELETE"), QStringLiteral("/close"), QStringLiteral("closeOnDelete")},
           {QStringLiteral("POST"), QStringLiteral("/close"), QStringLiteral("closeOnPost")},
           {QStringLiteral("PATCH"), QStringLiteral("/close"), QStringLiteral("closeOnPatch")},
           {QStringLiteral("GET"), QStringLiteral("/raw/{name}"), QStringLiteral("raw")},
           {QStringLiteral("GET"), QStringLiteral("/nolength"), QStringLiteral("nolength")}},
          {}},
         {QStringLiteral("dead"),
          QStringLiteral("dead"),
          QStringLiteral("http://127.0.0.1:1"),
          {{QStringLiteral("GET"), QStringLiteral("/x"), QStringLiteral("x")}},
          {}}}));
    QString error;
    QVERIFY2(m_gateway.start(m_workspace.path(),
                             {QStringLiteral("--backend-timeout-ms"), QStringLiteral("800")},
                             &error),
             qPrintable(error));
    QVERIFY(m_gateway.port() != 0);
    QVERIFY(m_gateway.adminPort() != 0);
}

void TestGatewayProxy::cleanupTestCase() {
    QVERIFY2(m_gateway.isRunning(), "the gateway must survive every test");
}

void TestGatewayProxy::rejectsBadCommandLines_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString ws = QStringLiteral("/nonexistent");
    QTest::newRow("no workspace") << QStringList{} << "--workspace DIR is required";
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--lisen"), QStringLiteral("x")}
                                    << "unknown option '--lisen'";
    QTest::newRow("missing value")
        << QStringList{QStringLiteral("--workspace")} << "--workspace: missing value";
    QTest::newRow("bad port") << QStringList{QStringLiteral("--workspace"), ws,
                                             QStringLiteral("--listen"),
                                             QStringLiteral("127.0.0.1:99999")}
                              << "--listen: invalid port '99999'";
    QTest::newRow("host name") << QStringList{QStringLiteral("--workspace"), ws,
                                              QStringLiteral("--listen"),
                                              QStringLiteral("example.com:80")}
                               << "--listen: invalid address 'example.com'";
    QTest::newRow("threads") << QStringList{QStringLiteral("--workspace"), ws,
                                            QStringLiteral("--threads=0")}
                             << "--threads: expected a number from 1 to 256";
    QTest::newRow("client cert mode")
        << QStringList{QStringLiteral("--workspace"), ws, QStringLiteral("--client-cert"),
                       QStringLiteral("maybe")}
        << "--client-cert: expected none, optional or required";
    QTest::newRow("missing folder")
        << QStringList{QStringLiteral("--workspace"), ws} << "'/nonexistent' is not a folder";
}

void TestGatewayProxy::rejectsBadCommandLines() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const auto result = harness::runGatewayToEnd(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.standardError.contains(message.toUtf8()), result.standardError.constData());
}

void TestGatewayProxy::refusesToStartOnBrokenWorkspace() {
    QTemporaryDir broken;
    QVERIFY(harness::writeWorkspace(
        broken.path(),
        {{QStringLiteral("bad"), QStringLiteral("bad"), QStringLiteral("ftp://x"), {}, {}}}));
    const auto result = harness::runGatewayToEnd(
        {QStringLiteral("--workspace"), broken.path(), QStringLiteral("--listen"),
         QStringLiteral("127.0.0.1:0"), QStringLiteral("--admin"), QStringLiteral("off")});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.standardError.contains("apis/bad/api.yaml"), result.standardError.constData());
    QVERIFY(result.standardError.contains("not starting"));
}

void TestGatewayProxy::printsOneLinePerListener() {
    QProcess process;
    process.start(harness::gatewayBinary(),
                  {QStringLiteral("--workspace"), m_workspace.path(), QStringLiteral("--listen"),
                   QStringLiteral("127.0.0.1:0"), QStringLiteral("--listen"),
                   QStringLiteral("[::1]:0"), QStringLiteral("--admin"),
                   QStringLiteral("127.0.0.1:0"), QStringLiteral("--threads"),
                   QStringLiteral("1")});
    QByteArray output;
    QDeadlineTimer deadline(5000);
    while (!output.contains("ready") && !deadline.hasExpired()) {
        process.waitForReadyRead(100);
        output += process.readAllStandardOutput();
    }
    process.kill();
    process.waitForFinished();
    const auto lines = output.trimmed().split('\n');
    QCOMPARE(lines.size(), 4);
    QVERIFY(lines[0].startsWith("portico-gateway: listening on http://127.0.0.1:"));
    QVERIFY(lines[1].startsWith("portico-gateway: listening on http://[::1]:"));
    QVERIFY(lines[2].startsWith("portico-gateway: admin on http://127.0.0.1:"));
    QVERIFY(!lines[0].endsWith(":0"));
}

void TestGatewayProxy::forwardsToServiceUrlWithRewrittenTarget() {
    const auto response = exchange(
        m_gateway.port(), "GET /echo/items/42?x=1&y=%2F HTTP/1.1\r\nHost: gw.test\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const auto echo = echoOf(*response);
    QCOMPARE(echo.value(QStringLiteral("target")).toString(),
             QStringLiteral("/api/items/42?x=1&y=%2F"));
    QCOMPARE(backendHeader(echo, "host"), QStringLiteral("127.0.0.1:%1").arg(m_backend.port()));
    QCOMPARE(response->header("x-backend"), QByteArray("test-backend"));
}

void TestGatewayProxy::unknownPathAnswers404WithApimBody() {
    for (const char* target : {"/nothing", "/echo/unknown", "/echoes/items/1"}) {
        const auto response = exchange(m_gateway.port(), QByteArray("GET ") + target +
                                                             " HTTP/1.1\r\nHost: a\r\n\r\n");
        QVERIFY(response);
        QCOMPARE(response->status, 404);
        QCOMPARE(response->body,
                 QByteArray(R"({"statusCode":404,"message":"Resource not found"})"));
        QCOMPARE(response->header("content-type"), QByteArray("application/json"));
    }
}

void TestGatewayProxy::knownPathWithOtherMethodAnswers405WithAllow() {
    const auto response = exchange(
        m_gateway.port(), "PUT /echo/items/1 HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 405);
    QCOMPARE(response->header("allow"), QByteArray("DELETE, GET"));
}

void TestGatewayProxy::setsForwardedHeadersAndStripsHopByHopHeaders() {
    const auto response =
        exchange(m_gateway.port(), "GET /echo/items/1 HTTP/1.1\r\nHost: public.example\r\n"
                                   "Connection: keep-alive, X-Secret-Hop\r\nX-Secret-Hop: 1\r\n"
                                   "Keep-Alive: timeout=5\r\nTE: trailers\r\nUpgrade: h2c\r\n"
                                   "Proxy-Authorization: Basic eA==\r\n"
                                   "X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: gopher\r\n"
                                   "X-End-To-End: kept\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const auto echo = echoOf(*response);
    QCOMPARE(backendHeader(echo, "x-forwarded-for"), QStringLiteral("203.0.113.9, 127.0.0.1"));
    QCOMPARE(backendHeader(echo, "x-forwarded-proto"), QStringLiteral("http"));
    QCOMPARE(backendHeader(echo, "x-forwarded-host"), QStringLiteral("public.example"));
    QCOMPARE(backendHeader(echo, "x-end-to-end"), QStringLiteral("kept"));
    for (const char* hop :
         {"x-secret-hop", "keep-alive", "te", "upgrade", "proxy-authorization", "via"}) {
        QVERIFY2(backendHeader(echo, hop).isEmpty(), hop);
    }
    QVERIFY(!response->headers.contains("x-hop"));
    QVERIFY(!response->headers.contains("via"));
}

void TestGatewayProxy::reusesBackendConnections() {
    // Several sequential requests on one worker: all but the first find a pooled connection.
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    int maxReuse = 0;
    for (int i = 0; i < 5; ++i) {
        connection.send("GET /echo/items/1 HTTP/1.1\r\nHost: a\r\n\r\n");
        const auto response = connection.readResponse();
        QVERIFY(response);
        maxReuse = std::max(
            maxReuse, echoOf(*response).value(QStringLiteral("requestsOnConnection")).toInt());
    }
    QVERIFY2(maxReuse >= 4, qPrintable(QString::number(maxReuse)));
}

void TestGatewayProxy::keepsValidRequestIdAndGeneratesOtherwise() {
    auto response = exchange(
        m_gateway.port(), "GET /echo/items/1 HTTP/1.1\r\nHost: a\r\nX-Request-Id: abc-123\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->header("x-request-id"), QByteArray("abc-123"));
    QCOMPARE(backendHeader(echoOf(*response), "x-request-id"), QStringLiteral("abc-123"));

    response = exchange(m_gateway.port(),
                        "GET /echo/items/1 HTTP/1.1\r\nHost: a\r\nX-Request-Id: <bad id>\r\n\r\n");
    QVERIFY(response);
    const auto generated = response->header("x-request-id");
    QCOMPARE(generated.size(), 36);
    QVERIFY(generated != "<bad id>");
    QCOMPARE(backendHeader(echoOf(*response), "x-request-id"), QString::fromLatin1(generated));
}

void TestGatewayProxy::streamsLargeUploadInBoundedMemory() {
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    connection.send("POST /echo/upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
    const qint64 total = 256LL * 1024 * 1024;
    const QByteArray block(1024 * 1024, 'u');
    quint32 checksum = 0;
    for (const char c : block) {
        checksum = checksum * 31 + static_cast<unsigned char>(c);
    }
    quint32 expected = 0;
    qint64 peakKiB = 0;
    for (qint64 sent = 0; sent < total; sent += block.size()) {
        connection.send(QByteArray::number(block.size(), 16) + "\r\n" + block + "\r\n");
        for (const char c : block) {
            expected = expected * 31 + static_cast<unsigned char>(c);
        }
        if ((sent / block.size()) % 32 == 0) {
            peakKiB = std::max(peakKiB, residentKiB(m_gateway.pid()));
        }
    }
    connection.send("0\r\n\r\n");
    const auto response = connection.readResponse(30000);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const auto echo = echoOf(*response);
    QCOMPARE(qint64(echo.value(QStringLiteral("bodyBytes")).toDouble()), total);
    QCOMPARE(quint32(echo.value(QStringLiteral("bodyChecksum")).toDouble()), expected);
    QVERIFY2(peakKiB > 0 && peakKiB < 64 * 1024, qPrintable(QString::number(peakKiB)));
}

void TestGatewayProxy::streamsLargeDownloadInBoundedMemory_data() {
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("contentLength");
    const QByteArray total = QByteArray::number(200LL * 1024 * 1024);
    QTest::newRow("chunked") << QByteArray("/echo/big/") + total << QByteArray();
    QTest::newRow("content-length") << QByteArray("/echo/sized/") + total << total;
}

void TestGatewayProxy::streamsLargeDownloadInBoundedMemory() {
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, contentLength);
    // A gateway of its own, with the default timeouts: the shared one's 800 ms backend timeout
    // (for backendTimeoutAnswers504) also bounds writes to a client that stopped reading, and
    // this test's client, growing a 200 MB body while other suites run, can pause longer.
    harness::Gateway gateway;
    QString error;
    QVERIFY2(gateway.start(m_workspace.path(), {}, &error), qPrintable(error));
    RawConnection connection;
    QVERIFY(connection.open(gateway.port()));
    const qint64 total = 200LL * 1024 * 1024;
    connection.send("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n");
    // Read slowly at first so the gateway has to hold back rather than buffer.
    QTest::qWait(300);
    const auto rss = residentKiB(gateway.pid());
    const auto response = connection.readResponse(60000);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(qint64(response->body.size()), total);
    QCOMPARE(response->header("content-length"), contentLength);
    QVERIFY2(rss > 0 && rss < 64 * 1024, qPrintable(QString::number(rss)));
    // The connection carries on after a body relayed to its last byte.
    connection.send("GET /echo/items/3 HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto next = connection.readResponse();
    QVERIFY(next);
    QCOMPARE(echoOf(*next).value(QStringLiteral("target")).toString(),
             QStringLiteral("/api/items/3"));
}

void TestGatewayProxy::neverReusesABackendConnectionThatSentMoreThanItsLength_data() {
    QTest::addColumn<QByteArray>("path");
    QTest::newRow("content-length") << QByteArray("/echo/overlong");
    QTest::newRow("chunked") << QByteArray("/echo/overlong-chunked");
}

void TestGatewayProxy::neverReusesABackendConnectionThatSentMoreThanItsLength() {
    QFETCH(QByteArray, path);
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    connection.send("GET /echo/items/1 HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto before = connection.readResponse();
    QVERIFY(before);
    connection.send("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto overlong = connection.readResponse();
    QVERIFY(overlong);
    QCOMPARE(overlong->body, QByteArray("hello"));
    connection.send("GET /echo/items/2 HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto after = connection.readResponse();
    QVERIFY(after);
    QCOMPARE(after->status, 200);
    // Had the gateway sent this request on the connection with "EXTRA" left in it, the backend
    // would have answered it there too, before the gateway gave up on that answer and retried.
    const auto number = [](const harness::HttpResponse& response) {
        return echoOf(response).value(QStringLiteral("requestNumber")).toInt();
    };
    QCOMPARE(number(*after), number(*before) + 1);
}

void TestGatewayProxy::backendTimeoutAnswers504() {
    QElapsedTimer timer;
    timer.start();
    const auto response =
        exchange(m_gateway.port(), "GET /echo/slow/3000 HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 504);
    QVERIFY(timer.elapsed() < 2500);
    QVERIFY(response->body.startsWith(R"({"statusCode":504,"message":"Gateway timeout)"));
}

void TestGatewayProxy::refusedBackendAnswers502() {
    const auto response = exchange(m_gateway.port(), "GET /dead/x HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 502);
    QVERIFY(response->body.startsWith(R"({"statusCode":502,"message":"Bad gateway)"));
}

void TestGatewayProxy::backendClosingWithoutAnswerGives502() {
    const auto response = exchange(m_gateway.port(), "GET /echo/close HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 502);
}

void TestGatewayProxy::sendsAgainOnlyIdempotentRequestsWhoseReusedConnectionClosed_data() {
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<int>("timesSent");
    QTest::newRow("GET") << QByteArray("GET") << 2;
    QTest::newRow("PUT") << QByteArray("PUT") << 2;
    QTest::newRow("DELETE") << QByteArray("DELETE") << 2;
    QTest::newRow("POST") << QByteArray("POST") << 1;
    QTest::newRow("PATCH") << QByteArray("PATCH") << 1;
}

// RFC 9112 9.3.1: a backend that closes a reused connection without answering may have closed it
// while idle, or may have handled the request. Only a request that can be sent twice goes again.
void TestGatewayProxy::sendsAgainOnlyIdempotentRequestsWhoseReusedConnectionClosed() {
    QFETCH(QByteArray, method);
    QFETCH(int, timesSent);
    RawConnection connection; // one worker, so one backend pool, for all three calls
    QVERIFY(connection.open(m_gateway.port()));
    auto droppedSoFar = [&] {
        connection.send("GET /echo/items/1 HTTP/1.1\r\nHost: a\r\n\r\n");
        const auto echo = connection.readResponse();
        return echo ? echoOf(*echo).value(QStringLiteral("droppedRequests")).toInt() : -1;
    };
    const int before = droppedSoFar(); // leaves an open pooled connection for the next call
    QVERIFY(before >= 0);
    // No body, so that every method's request is held whole and could go again.
    connection.send(method + " /echo/close HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
    const auto dropped = connection.readResponse();
    QVERIFY(dropped);
    QCOMPARE(dropped->status, 502);
    QCOMPARE(droppedSoFar(), before + timesSent);
}

void TestGatewayProxy::readsBackendAnswerHeadsHoweverTheyArrive_data() {
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("header"); // name: value the client must see, if any
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("head in three pieces")
        << QByteArray("split-head") << 200 << QByteArray("x-split: yes") << QByteArray("ok");
    QTest::newRow("interim answer first")
        << QByteArray("interim") << 200 << QByteArray() << QByteArray("ok");
    QTest::newRow("folded field joined")
        << QByteArray("folded") << 200 << QByteArray("x-folded: a b") << QByteArray("ok");
    QTest::newRow("head of 20 KiB") << QByteArray("large-head") << 200
                                    << "x-big: " + QByteArray(20000, 'b') << QByteArray("ok");
    QTest::newRow("head over the header limit")
        << QByteArray("huge-head") << 502 << QByteArray() << QByteArray();
    QTest::newRow("space before colon")
        << QByteArray("bad-field") << 502 << QByteArray() << QByteArray();
    QTest::newRow("bare LF") << QByteArray("bare-lf") << 502 << QByteArray() << QByteArray();
    QTest::newRow("closed mid-head")
        << QByteArray("half-head") << 502 << QByteArray() << QByteArray();
}

void TestGatewayProxy::readsBackendAnswerHeadsHoweverTheyArrive() {
    QFETCH(QByteArray, answer);
    QFETCH(int, status);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, body);
    const auto response =
        exchange(m_gateway.port(), "GET /echo/raw/" + answer + " HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, status);
    if (!header.isEmpty()) {
        const auto colon = header.indexOf(": ");
        QCOMPARE(response->header(header.left(colon)), header.mid(colon + 2));
    }
    if (status == 200) {
        QCOMPARE(response->body, body);
        QVERIFY(response->header("link").isEmpty()); // the interim answer's field stays there
    } else {
        QVERIFY(response->body.startsWith("{\"statusCode\":502,\"message\":\"Bad gateway"));
    }
}

void TestGatewayProxy::keepsBackendTrailersOutOfTheAnswerHead() {
    const auto response =
        exchange(m_gateway.port(), "GET /echo/raw/trailers HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray("hello"));
    QVERIFY2(response->header("set-cookie").isEmpty() && response->header("x-trailer").isEmpty(),
             response->head.constData());
}

// RFC 9112 9.3.1: a request goes again only when its connection closed before any answer came.
void TestGatewayProxy::neverSendsARequestAgainAfterAMalformedAnswer() {
    // One client connection keeps all three calls on one worker and so on one backend pool.
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    auto rawAnswers = [&] {
        connection.send("GET /echo/items/1 HTTP/1.1\r\nHost: a\r\n\r\n");
        const auto echo = connection.readResponse();
        return echo ? echoOf(*echo).value(QStringLiteral("rawAnswers")).toInt() : -1;
    };
    const int before = rawAnswers(); // leaves a pooled backend connection for the next call
    QVERIFY(before >= 0);
    connection.send("GET /echo/raw/bad-field HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto bad = connection.readResponse();
    QVERIFY(bad);
    QCOMPARE(bad->status, 502);
    // The malformed answer came on a reused connection, and was asked for once.
    QCOMPARE(rawAnswers(), before + 1);
}

void TestGatewayProxy::survivesABackendTrailerOverItsLimit() {
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    connection.send("GET /echo/raw/huge-trailer HTTP/1.1\r\nHost: a\r\n\r\n");
    // The head may be out before the trailer arrives: then the client is cut off.
    const auto response = connection.readResponse(3000);
    QVERIFY(!response || !response->head.contains("X-Big"));
    QVERIFY(connection.waitClosed(3000));
    const auto next = exchange(m_gateway.port(), "GET /echo/items/1 HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY2(next && next->status == 200, "the gateway stopped serving");
}

void TestGatewayProxy::handlesExpectContinue() {
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    const auto response = uploadAfterContinue(connection);
    QVERIFY2(response, "no 100 Continue, or no final answer");
    QCOMPARE(response->status, 200);
    const auto echo = echoOf(*response);
    QCOMPARE(echo.value(QStringLiteral("bodyBytes")).toInt(), 5);
    QVERIFY(backendHeader(echo, "expect").isEmpty());
}

// An upload streamed from the client cannot be sent twice, so it must not meet a pooled connection
// the backend has closed, however recently.
void TestGatewayProxy::streamsAnUploadOnlyOnAConnectionProbedOpen() {
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    // The backend answers keep-alive and then closes its side: the gateway pools the connection.
    connection.send("GET /echo/raw/folded HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto pooled = connection.readResponse();
    QVERIFY(pooled);
    QCOMPARE(pooled->status, 200);
    QTest::qWait(50); // the backend's FIN arrives, as it would during any pause between calls
    const auto response = uploadAfterContinue(connection);
    QVERIFY2(response, "no 100 Continue, or no final answer");
    QCOMPARE(response->status, 200);
    QCOMPARE(echoOf(*response).value(QStringLiteral("bodyBytes")).toInt(), 5);
}

void TestGatewayProxy::servesHttp10ClientsAndCloses() {
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    connection.send("GET /echo/items/1 HTTP/1.0\r\n\r\n");
    const auto response = connection.readResponse();
    QVERIFY(response);
    QVERIFY(response->head.startsWith("HTTP/1.0 200"));
    QVERIFY(connection.waitClosed(2000));

    RawConnection big;
    QVERIFY(big.open(m_gateway.port()));
    big.send("GET /echo/big/100000 HTTP/1.0\r\n\r\n");
    const auto streamed = big.readResponse();
    QVERIFY(streamed);
    QVERIFY(!streamed->headers.contains("transfer-encoding"));
    QCOMPARE(streamed->body.size(), 100000);
}

void TestGatewayProxy::answersPipelinedRequestsInOrder() {
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    connection.send("GET /echo/items/1 HTTP/1.1\r\nHost: a\r\n\r\n"
                    "GET /nothing HTTP/1.1\r\nHost: a\r\n\r\n"
                    "POST /echo/upload HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
                    "GET /echo/items/3 HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto first = connection.readResponse();
    const auto second = connection.readResponse();
    const auto third = connection.readResponse();
    const auto fourth = connection.readResponse();
    QVERIFY(first && second && third && fourth);
    QCOMPARE(echoOf(*first).value(QStringLiteral("target")).toString(),
             QStringLiteral("/api/items/1"));
    QCOMPARE(second->status, 404);
    QCOMPARE(echoOf(*third).value(QStringLiteral("bodyBytes")).toInt(), 3);
    QCOMPARE(echoOf(*fourth).value(QStringLiteral("target")).toString(),
             QStringLiteral("/api/items/3"));
}

// A keep-alive connection keeps a buffer the size of its last request and reads the next one into
// it: a larger head, a head in pieces and pipelined heads must all come through it whole.
void TestGatewayProxy::servesKeepAliveRequestsOfEverySizeInTurn() {
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    auto expectTarget = [&](const char* target) {
        const auto response = connection.readResponse();
        QVERIFY(response);
        QCOMPARE(echoOf(*response).value(QStringLiteral("target")).toString(),
                 QString::fromLatin1(target));
    };
    connection.send("GET /echo/items/1 HTTP/1.1\r\nHost: a\r\n\r\n");
    expectTarget("/api/items/1");
    const QByteArray large =
        "GET /echo/items/2 HTTP/1.1\r\nHost: a\r\nX-Large: " + QByteArray(6000, 'x') + "\r\n\r\n";
    connection.send(large);
    expectTarget("/api/items/2");
    connection.send("GET /echo/items/3 HTTP/1.1\r\nHost: a\r\n\r\n");
    expectTarget("/api/items/3");
    connection.send("GET /echo/items/4 HTTP/1.1\r\nHo");
    QTest::qWait(50);
    connection.send("st: a\r\n\r\n");
    expectTarget("/api/items/4");
    connection.send("GET /echo/items/5 HTTP/1.1\r\nHost: a\r\n\r\n"
                    "GET /echo/items/6 HTTP/1.1\r\nHost: a\r\n\r\n");
    expectTarget("/api/items/5");
    expectTarget("/api/items/6");
}

void TestGatewayProxy::reframesCloseDelimitedBackendBodies() {
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    connection.send("GET /echo/nolength HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto response = connection.readResponse();
    QVERIFY(response);
    QCOMPARE(response->header("transfer-encoding").toLower(), QByteArray("chunked"));
    QCOMPARE(echoOf(*response).value(QStringLiteral("target")).toString(),
             QStringLiteral("/api/nolength"));
    // The client connection stays usable.
    connection.send("GET /echo/items/2 HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(connection.readResponse());
}

void TestGatewayProxy::answersHeadWithoutBody() {
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    connection.send("HEAD /echo/items/1 HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto response = connection.readResponse(5000, true);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    connection.send("GET /echo/items/9 HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto next = connection.readResponse();
    QVERIFY(next);
    QCOMPARE(echoOf(*next).value(QStringLiteral("target")).toString(),
             QStringLiteral("/api/items/9"));
}

void TestGatewayProxy::drainsAndExitsZeroOnSigterm() {
    harness::Gateway gateway;
    QString error;
    QVERIFY2(gateway.start(m_workspace.path(), {}, &error), qPrintable(error));
    RawConnection slow;
    QVERIFY(slow.open(gateway.port()));
    slow.send("GET /echo/slow/700 HTTP/1.1\r\nHost: a\r\n\r\n");
    QTest::qWait(200);
    gateway.signal(SIGTERM);
    const auto response = slow.readResponse(5000);
    QVERIFY(response);
    QCOMPARE(response->status, 200); // in flight when SIGTERM came: it finishes
    QCOMPARE(response->header("connection").toLower(), QByteArray("close"));
    QCOMPARE(gateway.terminate(5000), 0);
}

QTEST_GUILESS_MAIN(TestGatewayProxy)
#include "test_gateway_proxy.moc"
