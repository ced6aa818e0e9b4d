#include "core/policy/expr/expression.h"
#include "memory_context.h"

#include <QtTest>

using namespace portico::policy::expr;

class TestExpressionSafety : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void stopsRunawayCodeWithABudgetError_data();
    void stopsRunawayCodeWithABudgetError();
    void refusesRegexInputBeyondTheBound();
    void refusesDeepNestingAtLoadTime();
    void keepsWorkingAfterABudgetError();
};

void TestExpressionSafety::stopsRunawayCodeWithABudgetError_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("budget");
    QTest::newRow("while true") << "@{ while (true) { } return 1; }"
                                << "step";
    QTest::newRow("foreach over a huge range")
        << "@{ var n = 0; foreach (var i in Enumerable.Range(0, 2000000000)) { n++; } return n; }"
        << "allocation";
    QTest::newRow("nested foreach") << "@{ var r = Enumerable.Range(0, 1000); var n = 0; foreach "
                                       "(var a in r) { foreach (var b in r) { n++; } } return n; }"
                                    << "step";
    QTest::newRow("string doubling")
        << "@{ var s = \"x\"; while (s.Length < 1000000000) { s = s + s; } return s.Length; }"
        << "allocation";
    QTest::newRow("pad bomb") << "@(\"\".PadLeft(2000000000))"
                              << "allocation";
    QTest::newRow("replace growth") << "@{ var s = \"ab\"; foreach (var i in Enumerable.Range(0, "
                                       "40)) { s = s.Replace(\"a\", \"aa\"); } return s.Length; }"
                                    << "allocation";
    QTest::newRow("linq in loop") << "@{ var list = Enumerable.Range(0, 100).ToList(); var n = 0; "
                                     "while (true) { n += list.Count(x => x > 50); } return n; }"
                                  << "step";
    QTest::newRow("huge byte array") << "@(new byte[2000000000].Length)"
                                     << "allocation";
    QTest::newRow("huge string array") << "@(new string[2000000000].Length)"
                                       << "allocation";
    QTest::newRow("hash in a loop") << "@{ var h = new HMACSHA256(); var d = new byte[1000]; "
                                       "while (true) { d = h.ComputeHash(d); } return d; }"
                                    << "";
    QTest::newRow("html encode growth")
        << "@{ var s = \"<\"; while (true) { s = WebUtility.HtmlEncode(s + s); } return s; }"
        << "allocation";
    // A token read out of another is a view whose reads walk up every level above it: a walk
    // down 15,000 levels fits the step budget but would cost 10^8 walks, so views are charged by
    // their depth.
    QTest::newRow("json walk down a deep body")
        << "@{ var cur = JArray.Parse(\"\".PadLeft(15000, '[') + \"\".PadLeft(15000, ']')); "
           "while (cur.Count > 0) { cur = cur[0]; } return 1; }"
        << "allocation";
    QTest::newRow("json growth") << "@{ var a = new JArray(); while (true) { a.Add(new JArray(1, "
                                    "2, 3, 4, 5, 6, 7, 8)); } return a; }"
                                 << "";
}

void TestExpressionSafety::stopsRunawayCodeWithABudgetError() {
    QFETCH(QString, source);
    QFETCH(QString, budget);
    const CompileResult compiled = compileExpression(source.toStdString(), {1, 1});
    QVERIFY2(compiled.ok(), compiled.errors.empty() ? "" : compiled.errors.front().message.c_str());
    test::MemoryContext context;
    QElapsedTimer timer;
    timer.start();
    const EvaluationResult result =
        compiled.expression->evaluate(context, Limits{100'000, 4u << 20});
    QVERIFY(timer.elapsed() < 5000);
    QVERIFY(!result.ok());
    QVERIFY(result.error->budgetExceeded);
    QCOMPARE(QString::fromStdString(result.error->type), QStringLiteral("BudgetExceeded"));
    QVERIFY2(QString::fromStdString(result.error->message).contains(budget),
             result.error->message.c_str());
    QVERIFY(result.error->where.line >= 1);
}

void TestExpressionSafety::refusesRegexInputBeyondTheBound() {
    const CompileResult compiled =
        compileExpression("@(Regex.IsMatch(\"a\".PadLeft(5000, 'a') + \"!\", \"(a+)+$\"))", {1, 1});
    QVERIFY2(compiled.ok(), compiled.errors.empty() ? "" : compiled.errors.front().message.c_str());
    test::MemoryContext context;
    const EvaluationResult result = compiled.expression->evaluate(context);
    QVERIFY(!result.ok());
    QCOMPARE(QString::fromStdString(result.error->type),
             QStringLiteral("RegexMatchTimeoutException"));
}

void TestExpressionSafety::refusesDeepNestingAtLoadTime() {
    const std::string deep = "@(" + std::string(1000, '(') + "1" + std::string(1000, ')') + ")";
    const CompileResult r = compileExpression(deep, {1, 1});
    QVERIFY(!r.ok());
    QVERIFY(r.errors.front().message.find("nested too deeply") != std::string::npos);
    std::string chain = "@(\"a\"";
    for (int i = 0; i < 5000; ++i)
        chain += " + \"a\"";
    chain += ")";
    // A long operator chain is a deep tree too: refused before it could deepen the stack.
    const CompileResult sum = compileExpression(chain, {1, 1});
    QVERIFY(!sum.ok());
    QVERIFY(sum.errors.front().message.find("nested too deeply") != std::string::npos);
}

void TestExpressionSafety::keepsWorkingAfterABudgetError() {
    const CompileResult compiled = compileExpression(
        "@{ var n = (int)context.Variables[\"n\"]; var i = 0; while (i < n) { i++; } return i; }",
        {1, 1});
    QVERIFY(compiled.ok());
    test::MemoryContext context;
    context.variables["n"] = Value::integer(1'000'000);
    QVERIFY(!compiled.expression->evaluate(context, Limits{1000, 1u << 20}).ok());
    context.variables["n"] = Value::integer(10);
    const EvaluationResult fine = compiled.expression->evaluate(context, Limits{1000, 1u << 20});
    QVERIFY(fine.ok());
    QCOMPARE(toDisplayString(fine.value), std::string("10"));
}

QTEST_GUILESS_MAIN(TestExpressionSafety)
#include "test_expression_safety.moc"
