#include "core/security/jwt/strict_json.h"

#include <QTest>

using namespace portico::security::jwt;

class TestStrictJson : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void acceptsNestedObjectsWithDistinctKeys();
    void rejectsDuplicateKeys_data();
    void rejectsDuplicateKeys();
    void rejectsNestingBeyondTheLimit();
    void rejectsTextThatIsNotStrictJson_data();
    void rejectsTextThatIsNotStrictJson();
    void reportsLineAndColumnOfSyntaxErrors();
    void reportsNumbersOutOfRangeWithoutThrowing_data();
    void reportsNumbersOutOfRangeWithoutThrowing();
};

void TestStrictJson::acceptsNestedObjectsWithDistinctKeys() {
    const auto parsed = parseStrictJson(R"({"a":1,"b":{"a":2,"c":[{"a":3},{"a":4}]}})");
    QCOMPARE(parsed.problem, JsonProblem::None);
    QCOMPARE(parsed.value["b"]["c"][1]["a"].get<int>(), 4);
}

void TestStrictJson::rejectsDuplicateKeys_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("top level") << QByteArray(R"({"alg":"RS256","alg":"none"})");
    QTest::newRow("nested object") << QByteArray(R"({"a":{"x":1,"x":2}})");
    QTest::newRow("object in array") << QByteArray(R"({"a":[{"x":1,"y":2,"x":3}]})");
    QTest::newRow("escaped spelling of the same key") << QByteArray(R"({"alg":1,"\u0061lg":2})");
    QTest::newRow("empty key twice") << QByteArray(R"({"":1,"":2})");
}

void TestStrictJson::rejectsDuplicateKeys() {
    QFETCH(QByteArray, text);
    const auto parsed = parseStrictJson(text.toStdString());
    QCOMPARE(parsed.problem, JsonProblem::DuplicateKey);
    QVERIFY(parsed.value.is_null());
}

void TestStrictJson::rejectsNestingBeyondTheLimit() {
    const std::string deep = std::string(100, '[') + std::string(100, ']');
    QCOMPARE(parseStrictJson(deep).problem, JsonProblem::TooDeep);
    const std::string fine = std::string(10, '[') + std::string(10, ']');
    QCOMPARE(parseStrictJson(fine).problem, JsonProblem::None);
}

void TestStrictJson::rejectsTextThatIsNotStrictJson_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("comment") << QByteArray("{/*x*/\"a\":1}");
    QTest::newRow("trailing comma") << QByteArray(R"({"a":1,})");
    QTest::newRow("invalid UTF-8") << QByteArray("{\"a\":\"\xff\"}");
    QTest::newRow("trailing garbage") << QByteArray(R"({"a":1} x)");
    QTest::newRow("single quotes") << QByteArray("{'a':1}");
    QTest::newRow("empty") << QByteArray();
}

void TestStrictJson::rejectsTextThatIsNotStrictJson() {
    QFETCH(QByteArray, text);
    QCOMPARE(parseStrictJson(text.toStdString()).problem, JsonProblem::Syntax);
}

void TestStrictJson::reportsLineAndColumnOfSyntaxErrors() {
    const auto parsed = parseStrictJson("{\n  \"a\": 1,\n  \"b\": x\n}", /*withDetail=*/true);
    QCOMPARE(parsed.problem, JsonProblem::Syntax);
    QVERIFY2(parsed.detail.find("line 3") != std::string::npos, parsed.detail.c_str());
}

void TestStrictJson::reportsNumbersOutOfRangeWithoutThrowing_data() {
    QTest::addColumn<QByteArray>("text");
    // The first row is the input fuzz_jwt found: the diagnostic re-parse threw out_of_range.
    QTest::newRow("fuzz_jwt crash e8d9ab4b") << QByteArray("1e6222111e6");
    QTest::newRow("exponent overflow") << QByteArray(R"({"exp":1e999})");
}

void TestStrictJson::reportsNumbersOutOfRangeWithoutThrowing() {
    QFETCH(QByteArray, text);
    for (bool withDetail : {false, true}) {
        const auto parsed = parseStrictJson(text.toStdString(), withDetail);
        QCOMPARE(parsed.problem, JsonProblem::Syntax);
        QVERIFY(!parsed.detail.empty());
    }
}

QTEST_GUILESS_MAIN(TestStrictJson)
#include "test_strict_json.moc"
