#include "core/policy/expr/lexer.h"

#include <QtTest>

using namespace portico::policy::expr;

class TestExpressionLexer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void splitsTokensWithFilePositions();
    void decodesLiterals_data();
    void decodesLiterals();
    void reportsBadInputWithPosition_data();
    void reportsBadInputWithPosition();
    void skipsComments();
};

void TestExpressionLexer::splitsTokensWithFilePositions() {
    const LexResult r = lex("context.Request\n  ?.Headers", {10, 20});
    QVERIFY(r.ok());
    QCOMPARE(r.tokens.size(), std::size_t(6));
    QCOMPARE(r.tokens[0].text, std::string("context"));
    QCOMPARE(r.tokens[0].where.line, 10);
    QCOMPARE(r.tokens[0].where.column, 20);
    QCOMPARE(r.tokens[2].where.column, 28);
    QCOMPARE(r.tokens[3].text, std::string("?."));
    QCOMPARE(r.tokens[3].where.line, 11);
    QCOMPARE(r.tokens[3].where.column, 3);
    QCOMPARE(r.tokens[5].kind, TokenKind::End);
}

void TestExpressionLexer::decodesLiterals_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("text");
    QTest::newRow("integer") << "42" << int(TokenKind::Integer) << "42";
    QTest::newRow("long suffix") << "42L" << int(TokenKind::Integer) << "42";
    QTest::newRow("hex") << "0x1F" << int(TokenKind::Integer) << "31";
    QTest::newRow("real") << "1.5" << int(TokenKind::Real) << "1.5";
    QTest::newRow("exponent") << "2e3" << int(TokenKind::Real) << "2e3";
    QTest::newRow("double suffix") << "3d" << int(TokenKind::Real) << "3";
    QTest::newRow("string escapes") << R"("a\"b\n\u0041")" << int(TokenKind::String) << "a\"b\nA";
    QTest::newRow("verbatim") << R"(@"c:\x""y")" << int(TokenKind::String) << R"(c:\x"y)";
    QTest::newRow("char") << "','" << int(TokenKind::Char) << ",";
    QTest::newRow("escaped char") << R"('\'')" << int(TokenKind::Char) << "'";
    QTest::newRow("interpolated raw") << R"($"a{b}c")" << int(TokenKind::Interpolated) << "a{b}c";
    QTest::newRow("keyword") << "foreach" << int(TokenKind::Keyword) << "foreach";
    QTest::newRow("punct") << "??" << int(TokenKind::Punct) << "??";
    QTest::newRow("lambda arrow") << "=>" << int(TokenKind::Punct) << "=>";
}

void TestExpressionLexer::decodesLiterals() {
    QFETCH(QString, source);
    QFETCH(int, kind);
    QFETCH(QString, text);
    const LexResult r = lex(source.toStdString(), {});
    QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors.front().message.c_str());
    QCOMPARE(int(r.tokens.front().kind), kind);
    QCOMPARE(QString::fromStdString(r.tokens.front().text), text);
}

void TestExpressionLexer::reportsBadInputWithPosition_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::newRow("unterminated string") << "a + \"abc"
                                         << "unterminated string literal" << 1 << 5;
    QTest::newRow("newline in string") << "\"ab\ncd\""
                                       << "unterminated string literal" << 1 << 1;
    QTest::newRow("bad char") << "a # b"
                              << "unexpected character '#'" << 1 << 3;
    QTest::newRow("empty char") << "x == ''"
                                << "malformed character literal" << 1 << 6;
    QTest::newRow("bad number") << "12ab"
                                << "malformed number literal" << 1 << 1;
    QTest::newRow("comment") << "a /* b"
                             << "unterminated comment" << 1 << 3;
    QTest::newRow("interpolation") << "\n  $\"a{b"
                                   << "unterminated interpolated string literal" << 2 << 3;
    QTest::newRow("bad escape") << R"("\q")"
                                << "unknown escape sequence in string literal" << 1 << 1;
}

void TestExpressionLexer::reportsBadInputWithPosition() {
    QFETCH(QString, source);
    QFETCH(QString, message);
    QFETCH(int, line);
    QFETCH(int, column);
    const LexResult r = lex(source.toStdString(), {});
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.errors.front().message), message);
    QCOMPARE(r.errors.front().where.line, line);
    QCOMPARE(r.errors.front().where.column, column);
}

void TestExpressionLexer::skipsComments() {
    const LexResult r = lex("a // one\n/* two */ b", {});
    QVERIFY(r.ok());
    QCOMPARE(r.tokens.size(), std::size_t(3));
    QCOMPARE(r.tokens[1].text, std::string("b"));
    QCOMPARE(r.tokens[1].where.line, 2);
    QCOMPARE(r.tokens[1].where.column, 11);
}

QTEST_GUILESS_MAIN(TestExpressionLexer)
#include "test_expression_lexer.moc"
