#include "core/net/head_lines.h"
#include "tests/gateway/head_reading.h"

#include <QTest>

using namespace portico;
using testing::read;

class TestHeadParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void splitsFieldLinesIntoViews();
    void leavesUnusualHeadsToBeast_data();
    void leavesUnusualHeadsToBeast();
    void readsMessagesAsBeastAlone_data();
    void readsMessagesAsBeastAlone();
};

void TestHeadParser::splitsFieldLinesIntoViews() {
    const std::string head = "POST /a?b HTTP/1.1\r\nHost: x\r\nAuthorization: \t Bearer abc \t\r\n"
                             "content-LENGTH: 3\r\nX-Empty:\r\nConnection: close\r\n\r\n";
    net::HeadLines lines;
    QVERIFY(net::splitHead(head, lines));
    QCOMPARE(lines.startLine, std::string_view("POST /a?b HTTP/1.1"));
    QCOMPARE(lines.fields.size(), std::size_t(5));
    QCOMPARE(lines.fields[1].name, std::string_view("Authorization"));
    QCOMPARE(lines.fields[1].value, std::string_view("Bearer abc"));
    QCOMPARE(lines.fields[3].value, std::string_view(""));
    QVERIFY(!lines.fields[0].frames && !lines.fields[1].frames && !lines.fields[3].frames);
    QVERIFY(lines.fields[2].frames && lines.fields[4].frames);
    QCOMPARE(lines.framing.size(), std::size_t(2));
    QCOMPARE(lines.framing[0], std::string_view("content-LENGTH: 3\r\n"));
    QCOMPARE(lines.framing[1], std::string_view("Connection: close\r\n"));
}

void TestHeadParser::leavesUnusualHeadsToBeast_data() {
    QTest::addColumn<QByteArray>("head");
    QTest::newRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nX: a\r\n  b\r\n\r\n");
    QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nX : a\r\n\r\n");
    QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nX a\r\n\r\n");
    QTest::newRow("empty name") << QByteArray("GET / HTTP/1.1\r\n: a\r\n\r\n");
    QTest::newRow("bare LF in value") << QByteArray("GET / HTTP/1.1\r\nX: a\nY: b\r\n\r\n");
    QTest::newRow("bare CR in value") << QByteArray("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n");
    QTest::newRow("NUL in value") << QByteArray("GET / HTTP/1.1\r\nX: a\0b\r\n\r\n", 27);
    QTest::newRow("DEL in value") << QByteArray("GET / HTTP/1.1\r\nX: a\x7f"
                                                "b\r\n\r\n");
    QTest::newRow("latin-1 in name") << QByteArray("GET / HTTP/1.1\r\nX\xe9: a\r\n\r\n");
    QTest::newRow("empty line first") << QByteArray("\r\nGET / HTTP/1.1\r\n\r\n");
    QTest::newRow("bytes after the end") << QByteArray("GET / HTTP/1.1\r\n\r\nX: a\r\n\r\n");
    QTest::newRow("no end") << QByteArray("GET / HTTP/1.1\r\nX: a\r\n");
}

void TestHeadParser::leavesUnusualHeadsToBeast() {
    QFETCH(QByteArray, head);
    net::HeadLines lines;
    QVERIFY(!net::splitHead(std::string_view(head.constData(), head.size()), lines));
}

void TestHeadParser::readsMessagesAsBeastAlone_data() {
    QTest::addColumn<bool>("isRequest");
    QTest::addColumn<bool>("head"); // an answer to HEAD
    QTest::addColumn<QByteArray>("message");
    auto request = [](const char* name, QByteArray message) {
        QTest::newRow(name) << true << false << message;
    };
    auto answer = [](const char* name, QByteArray message, bool head = false) {
        QTest::newRow(name) << false << head << message;
    };
    request("get", "GET /a HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n");
    request("bearer token", "GET /a HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                QByteArray(1200, 'A') + "\r\nOcp-Apim-Subscription-Key: k\r\n\r\n");
    request("repeated names", "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\nx-a: 2\r\nX-B: 3\r\n"
                              "X-A: 4\r\n\r\n");
    request("whitespace around values", "GET / HTTP/1.1\r\nHost:x\r\nX:\t a b \t\r\nY:   \r\n\r\n");
    request("obs-text value", "GET / HTTP/1.1\r\nHost: x\r\nX: caf\xc3\xa9\r\n\r\n");
    request("content-length body", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                   "X: y\r\n\r\nhello");
    request("chunked body", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                            "3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nTrailer: t\r\n\r\n");
    request("connection close", "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    request("http/1.0 keep-alive", "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    request("http/1.0", "GET / HTTP/1.0\r\nX: 1\r\n\r\n");
    request("proxy-connection", "GET / HTTP/1.1\r\nHost: x\r\nProxy-Connection: close\r\n\r\n");
    request("upgrade", "GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n");
    request("framing names in odd case", "POST / HTTP/1.1\r\ncONTENT-lENGTH: 2\r\n"
                                         "CONNECTION: Close\r\n\r\nab");
    request("two content lengths", "POST / HTTP/1.1\r\nContent-Length: 2\r\n"
                                   "Content-Length: 3\r\n\r\nabc");
    request("length and chunked", "POST / HTTP/1.1\r\nContent-Length: 2\r\n"
                                  "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    request("bad content length", "POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n");
    request("gzip without chunked", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n");
    request("bad method", "G(T / HTTP/1.1\r\nHost: x\r\n\r\n");
    request("bad version", "GET / HTTP/1.x\r\nHost: x\r\n\r\n");
    request("version cut short, fields after", "GET / H\r\nHost: x\r\nAccept: */*\r\n\r\n");
    request("space in target", "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n");
    request("obs-fold", "GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n");
    request("space before colon", "GET / HTTP/1.1\r\nX : a\r\n\r\n");
    request("bare LF in value", "GET / HTTP/1.1\r\nX: a\nY: b\r\n\r\n");
    request("DEL in value", "GET / HTTP/1.1\r\nX: a\x7f"
                            "b\r\n\r\n");
    answer("ok with length", "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/plain\r\n"
                             "Content-Length: 5\r\nConnection: keep-alive\r\nETag: \"1\"\r\n\r\n"
                             "hello");
    answer("chunked answer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                             "5\r\nhello\r\n0\r\n\r\n");
    answer("until close", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it");
    answer("no content", "HTTP/1.1 204 No Content\r\nX: 1\r\n\r\n");
    answer("not modified", "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n");
    answer("to a head request", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", true);
    answer("interim", "HTTP/1.1 100 Continue\r\n\r\n");
    answer("empty reason", "HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n");
    answer("http/1.0 close", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");
    answer("cookies", "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=" +
                          QByteArray(3000, 'b') + "\r\nContent-Length: 0\r\n\r\n");
    answer("start line cut short, fields after", "HTT\r\nServer: x\r\n\r\n");
    answer("bad status", "HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n");
    answer("bad answer length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n");
    answer("obs-fold in answer", "HTTP/1.1 200 OK\r\nX: a\r\n\tb\r\nContent-Length: 0\r\n\r\n");
}

void TestHeadParser::readsMessagesAsBeastAlone() {
    QFETCH(bool, isRequest);
    QFETCH(bool, head);
    QFETCH(QByteArray, message);
    const std::string_view bytes(message.constData(), message.size());
    const auto ours = isRequest ? read<true>(bytes, true, head) : read<false>(bytes, true, head);
    const auto beasts =
        isRequest ? read<true>(bytes, false, head) : read<false>(bytes, false, head);
    QCOMPARE(QByteArray::fromStdString(testing::describe(ours)),
             QByteArray::fromStdString(testing::describe(beasts)));
    QVERIFY(ours == beasts);
}

QTEST_APPLESS_MAIN(TestHeadParser)
#include "test_head_parser.moc"
