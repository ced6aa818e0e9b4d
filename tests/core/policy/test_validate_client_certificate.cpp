#include "memory_context.h"
#include "policy_test_support.h"

#include "core/policies/distinguished_name.h"
#include "core/policy/diagnostic_codes.h"

#include <QtTest>

using namespace portico;
using namespace portico::policy;
using namespace portico::policy::test;

namespace {

std::int64_t nowSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

ClientCertificate goodCertificate() {
    ClientCertificate c;
    c.thumbprint = "A1B2C3D4E5F60718293A4B5C6D7E8F9011223344";
    c.serialNumber = "1F2E";
    c.subject = "CN=good client, O=Contoso\\, Inc., C=US";
    c.commonName = "good client";
    c.issuer = "CN=Portico Test CA, O=Portico";
    c.issuerThumbprint = "00112233445566778899AABBCCDDEEFF00112233";
    c.dnsNames = {"api.example.test", "client.example.test"};
    c.notBefore = nowSeconds() - 3600;
    c.notAfter = nowSeconds() + 3600;
    c.trusted = true;
    return c;
}

std::string policyWith(const std::string& attributes, const std::string& identities = {}) {
    std::string text = "<validate-client-certificate validate-revocation=\"false\"" + attributes;
    if (identities.empty())
        return text + "/>";
    return text + "><identities>" + identities + "</identities></validate-client-certificate>";
}

} // namespace

class TestValidateClientCertificate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void checksTheCertificateAgainstTheRules_data();
    void checksTheCertificateAgainstTheRules();
    void identityMatchesWhenEveryClaimHolds_data();
    void identityMatchesWhenEveryClaimHolds();
    void failureIsA401ForOnError();
    void ignoreErrorGoesOnToTheNextPolicy();
    void refusesBadSettings_data();
    void refusesBadSettings();
    void parsesDistinguishedNames_data();
    void expressionsReadTheCertificate_data();
    void expressionsReadTheCertificate();
    void parsesDistinguishedNames();
};

void TestValidateClientCertificate::checksTheCertificateAgainstTheRules_data() {
    QTest::addColumn<QString>("attributes");
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("problem"); // empty: passes
    QTest::newRow("good") << QString() << QString() << QString();
    QTest::newRow("missing") << QString() << "none"_q
                             << "Client certificate is missing."_q;
    QTest::newRow("untrusted") << QString() << "untrusted"_q
                               << "trusted certificate authority"_q;
    QTest::newRow("untrusted allowed") << R"( validate-trust="false")"_q
                                       << "untrusted"_q << QString();
    QTest::newRow("expired") << QString() << "expired"_q
                             << "it has expired"_q;
    QTest::newRow("expired allowed") << R"( validate-not-after="false")"_q
                                     << "expired"_q << QString();
    QTest::newRow("not yet valid") << QString() << "future"_q
                                   << "not valid yet"_q;
    QTest::newRow("not yet valid allowed") << R"( validate-not-before="false")"_q
                                           << "future"_q << QString();
}

void TestValidateClientCertificate::checksTheCertificateAgainstTheRules() {
    QFETCH(QString, attributes);
    QFETCH(QString, change);
    QFETCH(QString, problem);
    const auto pipeline = compiled(inSection("inbound", policyWith(attributes.toStdString())));
    MemoryContext context;
    auto certificate = goodCertificate();
    if (change == QLatin1String("untrusted"))
        certificate.trusted = false;
    if (change == QLatin1String("expired"))
        certificate.notAfter = nowSeconds() - 10;
    if (change == QLatin1String("future"))
        certificate.notBefore = nowSeconds() + 600;
    if (change != QLatin1String("none"))
        context.facts.clientCertificate = certificate;
    runPipeline(pipeline, context);
    if (problem.isEmpty()) {
        QVERIFY(context.forwarded);
        QVERIFY(!context.lastError);
        return;
    }
    QVERIFY(!context.forwarded);
    QCOMPARE(context.status, 401);
    QVERIFY(context.lastError);
    QVERIFY2(QString::fromStdString(context.lastError->message).contains(problem),
             context.lastError->message.c_str());
}

void TestValidateClientCertificate::identityMatchesWhenEveryClaimHolds_data() {
    QTest::addColumn<QString>("identities");
    QTest::addColumn<bool>("admitted");
    QTest::newRow("thumbprint any case")
        << R"(<identity thumbprint="a1b2c3d4e5f60718293a4b5c6d7e8f9011223344"/>)"_q << true;
    QTest::newRow("thumbprint with colons")
        << R"(<identity thumbprint="A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90:11:22:33:44"/>)"_q
        << true;
    QTest::newRow("other thumbprint") << R"(<identity thumbprint="FFFF"/>)"_q << false;
    QTest::newRow("serial with leading zeros") << R"(<identity serial-number="001f2e"/>)"_q << true;
    QTest::newRow("common name") << R"(<identity common-name="Good Client"/>)"_q << true;
    QTest::newRow("subject quoted")
        << R"(<identity subject="CN=good client, O=&quot;Contoso, Inc.&quot;, C=US"/>)"_q << true;
    QTest::newRow("subject other order")
        << R"(<identity subject="C=US, O=&quot;Contoso, Inc.&quot;, CN=good client"/>)"_q << false;
    QTest::newRow("dns name") << R"(<identity dns-name="client.example.test"/>)"_q << true;
    QTest::newRow("other dns name") << R"(<identity dns-name="evil.example.test"/>)"_q << false;
    QTest::newRow("issuer subject")
        << R"(<identity issuer-subject="CN=Portico Test CA,O=Portico"/>)"_q << true;
    QTest::newRow("issuer thumbprint")
        << R"(<identity issuer-thumbprint="00112233445566778899aabbccddeeff00112233"/>)"_q << true;
    QTest::newRow("all claims must hold")
        << R"(<identity common-name="good client" dns-name="evil.example.test"/>)"_q << false;
    QTest::newRow("one identity is enough")
        << R"(<identity common-name="nobody"/><identity serial-number="1F2E"/>)"_q << true;
}

void TestValidateClientCertificate::identityMatchesWhenEveryClaimHolds() {
    QFETCH(QString, identities);
    QFETCH(bool, admitted);
    const auto pipeline = compiled(inSection("inbound", policyWith({}, identities.toStdString())));
    MemoryContext context;
    context.facts.clientCertificate = goodCertificate();
    runPipeline(pipeline, context);
    QCOMPARE(bool(context.forwarded), admitted);
    if (!admitted) {
        QCOMPARE(context.status, 401);
        QCOMPARE(context.lastError->message,
                 std::string("Invalid client certificate: it matches none of the allowed "
                             "identities."));
    }
}

void TestValidateClientCertificate::failureIsA401ForOnError() {
    const auto pipeline = compiled(R"xml(<policies>
<inbound><validate-client-certificate validate-revocation="false" id="mtls"/></inbound>
<on-error><set-header name="X-Reason" exists-action="override"><value>@(context.LastError.Source + "/" + context.LastError.Reason + "/" + context.LastError.PolicyId)</value></set-header></on-error>
</policies>)xml");
    MemoryContext context;
    runPipeline(pipeline, context);
    QCOMPARE(context.status, 401);
    std::string reason;
    for (const auto& [name, value] : context.response.headers) {
        if (name == "X-Reason")
            reason = value;
    }
    QCOMPARE(reason, std::string("validate-client-certificate/ClientCertificateMissing/mtls"));
}

void TestValidateClientCertificate::ignoreErrorGoesOnToTheNextPolicy() {
    const auto pipeline = compiled(inSection(
        "inbound", policyWith(R"( ignore-error="true")", R"(<identity common-name="nobody"/>)")));
    MemoryContext context;
    context.facts.clientCertificate = goodCertificate();
    runPipeline(pipeline, context);
    QVERIFY(context.forwarded);
    QVERIFY(!context.lastError);
}

void TestValidateClientCertificate::refusesBadSettings_data() {
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("message");
    QTest::newRow("revocation by default") << R"(<validate-client-certificate/>)"_q
                                           << "no CRL or OCSP source"_q;
    QTest::newRow("revocation asked")
        << R"(<validate-client-certificate validate-revocation="true"/>)"_q
        << "set validate-revocation=\"false\""_q;
    QTest::newRow("expression")
        << R"~(<validate-client-certificate validate-revocation="false" validate-trust="@(true)"/>)~"_q
        << "validate-trust"_q;
    QTest::newRow("issuer certificate id")
        << R"(<validate-client-certificate validate-revocation="false"><identities><identity issuer-certificate-id="ca"/></identities></validate-client-certificate>)"_q
        << "issuer-certificate-id names a certificate entity"_q;
    QTest::newRow("empty identity")
        << R"(<validate-client-certificate validate-revocation="false"><identities><identity/></identities></validate-client-certificate>)"_q
        << "<identity> needs at least one claim"_q;
    QTest::newRow("thumbprint not hex")
        << R"(<validate-client-certificate validate-revocation="false"><identities><identity thumbprint="xyz"/></identities></validate-client-certificate>)"_q
        << "'thumbprint' of <identity> must be hexadecimal"_q;
    QTest::newRow("subject not a name")
        << R"(<validate-client-certificate validate-revocation="false"><identities><identity subject="just text"/></identities></validate-client-certificate>)"_q
        << "must be a distinguished name"_q;
    QTest::newRow("unknown claim")
        << R"(<validate-client-certificate validate-revocation="false"><identities><identity email="a@b"/></identities></validate-client-certificate>)"_q
        << "email"_q;
    QTest::newRow("empty identities")
        << R"(<validate-client-certificate validate-revocation="false"><identities/></validate-client-certificate>)"_q
        << "identity"_q;
}

void TestValidateClientCertificate::refusesBadSettings() {
    QFETCH(QString, policy);
    QFETCH(QString, message);
    model::DiagnosticList diagnostics;
    QVERIFY(!compileDocument(inSection("inbound", policy.toStdString()), diagnostics));
    QVERIFY2(describe(diagnostics).contains(message), qPrintable(describe(diagnostics)));
    QCOMPARE(diagnostics.items().front().where.line, 3);
}

void TestValidateClientCertificate::parsesDistinguishedNames_data() {
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("same");
    QTest::newRow("spaces") << "CN=a,O=b"_q
                            << "CN = a , O = b"_q << true;
    QTest::newRow("case") << "cn=API,o=Org"_q
                          << "CN=api, O=org"_q << true;
    QTest::newRow("escaped comma") << R"(O=Contoso\, Inc.,C=US)"_q
                                   << R"(O="Contoso, Inc.", C=US)"_q << true;
    QTest::newRow("order counts") << "CN=a, O=b"_q
                                  << "O=b, CN=a"_q << false;
    QTest::newRow("extra part") << "CN=a"_q
                                << "CN=a, O=b"_q << false;
}

void TestValidateClientCertificate::parsesDistinguishedNames() {
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, same);
    const auto left = policies::parseDistinguishedName(a.toStdString());
    const auto right = policies::parseDistinguishedName(b.toStdString());
    QVERIFY(left && right);
    QCOMPARE(policies::sameDistinguishedName(*left, *right), same);
    QVERIFY(!policies::parseDistinguishedName("no equals sign"));
    QVERIFY(!policies::parseDistinguishedName("O=\"unterminated"));
}

void TestValidateClientCertificate::expressionsReadTheCertificate_data() {
    QTest::addColumn<QString>("expression");
    QTest::addColumn<bool>("withCertificate");
    QTest::addColumn<QString>("expected");
    QTest::newRow("thumbprint") << "context.Request.Certificate.Thumbprint"_q << true
                                << "A1B2C3D4E5F60718293A4B5C6D7E8F9011223344"_q;
    QTest::newRow("serial") << "context.Request.Certificate.SerialNumber"_q << true << "1F2E"_q;
    QTest::newRow("subject") << "context.Request.Certificate.Subject"_q << true
                             << "CN=good client, O=Contoso\\, Inc., C=US"_q;
    QTest::newRow("issuer") << "context.Request.Certificate.Issuer"_q << true
                            << "CN=Portico Test CA, O=Portico"_q;
    QTest::newRow("valid now")
        << "context.Request.Certificate.NotBefore &lt; DateTime.UtcNow &amp;&amp; "
           "context.Request.Certificate.NotAfter &gt; DateTime.UtcNow"_q
        << true << "True"_q;
    QTest::newRow("verify") << "context.Request.Certificate.VerifyNoRevocation()"_q << true
                            << "True"_q;
    QTest::newRow("absent") << "context.Request.Certificate == null"_q << false << "True"_q;
}

void TestValidateClientCertificate::expressionsReadTheCertificate() {
    QFETCH(QString, expression);
    QFETCH(bool, withCertificate);
    QFETCH(QString, expected);
    const auto pipeline = compiled(inSection("inbound", "<set-variable name=\"seen\" value=\"@(" +
                                                            expression.toStdString() + ")\"/>"));
    MemoryContext context;
    if (withCertificate)
        context.facts.clientCertificate = goodCertificate();
    runPipeline(pipeline, context);
    QVERIFY2(!context.lastError, context.lastError ? context.lastError->message.c_str() : "");
    QCOMPARE(QString::fromStdString(context.variableText("seen")), expected);
}

QTEST_GUILESS_MAIN(TestValidateClientCertificate)
#include "test_validate_client_certificate.moc"
