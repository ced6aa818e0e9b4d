#include "core/net/ip_address.h"
#include "core/net/trusted_proxies.h"

#include <QtTest>

using namespace portico::net;

namespace {

// QString literals for data rows (the project builds with QT_NO_CAST_FROM_ASCII).
QString operator""_q(const char* text, std::size_t size) {
    return QString::fromUtf8(text, static_cast<qsizetype>(size));
}

} // namespace

// Who the client is behind load balancers: addresses, CIDR ranges and the X-Forwarded-For walk.
class TestTrustedProxies : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesCidrRangesOfBothFamilies_data();
    void parsesCidrRangesOfBothFamilies();
    void refusesMalformedRanges_data();
    void refusesMalformedRanges();
    void readsAddressesWithPorts_data();
    void readsAddressesWithPorts();
    void findsTheClientBehindTrustedHops_data();
    void findsTheClientBehindTrustedHops();
    void withoutTrustedProxiesThePeerIsTheClient();
    void namesTheBadEntryInTheError();
};

void TestTrustedProxies::parsesCidrRangesOfBothFamilies_data() {
    QTest::addColumn<QString>("cidr");
    QTest::addColumn<QString>("inside");
    QTest::addColumn<QString>("outside");
    QTest::newRow("ipv4 /8") << "10.0.0.0/8"_q
                             << "10.255.1.2"_q
                             << "11.0.0.1"_q;
    QTest::newRow("ipv4 host bits ignored") << "192.168.1.77/24"_q
                                            << "192.168.1.1"_q
                                            << "192.168.2.1"_q;
    QTest::newRow("ipv4 single address") << "203.0.113.9"_q
                                         << "203.0.113.9"_q
                                         << "203.0.113.10"_q;
    QTest::newRow("ipv4 /0") << "0.0.0.0/0"_q
                             << "8.8.8.8"_q
                             << "::1"_q;
    QTest::newRow("ipv6 /32") << "2001:db8::/32"_q
                              << "2001:db8:ffff::1"_q
                              << "2001:db9::1"_q;
    QTest::newRow("ipv6 /127") << "2001:db8::/127"_q
                               << "2001:db8::1"_q
                               << "2001:db8::2"_q;
    QTest::newRow("mapped ipv4 counts as ipv4") << "10.0.0.0/8"_q
                                                << "::ffff:10.1.2.3"_q
                                                << "::1"_q;
}

void TestTrustedProxies::parsesCidrRangesOfBothFamilies() {
    QFETCH(QString, cidr);
    QFETCH(QString, inside);
    QFETCH(QString, outside);
    const auto range = parseCidr(cidr.toStdString());
    QVERIFY(range);
    const auto in = parseIpAddress(inside.toStdString());
    const auto out = parseIpAddress(outside.toStdString());
    QVERIFY(in && out);
    QVERIFY(range->contains(*in));
    QVERIFY(!range->contains(*out));
}

void TestTrustedProxies::refusesMalformedRanges_data() {
    QTest::addColumn<QString>("cidr");
    for (const char* bad :
         {"", "10.0.0.0/", "10.0.0.0/33", "2001:db8::/129", "10.0.0/8", "10.0.0.0/8/8",
          "10.0.0.0/-1", "10.0.0.0/ 8", "example.com/8", "10.0.0.0/8x"})
        QTest::newRow(bad) << QString::fromLatin1(bad);
}

void TestTrustedProxies::refusesMalformedRanges() {
    QFETCH(QString, cidr);
    QVERIFY(!parseCidr(cidr.toStdString()));
}

void TestTrustedProxies::readsAddressesWithPorts_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("address"); // empty: refused
    QTest::newRow("plain v4") << "203.0.113.9"_q
                              << "203.0.113.9"_q;
    QTest::newRow("v4 with port") << "203.0.113.9:4711"_q
                                  << "203.0.113.9"_q;
    QTest::newRow("bracketed v6 with port") << "[2001:db8::1]:443"_q
                                            << "2001:db8::1"_q;
    QTest::newRow("v6 ending in digits is an address") << "2001:db8::1:80"_q
                                                       << "2001:db8::1:80"_q;
    QTest::newRow("nine v6 groups") << "1:2:3:4:5:6:7:8:80"_q
                                    << ""_q;
    QTest::newRow("port not a number") << "203.0.113.9:http"_q
                                       << ""_q;
    QTest::newRow("empty port") << "203.0.113.9:"_q
                                << ""_q;
    QTest::newRow("name") << "unknown"_q
                          << ""_q;
}

void TestTrustedProxies::readsAddressesWithPorts() {
    QFETCH(QString, text);
    QFETCH(QString, address);
    const auto ip = parseIpAddressWithPort(text.toStdString());
    QCOMPARE(ip ? QString::fromStdString(toString(*ip)) : QString(), address);
}

void TestTrustedProxies::findsTheClientBehindTrustedHops_data() {
    QTest::addColumn<QString>("peer");
    QTest::addColumn<QString>("forwardedFor");
    QTest::addColumn<QString>("client");
    QTest::newRow("one trusted hop") << "10.0.0.2"_q
                                     << "203.0.113.9"_q
                                     << "203.0.113.9"_q;
    QTest::newRow("two trusted hops") << "10.0.0.2"_q
                                      << "203.0.113.9, 10.0.0.3"_q
                                      << "203.0.113.9"_q;
    QTest::newRow("a client's own claim is not believed") << "10.0.0.2"_q
                                                          << "1.1.1.1, 203.0.113.9"_q
                                                          << "203.0.113.9"_q;
    QTest::newRow("untrusted peer keeps its address") << "198.51.100.7"_q
                                                      << "10.0.0.9"_q
                                                      << "198.51.100.7"_q;
    QTest::newRow("no header") << "10.0.0.2"_q
                               << ""_q
                               << "10.0.0.2"_q;
    QTest::newRow("malformed last entry keeps the trusted hop") << "10.0.0.2"_q
                                                                << "203.0.113.9, garbage"_q
                                                                << "10.0.0.2"_q;
    QTest::newRow("load balancer writes a port") << "10.0.0.2"_q
                                                 << "203.0.113.9:51234"_q
                                                 << "203.0.113.9"_q;
    QTest::newRow("ipv6 client") << "10.0.0.2"_q
                                 << " 2001:db8::42 "_q
                                 << "2001:db8::42"_q;
    QTest::newRow("all trusted ends at the oldest") << "10.0.0.2"_q
                                                    << "10.0.0.5, 10.0.0.4"_q
                                                    << "10.0.0.5"_q;
    QTest::newRow("empty entries are malformed") << "10.0.0.2"_q
                                                 << "203.0.113.9,,"_q
                                                 << "10.0.0.2"_q;
}

void TestTrustedProxies::findsTheClientBehindTrustedHops() {
    QFETCH(QString, peer);
    QFETCH(QString, forwardedFor);
    QFETCH(QString, client);
    std::string error;
    const auto proxies = TrustedProxies::parse({"10.0.0.0/8"}, error);
    QVERIFY2(proxies, error.c_str());
    QCOMPARE(QString::fromStdString(
                 proxies->clientAddress(peer.toStdString(), forwardedFor.toStdString())),
             client);
}

void TestTrustedProxies::withoutTrustedProxiesThePeerIsTheClient() {
    std::string error;
    const auto proxies = TrustedProxies::parse({}, error);
    QVERIFY(proxies && proxies->empty());
    QCOMPARE(proxies->clientAddress("10.0.0.2", "203.0.113.9"), std::string("10.0.0.2"));
}

void TestTrustedProxies::namesTheBadEntryInTheError() {
    std::string error;
    QVERIFY(!TrustedProxies::parse({"10.0.0.0/8", "10.0.0.0/40"}, error));
    QVERIFY2(error.find("'10.0.0.0/40'") != std::string::npos, error.c_str());
}

QTEST_GUILESS_MAIN(TestTrustedProxies)
#include "test_trusted_proxies.moc"
