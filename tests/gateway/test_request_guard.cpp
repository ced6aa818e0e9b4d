#include "core/net/request_guard.h"

#include <QTest>

using namespace portico;

class TestRequestGuard : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void acceptsWellFormedHeads_data();
    void acceptsWellFormedHeads();
    void rejectsAmbiguousOrMalformedHeads_data();
    void rejectsAmbiguousOrMalformedHeads();
    void namesTheFaultWhetherTheHeadSplitsOrNot_data();
    void namesTheFaultWhetherTheHeadSplitsOrNot();
    void rejectsEveryControlByteAnywhereInALongValue();
    void acceptsTabsAndObsTextAnywhereInALongValue();
    void normalisesTargets_data();
    void normalisesTargets();
    void rejectsBadTargets_data();
    void rejectsBadTargets();
    void judgesHostHeaders_data();
    void judgesHostHeaders();
    void refusesAHeadSoFar_data();
    void refusesAHeadSoFar();
    void judgesNothingInAnEmptyBuffer();
    void acceptsAWellFormedHeadArrivingAByteAtATime_data();
    void acceptsAWellFormedHeadArrivingAByteAtATime();
};

void TestRequestGuard::acceptsWellFormedHeads_data() {
    QTest::addColumn<QByteArray>("head");
    QTest::newRow("get") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    QTest::newRow("http/1.0 without host") << QByteArray("GET / HTTP/1.0\r\n\r\n");
    QTest::newRow("content-length")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n");
    QTest::newRow("chunked any case")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:  Chunked \r\n\r\n");
    QTest::newRow("tab in value") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: a\tb\r\n\r\n");
}

void TestRequestGuard::acceptsWellFormedHeads() {
    QFETCH(QByteArray, head);
    const auto verdict = net::checkRequestHead(head.toStdString(), {});
    QVERIFY2(verdict.ok(), verdict.reason.c_str());
}

void TestRequestGuard::rejectsAmbiguousOrMalformedHeads_data() {
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<int>("status");
    const QByteArray get("GET / HTTP/1.1\r\nHost: a\r\n");
    QTest::newRow("cl and te") << get + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                               << 400;
    QTest::newRow("duplicate cl") << get + "Content-Length: 3\r\nContent-Length: 3\r\n\r\n" << 400;
    QTest::newRow("conflicting cl") << get + "Content-Length: 3\r\nContent-Length: 4\r\n\r\n"
                                    << 400;
    QTest::newRow("cl list") << get + "Content-Length: 3, 3\r\n\r\n" << 400;
    QTest::newRow("cl sign") << get + "Content-Length: +3\r\n\r\n" << 400;
    QTest::newRow("cl huge") << get + "Content-Length: 99999999999999999999999\r\n\r\n" << 400;
    QTest::newRow("te xchunked") << get + "Transfer-Encoding: xchunked\r\n\r\n" << 400;
    QTest::newRow("te list") << get + "Transfer-Encoding: gzip, chunked\r\n\r\n" << 400;
    QTest::newRow("te twice")
        << get + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
        << 400;
    QTest::newRow("te space before colon") << get + "Transfer-Encoding : chunked\r\n\r\n" << 400;
    QTest::newRow("te vertical tab") << get + "Transfer-Encoding:\vchunked\r\n\r\n" << 400;
    QTest::newRow("obs-fold") << get + "X-A: one\r\n two\r\n\r\n" << 400;
    QTest::newRow("latin-1 letter in name") << get + "X-Caf\xe9: 1\r\n\r\n" << 400;
    QTest::newRow("latin-1 letter in method")
        << QByteArray("G\xc9T / HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("nul in value") << get + QByteArray("X-A: a\0b\r\n\r\n", 12) << 400;
    QTest::newRow("bare cr") << get + "X-A: a\rb\r\n\r\n" << 400;
    QTest::newRow("bare lf") << QByteArray("GET / HTTP/1.1\nHost: a\r\n\r\n") << 400;
    QTest::newRow("no host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("two hosts") << get + "Host: b\r\n\r\n" << 400;
    QTest::newRow("http/2.0") << QByteArray("GET / HTTP/2.0\r\nHost: a\r\n\r\n") << 505;
    QTest::newRow("garbage version") << QByteArray("GET / HTXP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("te on http/1.0")
        << QByteArray("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") << 400;
    QByteArray many = get;
    for (int i = 0; i < 101; ++i) {
        many += "X-" + QByteArray::number(i) + ": v\r\n";
    }
    QTest::newRow("too many headers") << many + "\r\n" << 431;
    QTest::newRow("too large") << get + "X-Big: " + QByteArray(61 * 1024, 'a') + "\r\n\r\n" << 431;
}

void TestRequestGuard::rejectsAmbiguousOrMalformedHeads() {
    QFETCH(QByteArray, head);
    QFETCH(int, status);
    const auto verdict = net::checkRequestHead(head.toStdString(), {});
    QCOMPARE(verdict.status, status);
    QVERIFY(!verdict.reason.empty());
}

// A head is judged on its split lines, or walked byte by byte when it cannot be split (see
// checkRequestHead): each fault gets the same verdict either way, here once of each kind.
void TestRequestGuard::namesTheFaultWhetherTheHeadSplitsOrNot_data() {
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QByteArray>("reason");
    const QByteArray get("GET / HTTP/1.1\r\nHost: a\r\n");
    const QByteArray fold("X-Fold: a\r\n b\r\n");
    QTest::newRow("NUL in the request line, split")
        << QByteArray("GET /\0 HTTP/1.1\r\nHost: a\r\n\r\n", 28)
        << QByteArray("NUL byte in request head");
    QTest::newRow("NUL in a value, walked")
        << get + QByteArray("X-A: a\0b\r\n\r\n", 12) << QByteArray("NUL byte in request head");
    QTest::newRow("bare LF in the request line, split")
        << QByteArray("GET / HTTP/1.1\nHost: a\r\n\r\n") << QByteArray("Bare LF in request head");
    QTest::newRow("bare LF in a value, walked") << get + "X-A: a\nb\r\n\r\n"
                                                << QByteArray("Bare LF in request head");
    QTest::newRow("bad length, split") << get + "Content-Length: x\r\n\r\n"
                                       << QByteArray("Invalid Content-Length");
    QTest::newRow("bad length before a fold, walked")
        << get + "Content-Length: x\r\n" + fold + "\r\n"
        << QByteArray("Invalid Content-Length");
    QTest::newRow("fold, walked") << get + fold + "\r\n"
                                  << QByteArray("Obsolete line folding in header");
    QTest::newRow("DEL, walked") << get + "X-A: a\x7f\r\n\r\n"
                                 << QByteArray("Control character in header value");
    QTest::newRow("two hosts, split") << get + "Host: b\r\n\r\n"
                                      << QByteArray("A request must carry exactly one Host header");
    QTest::newRow("bytes after the end, walked")
        << get + "\r\nX-A: b\r\n\r\n"
        << QByteArray("Bytes after the end of the request head");
    QByteArray many = get;
    for (int i = 0; i < 100; ++i) {
        many += "X-" + QByteArray::number(i) + ": v\r\n";
    }
    QTest::newRow("too many headers, split") << many + "\r\n"
                                             << QByteArray("Too many request headers");
    QTest::newRow("too many headers before a fold, walked")
        << many + fold + "\r\n"
        << QByteArray("Too many request headers");
    QTest::newRow("bad length among too many, split")
        << get + "Content-Length: x\r\n" + many.mid(get.size()) + "\r\n"
        << QByteArray("Invalid Content-Length");
}

void TestRequestGuard::namesTheFaultWhetherTheHeadSplitsOrNot() {
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, reason);
    const auto verdict = net::checkRequestHead(head.toStdString(), {});
    QCOMPARE(QByteArray::fromStdString(verdict.reason), reason);
}

// Long values are checked a block (16 or 8 bytes) at a time: every control byte, at every offset
// of a block and in the tail, next to bytes of every other kind.
void TestRequestGuard::rejectsEveryControlByteAnywhereInALongValue() {
    const QByteArray get("GET / HTTP/1.1\r\nHost: a\r\nX-Token: ");
    const QByteArray filler = "a\t\xff b\x80~Z0";
    QList<char> controls{'\x7f'};
    for (int c = 0; c < 0x20; ++c) {
        if (c != '\t') {
            controls.append(char(c));
        }
    }
    for (const char control : controls) {
        for (int at = 0; at < 27; ++at) {
            QByteArray value = filler.repeated(3).left(27);
            value[at] = control;
            const auto verdict =
                net::checkRequestHead((get + value + "\r\n\r\n").toStdString(), {});
            QVERIFY2(verdict.status == 400,
                     qPrintable(
                         QStringLiteral("byte 0x%1 at %2 passed")
                             .arg(int(static_cast<unsigned char>(control)), 2, 16, QLatin1Char('0'))
                             .arg(at)));
        }
    }
}

void TestRequestGuard::acceptsTabsAndObsTextAnywhereInALongValue() {
    QByteArray value;
    for (int c = 0x20; c < 0x100; ++c) {
        if (c != 0x7f) {
            value += char(c);
            value += '\t';
        }
    }
    const auto verdict = net::checkRequestHead(
        ("GET / HTTP/1.1\r\nHost: a\r\nX-All: x" + value + "x\r\n\r\n").toStdString(), {});
    QVERIFY2(verdict.ok(), verdict.reason.c_str());
}

void TestRequestGuard::normalisesTargets_data() {
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("query");
    QTest::newRow("plain") << "/a/b"
                           << "/a/b"
                           << "";
    QTest::newRow("query kept") << "/a?x=1&y=%2e"
                                << "/a"
                                << "x=1&y=%2e";
    QTest::newRow("dot dot") << "/a/b/../c"
                             << "/a/c"
                             << "";
    QTest::newRow("dot dot above root") << "/../../etc/passwd"
                                        << "/etc/passwd"
                                        << "";
    QTest::newRow("encoded dot dot") << "/a/%2e%2e/%2E%2E/b"
                                     << "/b"
                                     << "";
    QTest::newRow("mixed encoded dot") << "/a/.%2e/b"
                                       << "/b"
                                       << "";
    QTest::newRow("single dot") << "/a/./b/."
                                << "/a/b/"
                                << "";
    QTest::newRow("double slash") << "//a///b"
                                  << "/a/b"
                                  << "";
    QTest::newRow("unreserved decoded") << "/%7Euser/%41"
                                        << "/~user/A"
                                        << "";
    QTest::newRow("reserved kept upper") << "/a%2fb%3f"
                                         << "/a%2Fb%3F"
                                         << "";
    QTest::newRow("absolute form") << "http://example.com:81/x/../y?q"
                                   << "/y"
                                   << "q";
    QTest::newRow("absolute form no path") << "HTTPS://example.com"
                                           << "/"
                                           << "";
    QTest::newRow("trailing slash kept") << "/a/b/"
                                         << "/a/b/"
                                         << "";
    QTest::newRow("utf-8 kept escaped") << "/caf%c3%a9/%E2%82%AC"
                                        << "/caf%C3%A9/%E2%82%AC"
                                        << "";
    QTest::newRow("parameters on a name") << "/a;v=1/b..;x"
                                          << "/a;v=1/b..;x"
                                          << "";
    QTest::newRow("encoded slash in a name") << "/a/..b%2Fc"
                                             << "/a/..b%2Fc"
                                             << "";
}

void TestRequestGuard::normalisesTargets() {
    QFETCH(QString, target);
    QFETCH(QString, path);
    QFETCH(QString, query);
    const auto n = net::normalizeTarget(target.toStdString());
    QVERIFY2(n.verdict.ok(), n.verdict.reason.c_str());
    QCOMPARE(QString::fromStdString(n.path), path);
    QCOMPARE(QString::fromStdString(n.query), query);
}

void TestRequestGuard::rejectsBadTargets_data() {
    QTest::addColumn<QString>("target");
    QTest::newRow("relative") << "a/b";
    QTest::newRow("bad escape") << "/a%zz";
    QTest::newRow("truncated escape") << "/a%2";
    QTest::newRow("encoded nul") << "/a%00b";
    QTest::newRow("backslash") << "/a\\..\\b";
    // Dot segments that backends see and RFC 3986 does not
    QTest::newRow("encoded backslash") << "/a%5c..%5cb";
    QTest::newRow("dot dot with parameters") << "/a/..;/b";
    QTest::newRow("dot with parameters") << "/a/.;x=1/b";
    QTest::newRow("dot dot behind encoded slash") << "/a/%2e%2e%2fb";
    QTest::newRow("encoded slash then dot dot") << "/a/b%2F..";
    QTest::newRow("overlong dot") << "/a/%c0%ae%c0%ae/b";
    QTest::newRow("overlong slash, three bytes") << "/a/%e0%80%af";
    QTest::newRow("overlong, four bytes") << "/a/%f0%80%80%ae";
    QTest::newRow("fragment") << "/a#b";
    QTest::newRow("authority form") << "example.com:443";
    QTest::newRow("userinfo") << "http://u:p@example.com/";
    QTest::newRow("space in authority") << "http://exa mple.com/";
    QTest::newRow("bad port in authority") << "http://example.com:80a/";
}

void TestRequestGuard::rejectsBadTargets() {
    QFETCH(QString, target);
    const auto n = net::normalizeTarget(target.toStdString());
    QCOMPARE(n.verdict.status, 400);
}

// RFC 9110 7.2 and RFC 9112 3.2: one Host, whose value is uri-host [ ":" port ] or empty.
void TestRequestGuard::judgesHostHeaders_data() {
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<bool>("valid");
    QTest::newRow("name") << QByteArray("api.example.com") << true;
    QTest::newRow("name and port") << QByteArray("api.example.com:8443") << true;
    QTest::newRow("ipv4 and port") << QByteArray("127.0.0.1:80") << true;
    QTest::newRow("ipv6 literal") << QByteArray("[::1]") << true;
    QTest::newRow("ipv6 literal and port") << QByteArray("[2001:db8::1]:443") << true;
    QTest::newRow("escaped and sub-delims") << QByteArray("a%41b!$&'()*+,;=_~") << true;
    QTest::newRow("empty") << QByteArray("") << true;
    QTest::newRow("empty port") << QByteArray("example.com:") << true;
    QTest::newRow("space") << QByteArray("a b") << false;
    QTest::newRow("userinfo") << QByteArray("user@example.com") << false;
    QTest::newRow("path") << QByteArray("example.com/x") << false;
    QTest::newRow("query") << QByteArray("example.com?x") << false;
    QTest::newRow("backslash") << QByteArray("example.com\\x") << false;
    QTest::newRow("port not digits") << QByteArray("example.com:http") << false;
    QTest::newRow("port too long") << QByteArray("example.com:123456") << false;
    QTest::newRow("two colons") << QByteArray("example.com:80:81") << false;
    QTest::newRow("port only") << QByteArray(":80") << false;
    QTest::newRow("bad escape") << QByteArray("a%4") << false;
    QTest::newRow("unclosed literal") << QByteArray("[::1") << false;
    QTest::newRow("empty literal") << QByteArray("[]:80") << false;
    QTest::newRow("name in literal") << QByteArray("[localhost]") << false;
    QTest::newRow("junk after literal") << QByteArray("[::1]x") << false;
    QTest::newRow("latin-1 letter") << QByteArray("caf\xe9.example") << false;
}

void TestRequestGuard::judgesHostHeaders() {
    QFETCH(QByteArray, host);
    QFETCH(bool, valid);
    const QByteArray head = "GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
    const auto verdict = net::checkRequestHead(head.toStdString(), {});
    QCOMPARE(verdict.ok(), valid);
    if (!valid) {
        QCOMPARE(verdict.status, 400);
        QCOMPARE(verdict.reason, std::string("Invalid Host header"));
    }
}

// Bytes of a head that has not ended yet, given whole and then a byte at a time: both ways give
// the same verdict, which checkRequestHead would also give once the head ends.
void TestRequestGuard::refusesAHeadSoFar_data() {
    QTest::addColumn<QByteArray>("partial");
    QTest::addColumn<QString>("reason");
    QTest::newRow("bare lf line ends")
        << QByteArray("GET / HTTP/1.1\nHost: a\n") << "Bare LF in request head";
    QTest::newRow("lf first") << QByteArray("\nGET / HTTP/1.1") << "Bare LF in request head";
    QTest::newRow("bare cr") << QByteArray("GET / HTTP/1.1\r\nX: a\rb")
                             << "Bare CR in request head";
    QTest::newRow("nul") << QByteArray("GET / HTTP/1.1\r\nX: a\0b", 22)
                         << "NUL byte in request head";
    QTest::newRow("tls client hello")
        << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) << "Invalid method";
    QTest::newRow("ssh banner") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n")
                                << "Malformed request line";
    QTest::newRow("latin-1 letter in method")
        << QByteArray("G\xc9T / HTTP/1.1") << "Invalid method";
    QTest::newRow("space first") << QByteArray(" / HTTP/1.1") << "Invalid method";
    QTest::newRow("tab after method") << QByteArray("GET\t/ HTTP/1.1") << "Invalid method";
}

void TestRequestGuard::refusesAHeadSoFar() {
    QFETCH(QByteArray, partial);
    QFETCH(QString, reason);
    const std::string whole = partial.toStdString();
    const auto atOnce = net::checkHeadSoFar(whole, 0);
    QCOMPARE(atOnce.status, 400);
    QCOMPARE(QString::fromStdString(atOnce.reason), reason);

    net::Verdict byteByByte;
    for (std::size_t size = 1; size <= whole.size() && byteByByte.ok(); ++size) {
        byteByByte = net::checkHeadSoFar(std::string_view(whole).substr(0, size), size - 1);
    }
    QCOMPARE(byteByByte.status, 400);
    QCOMPARE(QString::fromStdString(byteByByte.reason), reason);
}

// The read loop asks before any byte has come: an empty Beast buffer's data() is null, which
// memchr must not be given even for no bytes (UBSan in the asan preset reports it).
void TestRequestGuard::judgesNothingInAnEmptyBuffer() {
    QVERIFY(net::checkHeadSoFar(std::string_view(), 0).ok());
    QCOMPARE(net::checkRequestHead(std::string_view(), {}).status, 400);
}

void TestRequestGuard::acceptsAWellFormedHeadArrivingAByteAtATime_data() {
    QTest::addColumn<QByteArray>("head");
    QTest::newRow("get") << QByteArray("GET /a/b?c=d HTTP/1.1\r\nHost: a\r\nX-Tab: a\tb\r\n\r\n");
    QTest::newRow("long method") << QByteArray(100, 'M') + " / HTTP/1.1\r\nHost: a\r\n\r\n";
    QTest::newRow("obs-text value")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: caf\xe9\r\n\r\n");
    QTest::newRow("lone cr so far") << QByteArray("\r");
}

void TestRequestGuard::acceptsAWellFormedHeadArrivingAByteAtATime() {
    QFETCH(QByteArray, head);
    const std::string whole = head.toStdString();
    for (std::size_t size = 1; size <= whole.size(); ++size) {
        for (const std::size_t from : {std::size_t{0}, size - 1}) {
            const auto verdict = net::checkHeadSoFar(std::string_view(whole).substr(0, size), from);
            QVERIFY2(verdict.ok(), qPrintable(QStringLiteral("%1 bytes, from %2: %3")
                                                  .arg(size)
                                                  .arg(from)
                                                  .arg(QString::fromStdString(verdict.reason))));
        }
    }
}

QTEST_GUILESS_MAIN(TestRequestGuard)
#include "test_request_guard.moc"
