#include "core/security/jwt/base64url.h"

#include <QTest>

using namespace portico::security::jwt;

class TestBase64Url : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void encodesWithoutPadding_data();
    void encodesWithoutPadding();
    void roundTripsEveryByteValue();
    void rejectsNonCanonicalOrForeignText_data();
    void rejectsNonCanonicalOrForeignText();
    void decodesStandardBase64WithPadding();
    void rejectsStandardBase64WithBadPadding();
};

void TestBase64Url::encodesWithoutPadding_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("one byte") << QByteArray("f") << QByteArray("Zg");
    QTest::newRow("two bytes") << QByteArray("fo") << QByteArray("Zm8");
    QTest::newRow("three bytes") << QByteArray("foo") << QByteArray("Zm9v");
    QTest::newRow("url alphabet") << QByteArray::fromHex("fbff") << QByteArray("-_8");
}

void TestBase64Url::encodesWithoutPadding() {
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, text);
    QCOMPARE(QByteArray::fromStdString(base64UrlEncode(bytes.toStdString())), text);
    const auto decoded = base64UrlDecode(text.toStdString());
    QVERIFY(decoded.has_value());
    QCOMPARE(QByteArray::fromStdString(*decoded), bytes);
}

void TestBase64Url::roundTripsEveryByteValue() {
    std::string bytes;
    for (int i = 0; i < 256; ++i) {
        bytes.push_back(static_cast<char>(i));
        const auto decoded = base64UrlDecode(base64UrlEncode(bytes));
        QVERIFY(decoded.has_value());
        QCOMPARE(*decoded, bytes);
    }
}

void TestBase64Url::rejectsNonCanonicalOrForeignText_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("padding") << QByteArray("Zg==");
    QTest::newRow("single padding") << QByteArray("Zm8=");
    QTest::newRow("standard alphabet plus") << QByteArray("+_8");
    QTest::newRow("standard alphabet slash") << QByteArray("-/8");
    QTest::newRow("whitespace") << QByteArray("Zm9v Zg");
    QTest::newRow("newline") << QByteArray("Zm9v\nZg");
    QTest::newRow("one dangling character") << QByteArray("Zm9vZ");
    QTest::newRow("non-zero trailing bits (Zh for f)") << QByteArray("Zh");
    QTest::newRow("non-zero trailing bits (Zm9 for fo)") << QByteArray("Zm9");
    QTest::newRow("dot") << QByteArray("Zm.v");
    QTest::newRow("non-ASCII") << QByteArray("Zm\xc3\xa9v");
    QTest::newRow("NUL") << QByteArray("Zm\0v", 4);
}

void TestBase64Url::rejectsNonCanonicalOrForeignText() {
    QFETCH(QByteArray, text);
    QVERIFY(!base64UrlDecode(std::string_view(text.constData(), text.size())).has_value());
}

void TestBase64Url::decodesStandardBase64WithPadding() {
    const auto decoded = base64Decode("+/8=");
    QVERIFY(decoded.has_value());
    QCOMPARE(QByteArray::fromStdString(*decoded), QByteArray::fromHex("fbff"));
    QCOMPARE(base64Decode("Zm9v").value(), std::string("foo"));
}

void TestBase64Url::rejectsStandardBase64WithBadPadding() {
    QVERIFY(!base64Decode("Zg").has_value());
    QVERIFY(!base64Decode("Zg=").has_value());
    QVERIFY(!base64Decode("Z===").has_value());
    QVERIFY(!base64Decode("-_8=").has_value());
}

QTEST_GUILESS_MAIN(TestBase64Url)
#include "test_base64url.moc"
