#include "core/policy/expr/regex_pattern.h"

#include <QtTest>

using namespace portico::policy::expr;

// The .NET pattern and replacement syntax rewritten for std::regex (ECMAScript), with .NET's
// group numbering: unnamed groups first, then named ones.
class TestRegexPattern : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void translatesPatterns_data();
    void translatesPatterns();
    void numbersNamedGroupsAfterUnnamedOnes();
    void refusesReferencesToMissingGroups();
    void translatesReplacements_data();
    void translatesReplacements();
};

void TestRegexPattern::translatesPatterns_data() {
    QTest::addColumn<QString>("dotnet");
    QTest::addColumn<QString>("ecmascript");
    QTest::newRow("plain") << R"(^a(\d+)$)"
                           << R"(^a(\d+)$)";
    QTest::newRow("angle name") << R"(max-age=(?<maxAge>\d+))"
                                << R"(max-age=(\d+))";
    QTest::newRow("quote name") << R"((?'x'a)b)"
                                << R"((a)b)";
    QTest::newRow("non-capturing and lookahead stay") << R"((?:a)(?=b)(?!c))"
                                                      << R"((?:a)(?=b)(?!c))";
    QTest::newRow("lookbehind is left to std::regex") << R"((?<=a)b)"
                                                      << R"((?<=a)b)";
    QTest::newRow("escaped parenthesis is no group") << R"(\((?<x>a)\))"
                                                     << R"(\((a)\))";
    QTest::newRow("parenthesis in a class is no group") << R"([(](?<x>a))"
                                                        << R"([(](a))";
    QTest::newRow("leading bracket in a class") << R"([]a](?<x>b))"
                                                << R"([\]a](b))";
    QTest::newRow("negated leading bracket") << R"([^]a])"
                                             << R"([^\]a])";
    QTest::newRow("named backreference") << R"((?<x>a)(b)\k<x>\1)"
                                         << R"((a)(b)\1\2)";
    QTest::newRow("quoted backreference") << R"((?'x'a)\k'x')"
                                          << R"((a)\1)";
}

void TestRegexPattern::translatesPatterns() {
    QFETCH(QString, dotnet);
    QFETCH(QString, ecmascript);
    const RegexPatternResult r = translateRegexPattern(dotnet.toStdString());
    QVERIFY2(r.pattern, r.error.c_str());
    QCOMPARE(QString::fromStdString(r.pattern->ecmascript), ecmascript);
}

void TestRegexPattern::numbersNamedGroupsAfterUnnamedOnes() {
    const RegexPatternResult r = translateRegexPattern(R"((?<key>\w)=(\w)(?<num>\d)(\d))");
    QVERIFY(r.pattern);
    const RegexPattern& p = *r.pattern;
    QCOMPARE(p.ecmascriptGroup, (std::vector<std::size_t>{0, 2, 4, 1, 3}));
    QCOMPARE(p.groupNumber("key"), std::optional<std::size_t>(3));
    QCOMPARE(p.groupNumber("num"), std::optional<std::size_t>(4));
    QCOMPARE(p.groupNumber("2"), std::optional<std::size_t>(2));
    QCOMPARE(p.groupNumber("5"), std::nullopt);
    QCOMPARE(p.groupNumber("Key"), std::nullopt); // names are case-sensitive in .NET
}

void TestRegexPattern::refusesReferencesToMissingGroups() {
    auto r = translateRegexPattern(R"((?<x>a)\k<y>)");
    QVERIFY(!r.pattern);
    QCOMPARE(QString::fromStdString(r.error),
             QStringLiteral("Reference to undefined group name 'y'."));
    r = translateRegexPattern(R"((a)\2)");
    QVERIFY(!r.pattern);
    QCOMPARE(QString::fromStdString(r.error),
             QStringLiteral("Reference to undefined group number 2."));
    r = translateRegexPattern(R"(\k<)");
    QVERIFY(!r.pattern);
}

void TestRegexPattern::translatesReplacements_data() {
    QTest::addColumn<QString>("dotnet");
    QTest::addColumn<QString>("ecmascript");
    // Pattern: (?<key>\w)=(\w)(?<num>\d)  ->  .NET 1 = ECMAScript 2, 2 = 1, 3 = 3
    QTest::newRow("numbers") << "$1 $2 $3"
                             << "$02 $01 $03";
    QTest::newRow("names") << "${num}${key}"
                           << "$03$01";
    QTest::newRow("whole match") << "<$0>"
                                 << "<$&>";
    QTest::newRow("dollar") << "$$5"
                            << "$$5";
    QTest::newRow("missing group stays literal") << "$9 ${zz} $x"
                                                 << "$$9 $${zz} $$x";
    QTest::newRow("longest number that is a group") << "$10"
                                                    << "$020";
    QTest::newRow("trailing dollar") << "a$"
                                     << "a$$";
}

void TestRegexPattern::translatesReplacements() {
    QFETCH(QString, dotnet);
    QFETCH(QString, ecmascript);
    const RegexPatternResult r = translateRegexPattern(R"((?<key>\w)=(\w)(?<num>\d))");
    QVERIFY(r.pattern);
    QCOMPARE(QString::fromStdString(translateRegexReplacement(dotnet.toStdString(), *r.pattern)),
             ecmascript);
}

QTEST_GUILESS_MAIN(TestRegexPattern)
#include "test_regex_pattern.moc"
