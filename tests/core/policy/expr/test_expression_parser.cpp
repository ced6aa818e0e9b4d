#include "core/policy/expr/ast_dump.h"
#include "core/policy/expr/parser.h"

#include <QtTest>

using namespace portico::policy::expr;

class TestExpressionParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesEveryConstruct_data();
    void parsesEveryConstruct();
    void givesEveryNodeAFilePosition();
    void placesInterpolationHolesAtTheirFilePosition();
    void reportsErrorsWithLineAndColumn_data();
    void reportsErrorsWithLineAndColumn();
    void refusesDeepNesting();
};

void TestExpressionParser::parsesEveryConstruct_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("tree");
    QTest::newRow("member chain") << "@(context.Request.Method)"
                                  << "(member Method (member Request (name context)))";
    QTest::newRow("call with args")
        << "@(context.Request.Headers.GetValueOrDefault(\"a\", \"\"))"
        << "(call (member GetValueOrDefault (member Headers (member Request (name context)))) "
           "(lit str \"a\") (lit str \"\"))";
    QTest::newRow("generic call") << "@(context.Variables.GetValueOrDefault<string>(\"v\"))"
                                  << "(call (member GetValueOrDefault <string> (member Variables "
                                     "(name context))) (lit str \"v\"))";
    QTest::newRow("generic As") << "@(context.Request.Body.As<JObject>(preserveContent: true))"
                                << "(call (member As <JObject> (member Body (member Request "
                                   "(name context)))) preserveContent=(lit bool \"true\"))";
    QTest::newRow("less-than is not generic") << "@(a.b < c)"
                                              << "(bin < (member b (name a)) (name c))";
    QTest::newRow("precedence") << "@(1 + 2 * 3 == 7 && !x || y)"
                                << "(bin || (bin && (bin == (bin + (lit int \"1\") (bin * (lit "
                                   "int \"2\") (lit int \"3\"))) (lit int \"7\")) (unary ! (name "
                                   "x))) (name y))";
    QTest::newRow("conditional") << "@(a ? \"x\" : b ?? \"y\")"
                                 << "(cond (name a) (lit str \"x\") (bin ?? (name b) (lit str "
                                    "\"y\")))";
    QTest::newRow("null conditional") << "@(context.Subscription?.Name)"
                                      << "(member Name ? (member Subscription (name context)))";
    QTest::newRow("null conditional index") << "@(a?[0])"
                                            << "(index ? (name a) (lit int \"0\"))";
    QTest::newRow("keyword cast") << "@((string)context.Variables[\"x\"])"
                                  << "(cast :string (index (member Variables (name context)) (lit "
                                     "str \"x\")))";
    QTest::newRow("type cast") << "@((JObject)x)"
                               << "(cast :JObject (name x))";
    QTest::newRow("parenthesised name is not a cast") << "@((a) + 1)"
                                                      << "(bin + (name a) (lit int \"1\"))";
    QTest::newRow("as") << "@(x as JArray)"
                        << "(as :JArray (name x))";
    QTest::newRow("is") << "@(x is string)"
                        << "(is :string (name x))";
    QTest::newRow("is null") << "@(x is null)"
                             << "(is :null (name x))";
    QTest::newRow("lambda") << "@(list.Any(h => h == \"a\"))"
                            << "(call (member Any (name list)) (lambda %h (bin == (name h) (lit "
                               "str \"a\"))))";
    QTest::newRow("parenthesised lambda") << "@(list.Select((x) => x))"
                                          << "(call (member Select (name list)) (lambda %x (name "
                                             "x)))";
    QTest::newRow("new JObject")
        << "@(new JObject(new JProperty(\"a\", 1), new JProperty(\"b\", new JArray(1, 2))))"
        << "(new :JObject (new :JProperty (lit str \"a\") (lit int \"1\")) (new :JProperty (lit "
           "str \"b\") (new :JArray (lit int \"1\") (lit int \"2\"))))";
    QTest::newRow("array initializer") << "@(new[] { ',', ';' })"
                                       << "(new :object[] (lit char \",\") (lit char \";\"))";
    QTest::newRow("interpolation") << "@($\"id={x.Id:D} {{n}}\")"
                                   << "(interp (lit str \"id=\") (hole D (member Id (name x))) "
                                      "(lit str \" {n}\"))";
    QTest::newRow("verbatim") << "@(@\"a\\b\")"
                              << "(lit str \"a\\b\")";
    QTest::newRow("literals") << "@(f('c', 1.5, 2L, null, false))"
                              << "(call (name f) (lit char \"c\") (lit real \"1.5\") (lit int "
                                 "\"2\") (lit null) (lit bool \"false\"))";
    QTest::newRow("out var") << "@(int.TryParse(s, out var n))"
                             << "(call (member TryParse (name int)) (name s) (out n :var))";
    QTest::newRow("unary minus") << "@(-x.Length)"
                                 << "(unary - (member Length (name x)))";
    QTest::newRow("block")
        << "@{ var a = 1; string b; if (a > 0) { b = \"p\"; } else b = \"n\"; return b; }"
        << "(block (decl a :var (lit int \"1\")) (decl b :string) (if (bin > (name a) (lit int "
           "\"0\")) (block (assign = (name b) (lit str \"p\"))) (assign = (name b) (lit str "
           "\"n\"))) (return (name b)))";
    QTest::newRow("foreach")
        << "@{ int n = 0; foreach (var h in list) { n += 1; } n++; return n; }"
        << "(block (decl n :int (lit int \"0\")) (foreach h :var (name list) (block (assign += "
           "(name n) (lit int \"1\")))) (assign += (name n) (lit int \"1\")) (return (name n)))";
    QTest::newRow("typed declaration") << "@{ JObject body = x; return body; }"
                                       << "(block (decl body :JObject (name x)) (return (name "
                                          "body)))";
    QTest::newRow("indexer assignment") << "@{ body[\"a\"] = 1; return body.ToString(); }"
                                        << "(block (assign = (index (name body) (lit str \"a\")) "
                                           "(lit int \"1\")) (return (call (member ToString "
                                           "(name body)))))";
    QTest::newRow("while") << "@{ while (true) { } return 1; }"
                           << "(block (while (lit bool \"true\") (block)) (return (lit int "
                              "\"1\")))";
}

void TestExpressionParser::parsesEveryConstruct() {
    QFETCH(QString, source);
    QFETCH(QString, tree);
    const ParseResult r = parsePolicyExpression(source.toStdString(), {});
    QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors.front().message.c_str());
    QCOMPARE(QString::fromStdString(dumpAst(*r.root)), tree);
}

void TestExpressionParser::givesEveryNodeAFilePosition() {
    // The expression starts at line 7, column 31 of the policy file.
    const ParseResult r = parsePolicyExpression(
        "@(context.Request.Headers\n    .GetValueOrDefault(\"a\") + b)", {7, 31});
    QVERIFY(r.ok());
    QCOMPARE(
        QString::fromStdString(dumpAst(*r.root, true)),
        QStringLiteral("(bin@8:29 + (call@8:6 (member@8:6 GetValueOrDefault (member@7:49 Headers "
                       "(member@7:41 Request (name@7:33 context)))) (lit@8:24 str \"a\")) "
                       "(name@8:31 b))"));
}

void TestExpressionParser::placesInterpolationHolesAtTheirFilePosition() {
    const ParseResult r = parsePolicyExpression("@($\"a{x.y}\")", {3, 10});
    QVERIFY(r.ok());
    QCOMPARE(
        QString::fromStdString(dumpAst(*r.root, true)),
        QStringLiteral("(interp@3:12 (lit@3:14 str \"a\") (hole@3:16 (member@3:18 y (name@3:16 "
                       "x))))"));
}

void TestExpressionParser::reportsErrorsWithLineAndColumn_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::newRow("no @") << "context.Request"
                          << "a policy expression starts with '@(' or '@{'" << 1 << 1;
    QTest::newRow("argument list") << "@(f(a, b c))"
                                   << "expected ')' after argument list, found 'c'" << 1 << 10;
    QTest::newRow("unclosed expression") << "@(a + b"
                                         << "expected ')' to close the expression, found end of "
                                            "expression"
                                         << 1 << 8;
    QTest::newRow("trailing text") << "@(a) b"
                                   << "unexpected text after the expression, found 'b'" << 1 << 6;
    QTest::newRow("missing operand") << "@(a + )"
                                     << "expected an expression, found ')'" << 1 << 7;
    QTest::newRow("missing member") << "@(a.)"
                                    << "expected a member name after '.', found ')'" << 1 << 5;
    QTest::newRow("missing semicolon")
        << "@{ var a = 1\n return a; }"
        << "expected ';' after the declaration, found 'return'" << 2 << 2;
    QTest::newRow("unclosed block") << "@{ return 1;"
                                    << "expected '}' to close the statement block, found end of "
                                       "expression"
                                    << 1 << 13;
    QTest::newRow("if paren") << "@{ if a) return 1; return 2; }"
                              << "expected '(' after 'if', found 'a'" << 1 << 7;
    QTest::newRow("foreach in") << "@{ foreach (var x of y) {} return 1; }"
                                << "expected 'in' in foreach, found 'of'" << 1 << 19;
    QTest::newRow("ternary colon") << "@(a ? b)"
                                   << "expected ':' in conditional expression, found ')'" << 1 << 8;
    QTest::newRow("index bracket") << "@(a[1)"
                                   << "expected ']' after the index, found ')'" << 1 << 6;
    QTest::newRow("typeof keyword") << "@(typeof(string))"
                                    << "'typeof' is not allowed in a policy expression" << 1 << 3;
    QTest::newRow("var without initializer") << "@{ var x; return 1; }"
                                             << "expected '=' after an implicitly typed "
                                                "variable, found ';'"
                                             << 1 << 9;
    QTest::newRow("hole error position") << "@($\"a{x.}\")"
                                         << "expected a member name after '.', found end of "
                                            "expression"
                                         << 1 << 9;
    QTest::newRow("lone brace in interpolation") << "@($\"a}\")"
                                                 << "unexpected '}' in interpolated string; write "
                                                    "'}}' for a literal brace"
                                                 << 1 << 6;
    QTest::newRow("lexer error") << "@(a\n # b)"
                                 << "unexpected character '#'" << 2 << 2;
    QTest::newRow("statement lambda") << "@(l.Any(x => { return true; }))"
                                      << "statement-bodied lambdas are not supported; use an "
                                         "expression body, found '{'"
                                      << 1 << 14;
}

void TestExpressionParser::reportsErrorsWithLineAndColumn() {
    QFETCH(QString, source);
    QFETCH(QString, message);
    QFETCH(int, line);
    QFETCH(int, column);
    const ParseResult r = parsePolicyExpression(source.toStdString(), {});
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.errors.front().message), message);
    QCOMPARE(r.errors.front().where.line, line);
    QCOMPARE(r.errors.front().where.column, column);
}

void TestExpressionParser::refusesDeepNesting() {
    std::string deep = "@(" + std::string(200, '(') + "1" + std::string(200, ')') + ")";
    ParseResult r = parsePolicyExpression(deep, {});
    QVERIFY(!r.ok());
    QVERIFY(r.errors.front().message.find("nested too deeply") != std::string::npos);
    std::string unary = "@(" + std::string(500, '!') + "x)";
    r = parsePolicyExpression(unary, {});
    QVERIFY(!r.ok());
    QVERIFY(r.errors.front().message.find("nested too deeply") != std::string::npos);
    std::string blocks = "@{" + std::string(300, '{') + std::string(300, '}') + " return 1; }";
    r = parsePolicyExpression(blocks, {});
    QVERIFY(!r.ok());
    QVERIFY(r.errors.front().message.find("nested too deeply") != std::string::npos);
    std::string fine = "@(" + std::string(10, '(') + "1" + std::string(10, ')') + ")";
    QVERIFY(parsePolicyExpression(fine, {}).ok());
}

QTEST_GUILESS_MAIN(TestExpressionParser)
#include "test_expression_parser.moc"
