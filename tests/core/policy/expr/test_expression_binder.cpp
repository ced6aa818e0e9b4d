#include "core/policy/expr/expression.h"

#include <QtTest>

using namespace portico::policy::expr;

class TestExpressionBinder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void refusesForbiddenMembersByName_data();
    void refusesForbiddenMembersByName();
    void acceptsTheDocumentedSurface_data();
    void acceptsTheDocumentedSurface();
    void recognisesPolicyExpressions();
};

void TestExpressionBinder::refusesForbiddenMembersByName_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::newRow("reflection")
        << "@(context.GetType())"
        << "'GetType()' is not an allowed member of 'IProxyRequestContext' in policy expressions"
        << 1 << 11;
    QTest::newRow("string reflection")
        << "@(\"a\".GetType().Assembly)"
        << "'GetType()' is not an allowed member of 'string' in policy expressions" << 1 << 7;
    QTest::newRow("System.IO") << "@(System.IO.File.ReadAllText(\"/etc/passwd\"))"
                               << "the name 'System' does not exist here: only 'context', local "
                                  "variables and allowed types can be used"
                               << 1 << 3;
    QTest::newRow("Environment") << "@(Environment.GetEnvironmentVariable(\"HOME\"))"
                                 << "the name 'Environment' does not exist here: only 'context', "
                                    "local variables and allowed types can be used"
                                 << 1 << 3;
    QTest::newRow("unknown static member")
        << "@(Math.Exp(1))"
        << "'Math.Exp()' is not an allowed member in policy expressions" << 1 << 8;
    QTest::newRow("unknown context member")
        << "@(context.Connection)"
        << "'Connection' is not an allowed member of 'IProxyRequestContext' in policy expressions"
        << 1 << 11;
    QTest::newRow("unknown request member")
        << "@(context.Request.Cookies)"
        << "'Cookies' is not an allowed member of 'IRequest' in policy expressions" << 1 << 19;
    QTest::newRow("unknown member on dynamic")
        << "@{ var x = context.Variables[\"a\"];\n return x.Invoke(); }"
        << "'Invoke()' is not an allowed member in policy expressions" << 2 << 11;
    QTest::newRow("property used as method")
        << "@(context.Request.Method())"
        << "'Method()' is not an allowed member of 'IRequest' in policy expressions" << 1 << 19;
    QTest::newRow("forbidden type in new")
        << "@(new System.Net.WebClient())"
        << "'new System.Net.WebClient' is not allowed in policy expressions" << 1 << 7;
    QTest::newRow("abstract hash class in new")
        << "@(new System.Security.Cryptography.SHA256())"
        << "'new System.Security.Cryptography.SHA256' is not allowed in policy expressions" << 1
        << 7;
    QTest::newRow("constant assigned") << "@{ const int n = 1; n++; return n; }"
                                       << "'n' is a constant and cannot be assigned" << 1 << 21;
    QTest::newRow("real constant too large")
        << "@(8 / 1666666E6666)"
        << "floating-point constant '1666666e6666' is outside the range of type 'double'" << 1 << 7;
    QTest::newRow("forbidden cast type")
        << "@((Process)x)"
        << "type 'Process' is not allowed in policy expressions" << 1 << 4;
    QTest::newRow("forbidden generic")
        << "@(context.Variables.GetValueOrDefault<Process>(\"a\"))"
        << "type 'Process' is not allowed in policy expressions" << 1 << 39;
    QTest::newRow("forbidden local type")
        << "@{ HttpClient c = null; return 1; }"
        << "type 'HttpClient' is not allowed in policy expressions" << 1 << 4;
    QTest::newRow("generic collection")
        << "@{ Dictionary<string, string> d = null; return 1; }"
        << "type 'Dictionary<string, string>' is not allowed in policy expressions" << 1 << 4;
    QTest::newRow("bare function")
        << "@(eval(\"x\"))"
        << "method 'eval' is not allowed in policy expressions" << 1 << 3;
    QTest::newRow("argument count") << "@(\"abc\".Substring(1, 2, 3))"
                                    << "'Substring' takes 1 to 2 argument(s), found 3" << 1 << 9;
    QTest::newRow("static argument count")
        << "@(Guid.NewGuid(1))"
        << "'Guid.NewGuid' takes 0 argument(s), found 1" << 1 << 8;
    QTest::newRow("type arguments not taken") << "@(\"a\".Trim<string>())"
                                              << "'Trim' does not take type arguments" << 1 << 7;
    QTest::newRow("unknown name") << "@(request.Method)"
                                  << "the name 'request' does not exist here: only 'context', "
                                     "local variables and allowed types can be used"
                                  << 1 << 3;
    QTest::newRow("type as value") << "@(Math)"
                                   << "'Math' is a type; use one of its allowed members" << 1 << 3;
    QTest::newRow("read-only model")
        << "@{ context.Request.Method = \"POST\"; return 1; }"
        << "property 'Method' cannot be assigned: the context model is read-only" << 1 << 20;
    QTest::newRow("redeclared local")
        << "@{ var a = 1; var a = 2; return a; }"
        << "a local variable named 'a' is already defined in this scope" << 1 << 15;
    QTest::newRow("missing return") << "@{ var a = 1; if (a > 0) { return a; } }"
                                    << "not all code paths of the block return a value" << 1 << 2;
    QTest::newRow("non-bool condition")
        << "@(\"a\" ? 1 : 2)"
        << "cannot convert a value of type 'string' to 'bool'" << 1 << 3;
    QTest::newRow("string arithmetic")
        << "@(\"a\" - 1)"
        << "operator '-' cannot be applied to operands of type 'string' and 'int'" << 1 << 7;
    QTest::newRow("lambda outside call")
        << "@{ var f = x => x; return 1; }"
        << "a lambda expression can only be passed to a method such as Where or Any" << 1 << 12;
    QTest::newRow("out where not expected")
        << "@(\"a\".Contains(out var x))"
        << "argument 1 of 'Contains' is not an 'out' parameter" << 1 << 16;
    QTest::newRow("out missing") << "@(int.TryParse(\"1\", 5))"
                                 << "argument 2 of 'TryParse' must be passed with 'out'" << 1 << 21;
    QTest::newRow("expression statement")
        << "@{ 1 + 2; return 1; }"
        << "only method calls and assignments can be used as statements" << 1 << 4;
    QTest::newRow("indexing an int") << "@(context.Response.StatusCode[0])"
                                     << "cannot apply indexing to a value of type 'int'" << 1 << 30;
    QTest::newRow("unknown named argument")
        << "@(context.Request.Body.As<string>(consume: true))"
        << "named argument 'consume' is not known for 'As'" << 1 << 44;
    QTest::newRow("foreach over int")
        << "@{ foreach (var x in 5) { } return 1; }"
        << "foreach cannot enumerate a value of type 'int'" << 1 << 22;
}

void TestExpressionBinder::refusesForbiddenMembersByName() {
    QFETCH(QString, source);
    QFETCH(QString, message);
    QFETCH(int, line);
    QFETCH(int, column);
    const CompileResult r = compileExpression(source.toStdString(), {1, 1});
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.errors.front().message), message);
    QCOMPARE(r.errors.front().where.line, line);
    QCOMPARE(r.errors.front().where.column, column);
}

void TestExpressionBinder::acceptsTheDocumentedSurface_data() {
    QTest::addColumn<QString>("source");
    const char* sources[] = {
        "@(context.Request.Url.Path + context.Request.Url.QueryString)",
        "@(context.Request.Body.As<JObject>(preserveContent: true))",
        "@(context.Response.Body.As<string>())",
        "@(context.Subscription?.Key)",
        "@(context.Product.Id + context.Api.Id + context.Operation.Id + context.User.Id)",
        "@(context.LastError.Message + context.LastError.Scope + context.LastError.Section + "
        "context.LastError.Path + context.LastError.PolicyId)",
        "@(context.Deployment.ServiceName + context.Deployment.GatewayId)",
        "@(context.Variables.GetValueOrDefault<int>(\"n\", 0) > 1)",
        "@(System.String.IsNullOrEmpty(\"\"))",
        "@(String.Join(\",\", new string[] { \"a\" }))",
        "@(Int32.Parse(\"1\"))",
        "@(TimeSpan.Zero + TimeSpan.FromSeconds(1) + TimeSpan.FromHours(1) + TimeSpan.FromDays(1))",
        "@(DateTime.Now.AddSeconds(1).AddMinutes(1).AddDays(1).Ticks)",
        "@(JArray.Parse(\"[]\").ToString())",
        "@(JToken.Parse(\"1\").Type)",
        "@{ Random r = new Random(); System.Security.Cryptography.HMACSHA512 h = new "
        "HMACSHA512(); HashAlgorithm a = SHA1.Create(); KeyedHashAlgorithm k = h; "
        "return r.Next() + h.HashSize + a.HashSize + k.Key.Length; }",
        "@(System.Net.WebUtility.UrlEncode(\"a\") + BitConverter.ToString(new byte[1]))",
        "@{ const long max = 10; var s = 0; foreach (byte b in new byte[] {1, 2}) { s += b; } "
        "uint u = 1; ushort h = 2; return s + u + h < max; }",
    };
    for (const char* s : sources)
        QTest::newRow(s) << QString::fromUtf8(s);
}

void TestExpressionBinder::acceptsTheDocumentedSurface() {
    QFETCH(QString, source);
    const CompileResult r = compileExpression(source.toStdString(), {1, 1});
    QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors.front().message.c_str());
}

void TestExpressionBinder::recognisesPolicyExpressions() {
    QVERIFY(isPolicyExpression("@(1)"));
    QVERIFY(isPolicyExpression("  @{ return 1; }"));
    QVERIFY(!isPolicyExpression("plain text"));
    QVERIFY(!isPolicyExpression("user@example.test"));
}

QTEST_GUILESS_MAIN(TestExpressionBinder)
#include "test_expression_binder.moc"
