#include "core/text/sip_hash.h"

#include <QTest>

#include <string>

using portico::text::seededHash;
using portico::text::sipHash13;

class TestSipHash : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The reference implementation's outputs (github.com/veorq/SipHash, SipHash-1-3) for the
    // messages 00 01 02 ... of each length under the all-zero key: whole words, tails, both.
    void matchesSipHash13ReferenceVectors_data() {
        QTest::addColumn<int>("length");
        QTest::addColumn<quint64>("expected");
        QTest::newRow("empty") << 0 << quint64(0xd1fba762150c532cull);
        QTest::newRow("one byte") << 1 << quint64(0x68a914128e01e473ull);
        QTest::newRow("two bytes") << 2 << quint64(0x010bac45c41e3669ull);
        QTest::newRow("seven bytes") << 7 << quint64(0x2f098ab0c751325aull);
        QTest::newRow("one word") << 8 << quint64(0xead411e67ebe2eeaull);
        QTest::newRow("fifteen bytes") << 15 << quint64(0xf30eb725bb91c9eaull);
        QTest::newRow("two words") << 16 << quint64(0x8972188433a5c5b7ull);
        QTest::newRow("two words and three") << 19 << quint64(0x091f4a3329f87d19ull);
        QTest::newRow("two words and five") << 21 << quint64(0xb17bef2cb5213239ull);
    }
    void matchesSipHash13ReferenceVectors() {
        QFETCH(int, length);
        QFETCH(quint64, expected);
        std::string message;
        for (int i = 0; i < length; ++i)
            message.push_back(static_cast<char>(i));
        QCOMPARE(quint64(sipHash13(message, 0, 0)), expected);
    }

    void dependsOnTheKey() {
        QVERIFY(sipHash13("orders", 0, 0) != sipHash13("orders", 1, 0));
        QVERIFY(sipHash13("orders", 0, 0) != sipHash13("orders", 0, 1));
    }

    void seededHashIsStableWithinAProcess() {
        QCOMPARE(seededHash("customerId"), seededHash(std::string("customer") + "Id"));
        QVERIFY(seededHash("customerId") != seededHash("customerID"));
        // Under the process's random key, not the all-zero one a hostile client could target.
        QVERIFY(seededHash("customerId") != sipHash13("customerId", 0, 0));
    }
};

QTEST_APPLESS_MAIN(TestSipHash)
#include "test_sip_hash.moc"
