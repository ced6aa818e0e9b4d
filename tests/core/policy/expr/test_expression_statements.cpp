// `for`, `break`, `continue` and `try`/`catch`/`finally` in policy expression blocks, as C#
// runs them: what they evaluate to, what still escapes a catch, and what is refused at load.
#include "core/policy/expr/expression.h"
#include "memory_context.h"

#include <QtTest>

using namespace portico::policy::expr;

namespace {

EvaluationResult run(const QString& source) {
    const CompileResult compiled = compileExpression(source.toStdString(), {1, 1});
    if (!compiled.ok()) {
        EvaluationResult failed;
        failed.error = EvaluationError{"LoadError", compiled.errors.front().message, {}, false};
        return failed;
    }
    test::MemoryContext context;
    context.variables["limit"] = Value::integer(3);
    context.requestHeaders = {{"X-Region", "eu"}};
    return compiled.expression->evaluate(context);
}

} // namespace

class TestExpressionStatements : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void runsLoopsAndHandlesExceptionsAsCSharpDoes_data();
    void runsLoopsAndHandlesExceptionsAsCSharpDoes();
    void letsUncaughtExceptionsAndBudgetOverrunsThrough_data();
    void letsUncaughtExceptionsAndBudgetOverrunsThrough();
    void refusesMisplacedControlFlowAtLoadTime_data();
    void refusesMisplacedControlFlowAtLoadTime();
};

void TestExpressionStatements::runsLoopsAndHandlesExceptionsAsCSharpDoes_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
    // for
    QTest::newRow("for sums") << "@{ var sum = 0; for (var i = 1; i <= 10; i++) { sum += i; } "
                                 "return sum; }"
                              << "55";
    QTest::newRow("for with break and continue")
        << "@{ var s = \"\"; for (int i = 0; i < 10; ++i) { if (i % 2 == 0) continue; "
           "if (i > 7) break; s += i; } return s; }"
        << "1357";
    QTest::newRow("for without a condition") << "@{ var n = 0; for (;;) { n++; if (n == 5) break; "
                                                "} return n; }"
                                             << "5";
    QTest::newRow("for with two initialisers and iterators")
        << "@{ var a = 0; var b = 0; for (a = 0, b = 10; a < b; a++, b--) { } return a + \",\" + "
           "b; }"
        << "5,5";
    QTest::newRow("for bounded by a variable")
        << "@{ var s = \"\"; for (var i = 0; i < (int)context.Variables[\"limit\"]; i += 1) "
           "s += \"x\"; return s; }"
        << "xxx";
    QTest::newRow("return from inside for")
        << "@{ for (var i = 0; ; i++) { if (i * i > 50) return i; } return -1; }"
        << "8";
    QTest::newRow("endless loops need no return after them")
        << "@{ var i = 0; while (true) { i++; if (i == 3) return i; } }"
        << "3";
    QTest::newRow("loop variables are scoped to their loop")
        << "@{ for (var i = 0; i < 2; i++) { } for (var i = 0; i < 3; i++) { } return \"ok\"; }"
        << "ok";
    QTest::newRow("break leaves the inner loop only")
        << "@{ var c = 0; for (var i = 0; i < 3; i++) { for (var j = 0; j < 3; j++) { if (j == 1) "
           "break; c++; } } return c; }"
        << "3";
    QTest::newRow("foreach break")
        << "@{ var found = \"\"; foreach (var p in new[] { \"a\", \"bb\", \"ccc\" }) { if "
           "(p.Length == 2) { found = p; break; } } return found; }"
        << "bb";
    QTest::newRow("while continue")
        << "@{ var i = 0; var odd = 0; while (i < 10) { i++; if (i % 2 == 0) continue; odd++; } "
           "return odd; }"
        << "5";
    // switch, do
    QTest::newRow("switch on a header")
        << "@{ switch (context.Request.Headers.GetValueOrDefault(\"X-Region\", \"\")) { case "
           "\"eu\": case \"EU\": return \"https://eu.example\"; case \"us\": return "
           "\"https://us.example\"; default: return \"https://global.example\"; } }"
        << "https://eu.example";
    QTest::newRow("switch default")
        << "@{ var n = 7; var s = \"\"; switch (n % 3) { case 0: s = \"zero\"; break; case -1: s = "
           "\"minus\"; break; default: s = \"other\"; break; } return s; }"
        << "other";
    QTest::newRow("switch without a match does nothing")
        << "@{ var s = \"none\"; switch (5) { case 1: s = \"one\"; break; } return s; }"
        << "none";
    QTest::newRow("break in a switch stays in the loop, continue leaves the section")
        << "@{ var s = \"\"; for (var i = 0; i < 4; i++) { switch (i) { case 1: break; case 2: "
           "continue; default: s += \"d\"; break; } s += i; } return s; }"
        << "d01d3";
    QTest::newRow("switch with default returns on every path")
        << "@{ switch ((int)context.Variables[\"limit\"]) { case 3: return \"three\"; default: "
           "return \"other\"; } }"
        << "three";
    QTest::newRow("do runs its body once at least")
        << "@{ var n = 10; do { n++; } while (n < 5); return n; }"
        << "11";
    QTest::newRow("do with continue checks the condition")
        << "@{ var n = 0; var odd = 0; do { n++; if (n % 2 == 0) continue; odd++; } while (n < "
           "9); return odd; }"
        << "5";
    // try / catch / finally
    QTest::newRow("catch by type, message")
        << "@{ try { return int.Parse(\"x\"); } catch (FormatException ex) { return ex.Message; } }"
        << "Input string was not in a correct format.";
    QTest::newRow("catch by base type")
        << "@{ try { return \"abc\".Substring(5); } catch (ArgumentException) { return "
           "\"argument\"; } }"
        << "argument";
    QTest::newRow("catch everything")
        << "@{ try { return context.Variables[\"nope\"].ToString(); } catch { return \"missing\"; "
           "} }"
        << "missing";
    QTest::newRow("namespace-qualified type, ToString")
        << "@{ try { return int.Parse(\"x\"); } catch (System.Exception e) { return e.ToString(); "
           "} }"
        << "System.FormatException: Input string was not in a correct format.";
    QTest::newRow("exception in concatenation")
        << "@{ try { return 1 / (int)context.Variables[\"limit\"] / 0; } catch "
           "(ArithmeticException "
           "e) { return \"caught \" + e; } }"
        << "caught System.DivideByZeroException: Attempted to divide by zero.";
    QTest::newRow("json reader exception")
        << "@{ try { return JObject.Parse(\"{\").ToString(); } catch "
           "(Newtonsoft.Json.JsonReaderException) { return \"bad json\"; } }"
        << "bad json";
    QTest::newRow("first matching catch wins")
        << "@{ try { return int.Parse(\"x\"); } catch (KeyNotFoundException) { return \"key\"; } "
           "catch (Exception) { return \"other\"; } catch (FormatException) { return \"late\"; } }"
        << "other";
    QTest::newRow("when filter")
        << "@{ try { return int.Parse(\"x\"); } catch (Exception e) when "
           "(e.Message.Contains(\"nothing\")) { return \"filtered\"; } catch (Exception e) when "
           "(e.Message.StartsWith(\"Input\")) { return \"second\"; } }"
        << "second";
    QTest::newRow("a throwing filter is false")
        << "@{ try { return int.Parse(\"x\"); } catch (Exception) when (int.Parse(\"y\") > 0) { "
           "return \"filtered\"; } catch { return \"fallback\"; } }"
        << "fallback";
    QTest::newRow("throw and catch")
        << "@{ try { throw new InvalidOperationException(\"no token\"); } catch "
           "(InvalidOperationException e) { return e.Message; } }"
        << "no token";
    QTest::newRow("thrown without a message")
        << "@{ try { throw new System.Exception(); } catch (Exception e) { return e.Message; } }"
        << "Exception of type 'System.Exception' was thrown.";
    QTest::newRow("argument exceptions take the parameter name")
        << "@{ try { throw new ArgumentNullException(\"id\"); } catch (ArgumentException e) { "
           "return e.Message; } }"
        << "Value cannot be null. (Parameter 'id')";
    QTest::newRow("rethrow reaches the outer catch")
        << "@{ try { try { int.Parse(\"x\"); } catch { throw; } } catch (FormatException e) { "
           "return \"outer \" + e.Message; } return \"none\"; }"
        << "outer Input string was not in a correct format.";
    QTest::newRow("a throw ends its path")
        << "@{ if (context.Variables.ContainsKey(\"limit\")) { return 1; } else { throw new "
           "KeyNotFoundException(\"limit\"); } }"
        << "1";
    QTest::newRow("finally runs after catch")
        << "@{ var log = \"\"; try { log += \"t\"; int.Parse(\"x\"); log += \"!\"; } catch { log "
           "+= \"c\"; } finally { log += \"f\"; } return log; }"
        << "tcf";
    QTest::newRow("return value is taken before finally")
        << "@{ var s = \"a\"; try { return s; } finally { s = \"b\"; } }"
        << "a";
    QTest::newRow("continue from a catch")
        << "@{ var sum = 0; foreach (var s in new[] { \"1\", \"x\", \"3\" }) { try { sum += "
           "int.Parse(s); } catch (FormatException) { continue; } } return sum; }"
        << "4";
    QTest::newRow("null-conditional state does not leak out of a catch")
        << "@{ string s = null; try { return s?.Length + int.Parse(\"x\"); } catch { } return "
           "\"after\".Length; }"
        << "5";
}

void TestExpressionStatements::runsLoopsAndHandlesExceptionsAsCSharpDoes() {
    QFETCH(QString, source);
    QFETCH(QString, expected);
    const EvaluationResult result = run(source);
    QVERIFY2(result.ok(), result.error ? result.error->toString().c_str() : "");
    QCOMPARE(QString::fromStdString(toDisplayString(result.value)), expected);
}

void TestExpressionStatements::letsUncaughtExceptionsAndBudgetOverrunsThrough_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("type");
    QTest::newRow("no matching catch")
        << "@{ try { return int.Parse(\"x\"); } catch (KeyNotFoundException) { return \"no\"; } }"
        << "FormatException";
    QTest::newRow("thrown inside the catch")
        << "@{ try { return int.Parse(\"x\"); } catch (FormatException) { return "
           "context.Variables[\"nope\"]; } }"
        << "KeyNotFoundException";
    QTest::newRow("try with finally only")
        << "@{ try { return int.Parse(\"x\"); } finally { int.Parse(\"1\"); } }"
        << "FormatException";
    QTest::newRow("thrown and not caught") << "@{ throw new UriFormatException(\"bad uri\"); }"
                                           << "UriFormatException";
    QTest::newRow("step budget is not an exception")
        << "@{ try { while (true) { } } catch { return \"caught\"; } finally { } return \"x\"; }"
        << "BudgetExceeded";
    QTest::newRow("allocation budget is not an exception")
        << "@{ var s = \"x\"; try { for (;;) s += s; } catch (Exception) { return \"caught\"; } }"
        << "BudgetExceeded";
}

void TestExpressionStatements::letsUncaughtExceptionsAndBudgetOverrunsThrough() {
    QFETCH(QString, source);
    QFETCH(QString, type);
    const EvaluationResult result = run(source);
    QVERIFY(!result.ok());
    QCOMPARE(QString::fromStdString(result.error->type), type);
    QCOMPARE(result.error->budgetExceeded, type == QLatin1String("BudgetExceeded"));
}

void TestExpressionStatements::refusesMisplacedControlFlowAtLoadTime_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("message");
    QTest::newRow("break outside a loop") << "@{ break; return 1; }"
                                          << "no enclosing loop or switch out of which to break";
    QTest::newRow("continue in a switch outside a loop")
        << "@{ switch (1) { case 1: continue; } return 1; }"
        << "no enclosing loop out of which to continue";
    QTest::newRow("switch section falling through")
        << "@{ var s = \"\"; switch (s) { case \"a\": s = \"x\"; case \"b\": break; } return s; }"
        << "control cannot fall through from one case label to another";
    QTest::newRow("switch label that is not a constant")
        << "@{ var s = \"\"; switch (s) { case s: break; } return s; }"
        << "a case label must be a constant (a literal or an enum member)";
    QTest::newRow("two defaults") << "@{ switch (1) { default: break; default: break; } return 1; }"
                                  << "the switch statement contains multiple default labels";
    QTest::newRow("a switch without default may not return")
        << "@{ switch (1) { case 1: return 1; } }"
        << "not all code paths of the block return a value";
    QTest::newRow("do without while") << "@{ do { } return 1; }"
                                      << "expected 'while' after the body of 'do'";
    QTest::newRow("continue outside a loop") << "@{ if (true) { continue; } return 1; }"
                                             << "no enclosing loop out of which to continue";
    QTest::newRow("continue out of a finally")
        << "@{ foreach (var x in new[] { 1 }) { try { } finally { continue; } } return 1; }"
        << "control cannot leave the body of a finally clause";
    QTest::newRow("return from a finally") << "@{ try { } finally { return 2; } return 1; }"
                                           << "control cannot leave the body of a finally clause";
    QTest::newRow("catch of a type that is no exception")
        << "@{ try { return 1; } catch (string s) { return 2; } }"
        << "'string' is not an exception type a policy expression can catch";
    QTest::newRow("catch of an exception the gateway never raises")
        << "@{ try { return 1; } catch (HttpRequestException) { return 2; } }"
        << "'HttpRequestException' is not an exception type a policy expression can catch";
    QTest::newRow("throw of a string") << "@{ throw \"x\"; }"
                                       << "a value of type 'string' cannot be thrown";
    QTest::newRow("rethrow outside a catch")
        << "@{ throw; }"
        << "a throw statement with no arguments is not allowed outside of a catch clause";
    QTest::newRow("try alone") << "@{ try { return 1; } return 2; }"
                               << "expected 'catch' or 'finally' after the try block";
    QTest::newRow("declaration as a for iterator")
        << "@{ for (var i = 0; i < 2; var j = 1) { } return 1; }"
        << "a declaration cannot be a for iterator";
    QTest::newRow("a catch that does not return")
        << "@{ try { return 1; } catch { } }"
        << "not all code paths of the block return a value";
    QTest::newRow("the exception variable is scoped to its catch")
        << "@{ try { return 1; } catch (Exception e) { return 2; } return e.Message; }"
        << "the name 'e' does not exist here";
}

void TestExpressionStatements::refusesMisplacedControlFlowAtLoadTime() {
    QFETCH(QString, source);
    QFETCH(QString, message);
    const CompileResult compiled = compileExpression(source.toStdString(), {1, 1});
    QVERIFY(!compiled.ok());
    const QString actual = QString::fromStdString(compiled.errors.front().message);
    QVERIFY2(actual.startsWith(message), qPrintable(actual));
}

QTEST_APPLESS_MAIN(TestExpressionStatements)
#include "test_expression_statements.moc"
