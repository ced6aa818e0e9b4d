#include "memory_context.h"
#include "policy_test_support.h"

#include <QtTest>

using namespace portico;
using namespace portico::policy;
using namespace portico::policy::test;

// authentication-certificate tells its host which workspace certificate to present to the
// backend (TestBackendTls covers the gateway presenting it over TLS).
class TestAuthenticationCertificate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void choosesACertificateById();
    void choosesACertificateByAThumbprintFromAnExpression();
    void failsWhenTheExpressionGivesNoName();
    void namesTheCertificateOfASendRequest();
    void refusesBadSettings_data();
    void refusesBadSettings();
};

void TestAuthenticationCertificate::choosesACertificateById() {
    const auto pipeline =
        compiled(inSection("inbound", R"(<authentication-certificate certificate-id="orders"/>)"));
    MemoryContext context;
    runPipeline(pipeline, context);
    QVERIFY(context.forwarded);
    QVERIFY(context.backendCertificate);
    QCOMPARE(context.backendCertificate->id, std::string("orders"));
    QCOMPARE(context.backendCertificate->thumbprint, std::string());
}

void TestAuthenticationCertificate::choosesACertificateByAThumbprintFromAnExpression() {
    const auto pipeline = compiled(inSection(
        "inbound",
        R"~(<authentication-certificate thumbprint="@(context.Request.Headers.GetValueOrDefault(&quot;X-Tenant&quot;, &quot;&quot;) == &quot;a&quot; ? &quot;CA06F56B258B7A0D4F2B05470939478651151984&quot; : &quot;other&quot;)"/>)~"));
    MemoryContext context;
    context.request.headers = {{"X-Tenant", "a"}};
    runPipeline(pipeline, context);
    QVERIFY(context.backendCertificate);
    QCOMPARE(context.backendCertificate->thumbprint,
             std::string("CA06F56B258B7A0D4F2B05470939478651151984"));
    QCOMPARE(context.backendCertificate->id, std::string());
}

void TestAuthenticationCertificate::failsWhenTheExpressionGivesNoName() {
    const auto pipeline = compiled(inSection(
        "inbound",
        R"~(<authentication-certificate id="cert" certificate-id="@(context.Request.Headers.GetValueOrDefault(&quot;X-Certificate&quot;, &quot;&quot;))"/>)~"));
    MemoryContext context;
    runPipeline(pipeline, context);
    QVERIFY(!context.forwarded);
    QVERIFY(!context.backendCertificate);
    QCOMPARE(context.status, 500);
    QVERIFY(context.lastError);
    QCOMPARE(context.lastError->source, std::string("authentication-certificate"));
    QCOMPARE(context.lastError->reason, std::string("ExpressionValueEvaluationFailure"));
    QCOMPARE(context.lastError->policyId, std::string("cert"));
}

void TestAuthenticationCertificate::namesTheCertificateOfASendRequest() {
    const auto pipeline = compiled(inSection(
        "inbound",
        R"(<send-request mode="new" response-variable-name="r"><set-url>https://partner.example/orders</set-url><authentication-certificate certificate-id="partner"/></send-request>)"));
    MemoryContext context;
    runPipeline(pipeline, context);
    QCOMPARE(context.sideRequests.size(), std::size_t(1));
    QVERIFY(context.sideRequests[0].certificate);
    QCOMPARE(context.sideRequests[0].certificate->id, std::string("partner"));
    QVERIFY(!context.backendCertificate); // the forwarded call keeps its own
}

void TestAuthenticationCertificate::refusesBadSettings_data() {
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("message");
    QTest::newRow("neither") << "inbound"_q
                             << R"(<authentication-certificate/>)"_q
                             << "needs exactly one of 'thumbprint' and 'certificate-id'"_q;
    QTest::newRow("both")
        << "inbound"_q
        << R"(<authentication-certificate thumbprint="AB" certificate-id="orders"/>)"_q
        << "needs exactly one of 'thumbprint' and 'certificate-id'"_q;
    QTest::newRow("body")
        << "inbound"_q
        << R"~(<authentication-certificate body="@((byte[])context.Variables[&quot;c&quot;])" password="p"/>)~"_q
        << "PT3402"_q;
    QTest::newRow("password without body")
        << "inbound"_q
        << R"(<authentication-certificate certificate-id="orders" password="p"/>)"_q
        << "'password' of <authentication-certificate> goes only with 'body'"_q;
    QTest::newRow("unknown attribute")
        << "inbound"_q
        << R"(<authentication-certificate certificate-id="orders" store="My"/>)"_q
        << "store"_q;
    QTest::newRow("send-request child with both")
        << "inbound"_q
        << R"(<send-request response-variable-name="r"><set-url>https://a.example/</set-url><authentication-certificate thumbprint="AB" certificate-id="c"/></send-request>)"_q
        << "needs exactly one of 'thumbprint' and 'certificate-id'"_q;
    QTest::newRow("outbound") << "outbound"_q
                              << R"(<authentication-certificate certificate-id="orders"/>)"_q
                              << "inbound"_q;
}

void TestAuthenticationCertificate::refusesBadSettings() {
    QFETCH(QString, section);
    QFETCH(QString, policy);
    QFETCH(QString, message);
    model::DiagnosticList diagnostics;
    QVERIFY(!compileDocument(inSection(section.toStdString(), policy.toStdString()), diagnostics));
    QVERIFY2(describe(diagnostics).contains(message), qPrintable(describe(diagnostics)));
}

QTEST_GUILESS_MAIN(TestAuthenticationCertificate)
#include "test_authentication_certificate.moc"
