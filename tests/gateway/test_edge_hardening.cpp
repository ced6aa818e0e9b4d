#include "gateway_harness.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using harness::exchange;
using harness::RawConnection;

namespace {

QString backendTarget(const harness::HttpResponse& response) {
    return QJsonDocument::fromJson(response.body)
        .object()
        .value(QStringLiteral("target"))
        .toString();
}

// The two ways a body goes: the "echo" API streams it, the "buffered" one has a policy read it.
void addBothBodyPaths() {
    QTest::addColumn<QByteArray>("api");
    QTest::newRow("streamed") << QByteArray("echo");
    QTest::newRow("buffered by a policy") << QByteArray("buffered");
}

// The request headers the test backend echoed, by lower-case name.
QJsonObject echoedHeaders(const harness::HttpResponse& response) {
    return QJsonDocument::fromJson(response.body)
        .object()
        .value(QLatin1String("headers"))
        .toObject();
}

} // namespace

// Every case sends the raw bytes an attacker would and checks the answer and that the gateway
// keeps serving.
class TestEdgeHardening : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

    void rejectsSmugglingAndMalformedHeads_data();
    void rejectsSmugglingAndMalformedHeads();
    void rejectsChunkSizeOverflow();
    void rejectsMalformedChunkedBody();
    void dropsRequestTrailersInsteadOfForwardingThem_data();
    void dropsRequestTrailersInsteadOfForwardingThem();
    void refusesTrailersAndChunkExtensionsOverTheirLimit_data();
    void refusesTrailersAndChunkExtensionsOverTheirLimit();
    void dropsUnderscoreSpellingsOfGuardedHeaders();
    void forwardsContentLengthInOneSpelling();
    void timesBodiesOutOnInactivityWith408_data();
    void timesBodiesOutOnInactivityWith408();
    void routesAbsoluteFormTargets();
    void answersAsteriskFormOnlyForOptions();
    void normalisesTraversalBeforeRouting_data();
    void normalisesTraversalBeforeRouting();
    void neverForwardsTraversalOutsideTheApi();
    void answers431ForHugeHeaderSection();
    void answers431ForTooManyHeaders();
    void answers413ForDeclaredBodyOverLimit();
    void answers413ForChunkedBodyOverLimit();
    void keepsThe413WhenTheClientGoesOnSendingItsBody();
    void closesSlowlorisConnectionsAfterHeaderTimeout();
    void answers408ToAnIncompleteHead();
    void answers400AtOnceToBytesThatCannotBecomeARequest_data();
    void answers400AtOnceToBytesThatCannotBecomeARequest();
    void closesIdleKeepAliveConnections();
    void answers503AboveMaxConnections();
    void survivesGarbage_data();
    void survivesGarbage();

private:
    QTemporaryDir m_workspace;
    harness::Backend m_backend;
    harness::Gateway m_gateway;
};

void TestEdgeHardening::initTestCase() {
    QVERIFY(m_backend.start());
    QVERIFY(harness::writeWorkspace(
        m_workspace.path(),
        {{QStringLiteral("echo"),
          QStringLiteral("echo"),
          m_backend.url() + QStringLiteral("/api"),
          {{QStringLiteral("GET"), QStringLiteral("/items/{id}"), QStringLiteral("getItem")},
           {QStringLiteral("POST"), QStringLiteral("/upload"), QStringLiteral("upload")}},
          {}},
         {QStringLiteral("public"),
          QStringLiteral("public"),
          m_backend.url() + QStringLiteral("/api/public"),
          {{QStringLiteral("GET"), QStringLiteral("/*"), QStringLiteral("any")}},
          {}},
         {QStringLiteral("buffered"),
          QStringLiteral("buffered"),
          m_backend.url() + QStringLiteral("/api"),
          {{QStringLiteral("POST"), QStringLiteral("/upload"), QStringLiteral("upload")}},
          {}}}));
    // A policy that reads the body: the gateway buffers it rather than streaming it.
    harness::writeOrFail(m_workspace.path() + QStringLiteral("/apis/buffered/policy.xml"),
                         "<policies><inbound><set-header name=\"X-Body-Length\" "
                         "exists-action=\"override\"><value>@(context.Request.Body.As&lt;string&gt;"
                         "(preserveContent: true).Length.ToString())</value></set-header>"
                         "</inbound></policies>");
    QString error;
    QVERIFY2(m_gateway.start(m_workspace.path(),
                             {QStringLiteral("--max-body-bytes"), QStringLiteral("1000"),
                              QStringLiteral("--header-timeout-ms"), QStringLiteral("600"),
                              QStringLiteral("--idle-timeout-ms"), QStringLiteral("600"),
                              QStringLiteral("--max-connections"), QStringLiteral("40")},
                             &error),
             qPrintable(error));
}

void TestEdgeHardening::cleanup() {
    // After every case the gateway still answers a plain request.
    const auto response =
        exchange(m_gateway.port(), "GET /echo/items/1 HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY2(response && response->status == 200, "the gateway stopped serving");
}

void TestEdgeHardening::cleanupTestCase() {
    QVERIFY(m_gateway.isRunning());
    QCOMPARE(m_gateway.terminate(), 0);
}

void TestEdgeHardening::rejectsSmugglingAndMalformedHeads_data() {
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    const QByteArray post = "POST /echo/upload HTTP/1.1\r\nHost: a\r\n";
    QTest::newRow("cl and te")
        << post + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        << 400;
    QTest::newRow("te and cl")
        << post + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n"
        << 400;
    QTest::newRow("duplicate cl") << post + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc"
                                  << 400;
    QTest::newRow("conflicting cl")
        << post + "Content-Length: 3\r\nContent-Length: 5\r\n\r\nabcde" << 400;
    QTest::newRow("cl list") << post + "Content-Length: 3,5\r\n\r\nabcde" << 400;
    QTest::newRow("negative cl") << post + "Content-Length: -1\r\n\r\n" << 400;
    QTest::newRow("te xchunked") << post + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n" << 400;
    QTest::newRow("te chunked then identity")
        << post + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n"
        << 400;
    QTest::newRow("te identity then chunked")
        << post + "Transfer-Encoding: identity, chunked\r\n\r\n0\r\n\r\n"
        << 400;
    QTest::newRow("te twice")
        << post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        << 400;
    QTest::newRow("te space before colon") << post + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n"
                                           << 400;
    QTest::newRow("te with vertical tab") << post + "Transfer-Encoding:\x0b"
                                                    "chunked\r\n\r\n0\r\n\r\n"
                                          << 400;
    QTest::newRow("te quoted") << post + "Transfer-Encoding: \"chunked\"\r\n\r\n0\r\n\r\n" << 400;
    QTest::newRow("obs-fold")
        << QByteArray("GET /echo/items/1 HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n") << 400;
    QTest::newRow("obs-fold tab")
        << QByteArray("GET /echo/items/1 HTTP/1.1\r\nHost: a\r\nX-A: b\r\n\tc\r\n\r\n") << 400;
    QTest::newRow("nul in value")
        << QByteArray("GET /echo/items/1 HTTP/1.1\r\nHost: a\r\nX-A: b\0c\r\n\r\n", 50) << 400;
    QTest::newRow("bare cr in value")
        << QByteArray("GET /echo/items/1 HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n") << 400;
    QTest::newRow("bare lf line end")
        << QByteArray("GET /echo/items/1 HTTP/1.1\nHost: a\n\n") << 400;
    QTest::newRow("no host") << QByteArray("GET /echo/items/1 HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("space in host")
        << QByteArray("GET /echo/items/1 HTTP/1.1\r\nHost: a b\r\n\r\n") << 400;
    QTest::newRow("userinfo in host")
        << QByteArray("GET /echo/items/1 HTTP/1.1\r\nHost: evil@a\r\n\r\n") << 400;
    QTest::newRow("space in name")
        << QByteArray("GET /echo/items/1 HTTP/1.1\r\nHost: a\r\nX A: b\r\n\r\n") << 400;
    QTest::newRow("http/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 505;
    QTest::newRow("lowercase version")
        << QByteArray("GET /echo/items/1 http/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("encoded nul in path")
        << QByteArray("GET /echo/items/%00 HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("backslash in path")
        << QByteArray("GET /echo\\..\\items/1 HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("dot dot with parameters")
        << QByteArray("GET /echo/items/..;/1 HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("encoded backslash")
        << QByteArray("GET /echo/items/a%5c..%5c1 HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("dot dot behind encoded slash")
        << QByteArray("GET /echo/items/%2e%2e%2f1 HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("overlong dot")
        << QByteArray("GET /echo/items/%c0%ae%c0%ae/1 HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("connect") << QByteArray(
                                    "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n")
                             << 400;
    QTest::newRow("expect other") << QByteArray("POST /echo/upload HTTP/1.1\r\nHost: a\r\nExpect: "
                                                "200-ok\r\nContent-Length: 1\r\n\r\nx")
                                  << 417;
}

void TestEdgeHardening::rejectsSmugglingAndMalformedHeads() {
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    // A smuggled second request behind the first must never be answered.
    connection.send(request + "GET /echo/items/smuggled HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto response = connection.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, status);
    QVERIFY(response->body.startsWith("{\"statusCode\":" + QByteArray::number(status)));
    QVERIFY(connection.waitClosed(2000));
    QVERIFY(!connection.pending().contains("HTTP/1.1"));
}

void TestEdgeHardening::rejectsChunkSizeOverflow() {
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    connection.send("POST /echo/upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "1000000000000000000000001\r\nabc\r\n0\r\n\r\n");
    const auto response = connection.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 400);
    QVERIFY(connection.waitClosed(2000));
}

void TestEdgeHardening::rejectsMalformedChunkedBody() {
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    connection.send("POST /echo/upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "3\r\nabcdef\r\n0\r\n\r\n");
    const auto response = connection.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 400);
}

void TestEdgeHardening::dropsRequestTrailersInsteadOfForwardingThem_data() {
    addBothBodyPaths();
}

// Trailers arrive after the head was checked and cleaned: merged into it, they would smuggle a
// second Host, a forged X-Forwarded-For or a debug credential to the backend.
void TestEdgeHardening::dropsRequestTrailersInsteadOfForwardingThem() {
    QFETCH(QByteArray, api);
    const auto response =
        exchange(m_gateway.port(),
                 "POST /" + api +
                     "/upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "5\r\nhello\r\n0\r\nHost: evil.example\r\nX-Forwarded-For: 6.6.6.6\r\n"
                     "X-Request-Id: injected\r\nApim-Debug-Authorization: leaked\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const auto headers = echoedHeaders(*response);
    QCOMPARE(headers.value(QLatin1String("x-forwarded-for")).toString(),
             QStringLiteral("127.0.0.1"));
    QVERIFY(!headers.value(QLatin1String("host")).toString().contains(QLatin1String("evil")));
    QVERIFY(headers.value(QLatin1String("x-request-id")).toString() != QLatin1String("injected"));
    QVERIFY(!headers.contains(QLatin1String("apim-debug-authorization")));
}

void TestEdgeHardening::refusesTrailersAndChunkExtensionsOverTheirLimit_data() {
    QTest::addColumn<QByteArray>("api");
    QTest::addColumn<QByteArray>("body");
    const QByteArray hugeValue = "0\r\nX-Big: " + QByteArray(70000, 'a') + "\r\n\r\n";
    QByteArray manyFields = "0\r\n";
    for (int i = 0; i < 3000; ++i)
        manyFields += "X-T" + QByteArray::number(i) + ": " + QByteArray(20, 'v') + "\r\n";
    manyFields += "\r\n";
    const QByteArray longExtension = "5;" + QByteArray(200 * 1024, 'e') + "\r\nhello\r\n0\r\n\r\n";
    for (const QByteArray& api : {QByteArray("echo"), QByteArray("buffered")}) {
        QTest::addRow("%s: trailer value over 64 KiB", api.constData()) << api << hugeValue;
        QTest::addRow("%s: 3000 trailer fields", api.constData()) << api << manyFields;
        QTest::addRow("%s: chunk extension of 200 KiB", api.constData()) << api << longExtension;
    }
}

// Beast buffers a chunk-size line or a trailer section whole, and throws from its parser on a
// trailer value over 64 KiB: these used to grow the gateway without bound or abort it.
void TestEdgeHardening::refusesTrailersAndChunkExtensionsOverTheirLimit() {
    QFETCH(QByteArray, api);
    QFETCH(QByteArray, body);
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    connection.send("POST /" + api +
                    "/upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
    const auto response = connection.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 400);
    QVERIFY2(response->body.contains("is over 64 KiB"), response->body.constData());
}

void TestEdgeHardening::timesBodiesOutOnInactivityWith408_data() {
    addBothBodyPaths();
}

// --backend-timeout-ms bounds each wait for the client's body, not the whole upload: a slow
// client that keeps sending gets through, one that stops hears 408 (as nginx's body timeout).
void TestEdgeHardening::timesBodiesOutOnInactivityWith408() {
    QFETCH(QByteArray, api);
    harness::Gateway gateway;
    QString error;
    QVERIFY2(gateway.start(m_workspace.path(),
                           {QStringLiteral("--backend-timeout-ms"), QStringLiteral("800"),
                            QStringLiteral("--no-watch")},
                           &error),
             qPrintable(error));
    const QByteArray head =
        "POST /" + api + "/upload HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n";
    RawConnection slow;
    QVERIFY(slow.open(gateway.port()));
    slow.send(head);
    for (int i = 0; i < 10; ++i) { // 2 s in all, never 800 ms without a byte
        QTest::qWait(200);
        slow.send("x");
    }
    const auto through = slow.readResponse();
    QVERIFY(through);
    QCOMPARE(through->status, 200);

    RawConnection stalled;
    QVERIFY(stalled.open(gateway.port()));
    stalled.send(head + "xyz");
    const auto refused = stalled.readResponse(3000);
    QVERIFY(refused);
    QCOMPARE(refused->status, 408);
}

// X_Forwarded_For is X-Forwarded-For to a CGI, WSGI or PHP backend.
void TestEdgeHardening::dropsUnderscoreSpellingsOfGuardedHeaders() {
    const auto response =
        exchange(m_gateway.port(), "GET /echo/items/1 HTTP/1.1\r\nHost: a\r\nX_Forwarded_For: "
                                   "6.6.6.6\r\nX_Request_Id: injected\r\napi_key: kept\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const auto headers = echoedHeaders(*response);
    QVERIFY(!headers.contains(QLatin1String("x_forwarded_for")));
    QVERIFY(!headers.contains(QLatin1String("x_request_id")));
    QCOMPARE(headers.value(QLatin1String("api_key")).toString(), QStringLiteral("kept"));
}

// "05" is 5 to the gateway, and could be octal to a backend shared with other clients.
void TestEdgeHardening::forwardsContentLengthInOneSpelling() {
    const auto response = exchange(m_gateway.port(), "POST /echo/upload HTTP/1.1\r\nHost: "
                                                     "a\r\nContent-Length: 010\r\n\r\n0123456789");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const auto echo = QJsonDocument::fromJson(response->body).object();
    QCOMPARE(echo.value(QLatin1String("headers"))
                 .toObject()
                 .value(QLatin1String("content-length"))
                 .toString(),
             QStringLiteral("10"));
    QCOMPARE(echo.value(QLatin1String("bodyBytes")).toInt(), 10);
}

void TestEdgeHardening::routesAbsoluteFormTargets() {
    const auto response = exchange(
        m_gateway.port(),
        "GET http://gateway.example/echo/items/7?q=1 HTTP/1.1\r\nHost: other.example\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(backendTarget(*response), QStringLiteral("/api/items/7?q=1"));
    const auto echo = QJsonDocument::fromJson(response->body).object();
    QCOMPARE(echo.value(QStringLiteral("headers"))
                 .toObject()
                 .value(QStringLiteral("x-forwarded-host"))
                 .toString(),
             QStringLiteral("gateway.example"));
}

void TestEdgeHardening::answersAsteriskFormOnlyForOptions() {
    auto response = exchange(m_gateway.port(), "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(!response->header("allow").isEmpty());
    response = exchange(m_gateway.port(), "GET * HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 400);
}

void TestEdgeHardening::normalisesTraversalBeforeRouting_data() {
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QString>("forwarded");
    QTest::newRow("dot dot") << QByteArray("/public/../echo/items/1") << "/api/items/1";
    QTest::newRow("encoded dot dot") << QByteArray("/public/%2e%2e/echo/items/2") << "/api/items/2";
    QTest::newRow("upper encoded") << QByteArray("/public/%2E%2E/echo/items/3") << "/api/items/3";
    QTest::newRow("half encoded") << QByteArray("/public/.%2e/echo/items/4") << "/api/items/4";
    QTest::newRow("dot") << QByteArray("/echo/./items/./5") << "/api/items/5";
    QTest::newRow("double slash") << QByteArray("//echo//items//6") << "/api/items/6";
    QTest::newRow("above root") << QByteArray("/../../echo/items/7") << "/api/items/7";
    QTest::newRow("inside wildcard") << QByteArray("/public/a/b/../c") << "/api/public/a/c";
    // An encoded slash stays encoded; one that hides a dot segment is refused (see
    // rejectsSmugglingAndMalformedHeads).
    QTest::newRow("encoded slash kept")
        << QByteArray("/public/a%2fb%2f.c") << "/api/public/a%2Fb%2F.c";
}

void TestEdgeHardening::normalisesTraversalBeforeRouting() {
    QFETCH(QByteArray, target);
    QFETCH(QString, forwarded);
    const auto response =
        exchange(m_gateway.port(), "GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(backendTarget(*response), forwarded);
}

void TestEdgeHardening::neverForwardsTraversalOutsideTheApi() {
    // /public/* maps to /api/public/...; climbing out of it must not reach /api/items.
    for (const char* target : {"/public/%2e%2e/%2e%2e/api/items/1", "/public/../../secret"}) {
        const auto response = exchange(m_gateway.port(), QByteArray("GET ") + target +
                                                             " HTTP/1.1\r\nHost: a\r\n\r\n");
        QVERIFY(response);
        QCOMPARE(response->status, 404);
    }
}

void TestEdgeHardening::answers431ForHugeHeaderSection() {
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    connection.send("GET /echo/items/1 HTTP/1.1\r\nHost: a\r\nX-Big: " +
                    QByteArray(70 * 1024, 'a') + "\r\n\r\n");
    const auto response = connection.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 431);
    QVERIFY(connection.waitClosed(2000));
}

void TestEdgeHardening::answers431ForTooManyHeaders() {
    QByteArray request = "GET /echo/items/1 HTTP/1.1\r\nHost: a\r\n";
    for (int i = 0; i < 150; ++i) {
        request += "X-H" + QByteArray::number(i) + ": v\r\n";
    }
    const auto response = exchange(m_gateway.port(), request + "\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 431);
}

void TestEdgeHardening::answers413ForDeclaredBodyOverLimit() {
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    connection.send("POST /echo/upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n");
    const auto response = connection.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QVERIFY(connection.waitClosed(2000));
}

void TestEdgeHardening::answers413ForChunkedBodyOverLimit() {
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    connection.send("POST /echo/upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 5; ++i) {
        connection.send("200\r\n" + QByteArray(512, 'z') + "\r\n");
    }
    connection.send("0\r\n\r\n");
    const auto response = connection.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
}

// The gateway answers 413 before the body arrives. A client that goes on sending the body must
// not be reset: an RST makes many clients drop the answer they have not read yet. A plain socket,
// because QTcpSocket stops writing once it sees the gateway's FIN.
void TestEdgeHardening::keepsThe413WhenTheClientGoesOnSendingItsBody() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    const auto closeFd = qScopeGuard([fd] { ::close(fd); });
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(m_gateway.port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    const QByteArray head =
        "POST /echo/upload HTTP/1.1\r\nHost: a\r\nContent-Length: 40000\r\n\r\n";
    QCOMPARE(::send(fd, head.constData(), size_t(head.size()), MSG_NOSIGNAL), ssize_t(head.size()));
    QTest::qWait(100); // the gateway has answered 413 and shut its side by now
    const QByteArray part(10000, 'z');
    for (int i = 0; i < 4; ++i) {
        const auto sent = ::send(fd, part.constData(), size_t(part.size()), MSG_NOSIGNAL);
        QVERIFY2(
            sent == ssize_t(part.size()),
            qPrintable(
                QStringLiteral("part %1: %2").arg(i).arg(QString::fromLocal8Bit(strerror(errno)))));
        QTest::qWait(20);
    }
    QByteArray received;
    char chunk[4096];
    ssize_t read = 0;
    while ((read = ::recv(fd, chunk, sizeof chunk, 0)) > 0) {
        received.append(chunk, read);
    }
    QCOMPARE(read, ssize_t(0)); // an orderly close, not a reset
    QVERIFY2(received.startsWith("HTTP/1.1 413 "), received.left(100).constData());
}

void TestEdgeHardening::closesSlowlorisConnectionsAfterHeaderTimeout() {
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    QElapsedTimer timer;
    timer.start();
    connection.send("GET /echo/items/1 HTTP/1.1\r\n");
    for (int i = 0; i < 5; ++i) {
        QTest::qWait(150);
        connection.send("X-Drip-" + QByteArray::number(i) + ": 1\r\n");
    }
    QVERIFY(connection.waitClosed(3000));
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
}

void TestEdgeHardening::answers408ToAnIncompleteHead() {
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    connection.send("GET /echo/items/1 HTTP/1.1\r\nHost: a\r\n");
    const auto response = connection.readResponse(3000);
    QVERIFY(response);
    QCOMPARE(response->status, 408);
    QVERIFY(connection.waitClosed(2000));
}

// Bytes that no further byte can turn into a request get their 400 now, not a 408 at the header
// timeout (600 ms here).
void TestEdgeHardening::answers400AtOnceToBytesThatCannotBecomeARequest_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("bare lf line ends") << QByteArray("GET /echo/items/1 HTTP/1.1\nHost: a\n\n");
    QTest::newRow("tls client hello")
        << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
    QTest::newRow("ssh banner") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n");
    QTest::newRow("bare cr") << QByteArray("GET /echo/items/1 HTTP/1.1\r\nX: a\rb");
}

void TestEdgeHardening::answers400AtOnceToBytesThatCannotBecomeARequest() {
    QFETCH(QByteArray, bytes);
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    QElapsedTimer timer;
    timer.start();
    connection.send(bytes);
    const auto response = connection.readResponse(3000);
    QVERIFY(response);
    QCOMPARE(response->status, 400);
    QVERIFY(response->body.startsWith("{\"statusCode\":400,\"message\":\"Bad request: "));
    QVERIFY2(timer.elapsed() < 400, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(connection.waitClosed(2000));
}

void TestEdgeHardening::closesIdleKeepAliveConnections() {
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    connection.send("GET /echo/items/1 HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(connection.readResponse());
    QElapsedTimer timer;
    timer.start();
    QVERIFY(connection.waitClosed(3000));
    QVERIFY(timer.elapsed() >= 400);
    QVERIFY(connection.pending().isEmpty()); // idle close is silent
}

void TestEdgeHardening::answers503AboveMaxConnections() {
    std::vector<std::unique_ptr<RawConnection>> held;
    // Connections that never send hold their slot until the header timeout.
    for (int i = 0; i < 40; ++i) {
        held.push_back(std::make_unique<RawConnection>());
        QVERIFY(held.back()->open(m_gateway.port()));
    }
    QTest::qWait(100);
    RawConnection extra;
    QVERIFY(extra.open(m_gateway.port()));
    extra.send("GET /echo/items/1 HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto response = extra.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 503);
    QVERIFY(response->body.startsWith(R"({"statusCode":503)"));
    held.clear();
    QTest::qWait(100);
}

void TestEdgeHardening::survivesGarbage_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("binary") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",
                                          15);
    QTest::newRow("only crlf") << QByteArray("\r\n\r\n\r\n\r\n");
    QTest::newRow("no target") << QByteArray("GET  HTTP/1.1\r\nHost: a\r\n\r\n");
    QTest::newRow("long method") << QByteArray(5000, 'G') + " / HTTP/1.1\r\nHost: a\r\n\r\n";
    QTest::newRow("colon only header") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n:\r\n\r\n");
    QTest::newRow("utf8 in target")
        << QByteArray("GET /echo/items/\xc3\xa9 HTTP/1.1\r\nHost: a\r\n\r\n");
}

void TestEdgeHardening::survivesGarbage() {
    QFETCH(QByteArray, bytes);
    RawConnection connection;
    QVERIFY(connection.open(m_gateway.port()));
    connection.send(bytes);
    const auto response = connection.readResponse(3000);
    if (response) {
        QVERIFY(response->status >= 400 && response->status < 600);
    }
    QVERIFY(connection.waitClosed(3000));
}

QTEST_GUILESS_MAIN(TestEdgeHardening)
#include "test_edge_hardening.moc"
