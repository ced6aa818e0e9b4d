#include "core/net/detail/http_head.h"

#include <QtTest>

#include <sstream>

using namespace portico::net::detail;

namespace {

// What Beast's own writer makes of a head: the bytes the proxy sent before appendHead.
template <bool isRequest> std::string beastHead(const http::header<isRequest>& head) {
    std::ostringstream out;
    out << head;
    return out.str();
}

template <bool isRequest> std::string ourHead(const http::header<isRequest>& head) {
    std::string out = "kept:";
    appendHead(head, out);
    return out;
}

} // namespace

// The proxy's own head writer: byte for byte what Beast's serializer sends, appended.
class TestHttpHead : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writesARequestHeadAsBeastDoes();
    void writesAnUnknownMethodAndHttp10AsBeastDoes();
    void writesResponseHeadsWithStandardCustomAndUnknownReasons();
    void writesAHeadWithoutFields();
    void reservesExactlyTheBytesItWrites();
};

void TestHttpHead::writesARequestHeadAsBeastDoes() {
    http::request_header<> head;
    head.method(http::verb::get);
    head.target("/orders/42?expand=lines&x=%2F");
    head.version(11);
    head.set(http::field::host, "backend.example:8443");
    head.insert("X-Forwarded-For", "203.0.113.7, 10.0.0.1");
    head.insert("x-custom", "one");
    head.insert("X-Custom", "two"); // repeated fields keep their order
    head.set(http::field::content_length, "0");
    const auto expected = beastHead(head);
    QCOMPARE(QString::fromStdString(ourHead(head)), QString::fromStdString("kept:" + expected));
    QVERIFY(expected.starts_with("GET /orders/42?expand=lines&x=%2F HTTP/1.1\r\n"));
    QVERIFY(expected.ends_with("\r\n\r\n"));
}

void TestHttpHead::writesAnUnknownMethodAndHttp10AsBeastDoes() {
    http::request_header<> head;
    head.method_string("PURGE");
    head.target("/cache/item");
    head.version(10);
    head.set(http::field::connection, "keep-alive");
    QCOMPARE(QString::fromStdString(ourHead(head)),
             QString::fromStdString("kept:" + beastHead(head)));
    QVERIFY(ourHead(head).starts_with("kept:PURGE /cache/item HTTP/1.0\r\n"));
}

void TestHttpHead::writesResponseHeadsWithStandardCustomAndUnknownReasons() {
    http::response_header<> standard;
    standard.result(http::status::not_found);
    standard.version(11);
    standard.set(http::field::content_type, "application/json");
    standard.set(http::field::content_length, "47");
    QCOMPARE(QString::fromStdString(ourHead(standard)),
             QString::fromStdString("kept:" + beastHead(standard)));
    QVERIFY(ourHead(standard).starts_with("kept:HTTP/1.1 404 Not Found\r\n"));

    http::response_header<> custom;
    custom.result(200);
    custom.reason("Fine Thanks");
    custom.version(10);
    QCOMPARE(QString::fromStdString(ourHead(custom)),
             QString::fromStdString("kept:" + beastHead(custom)));
    QVERIFY(ourHead(custom).starts_with("kept:HTTP/1.0 200 Fine Thanks\r\n"));

    http::response_header<> unknown;
    unknown.result(599);
    unknown.version(11);
    unknown.insert("x-request-id", "abc");
    QCOMPARE(QString::fromStdString(ourHead(unknown)),
             QString::fromStdString("kept:" + beastHead(unknown)));
}

void TestHttpHead::writesAHeadWithoutFields() {
    http::response_header<> head;
    head.result(http::status::no_content);
    head.version(11);
    QCOMPARE(QString::fromStdString(ourHead(head)),
             QStringLiteral("kept:HTTP/1.1 204 No Content\r\n\r\n"));
}

// One allocation per head: the reserved size is the written size, so appending never grows the
// string again (libstdc++ would double a capacity that fell one byte short).
void TestHttpHead::reservesExactlyTheBytesItWrites() {
    http::request_header<> request;
    request.method(http::verb::get);
    request.target("/orders/42");
    request.version(11);
    request.set(http::field::host, "backend.example");
    request.set(http::field::authorization, std::string(1000, 'a'));
    std::string requestHead;
    appendHead(request, requestHead);
    QCOMPARE(requestHead.capacity(), requestHead.size());

    http::response_header<> response;
    response.result(http::status::ok);
    response.version(11);
    response.set(http::field::content_type, "text/plain");
    std::string responseHead;
    appendHead(response, responseHead);
    QCOMPARE(responseHead.capacity(), responseHead.size());
}

QTEST_APPLESS_MAIN(TestHttpHead)
#include "test_http_head.moc"
