#include "policy_test_support.h"

#include "core/policy/diagnostic_codes.h"

#include <QtTest>

using namespace portico;
using namespace portico::policy;
using namespace portico::policy::test;

class TestSectionRules : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void followsApimSectionRules_data();
    void followsApimSectionRules();
    void checksPoliciesNestedInContainersAgainstTheSection();
};

void TestSectionRules::followsApimSectionRules_data() {
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("allowedIn"); // empty when the policy is allowed
    const auto row = [](const char* section, const char* policy, const char* allowedIn) {
        QTest::addRow("%s in %s", policy, section)
            << QString::fromLatin1(section) << QString::fromLatin1(policy)
            << QString::fromLatin1(allowedIn);
    };
    const char* setHeader = "<set-header name=\"a\"><value>1</value></set-header>";
    for (const char* s : {"inbound", "backend", "outbound", "on-error"}) {
        QTest::addRow("set-header in %s", s)
            << QString::fromLatin1(s) << QString::fromLatin1(setHeader) << QString();
        QTest::addRow("set-variable in %s", s)
            << QString::fromLatin1(s) << QStringLiteral("<set-variable name=\"a\" value=\"b\"/>")
            << QString();
        QTest::addRow("set-status in %s", s)
            << QString::fromLatin1(s) << QStringLiteral("<set-status code=\"200\"/>") << QString();
    }
    row("outbound", "<cors><allowed-origins><origin>*</origin></allowed-origins></cors>",
        "inbound");
    row("backend", "<ip-filter action=\"allow\"><address>1.2.3.4</address></ip-filter>", "inbound");
    row("outbound", "<rewrite-uri template=\"/a\"/>", "inbound");
    row("outbound", "<set-query-parameter name=\"a\"><value>1</value></set-query-parameter>",
        "inbound, backend");
    row("backend", "<set-query-parameter name=\"a\"><value>1</value></set-query-parameter>", "");
    row("inbound", "<forward-request/>", "backend");
    row("outbound", "<forward-request/>", "backend");
    row("on-error", "<set-body>x</set-body>", "inbound, backend, outbound");
    row("outbound", "<set-body>x</set-body>", "");
    row("on-error", "<set-backend-service base-url=\"http://a\"/>", "inbound, backend");
    row("backend", "<set-backend-service base-url=\"http://a\"/>", "");
    row("backend", "<mock-response/>", "inbound, outbound, on-error");
    row("backend", "<json-to-xml apply=\"always\"/>", "inbound, outbound, on-error");
    row("backend", "<xml-to-json kind=\"direct\" apply=\"always\"/>",
        "inbound, outbound, on-error");
    row("on-error", "<redirect-content-urls/>", "inbound, outbound");
    row("outbound",
        "<check-header name=\"a\" failed-check-httpcode=\"401\" "
        "failed-check-error-message=\"m\" ignore-case=\"true\"/>",
        "inbound");
    row("outbound", "<validate-jwt header-name=\"Authorization\"/>", "inbound");
    row("outbound", "<rate-limit calls=\"1\" renewal-period=\"1\"/>", "inbound");
    row("backend", "<quota-by-key calls=\"1\" counter-key=\"k\" renewal-period=\"60\"/>",
        "inbound");
    row("inbound", "<cache-store duration=\"10\"/>", "outbound");
    row("outbound",
        "<cache-lookup vary-by-developer=\"false\" vary-by-developer-groups=\"false\"/>",
        "inbound");
    row("on-error", "<return-response/>", "");
    row("on-error", "<retry condition=\"c\" count=\"1\" interval=\"1\"/>", "");
    row("on-error", "<limit-concurrency key=\"k\" max-count=\"1\"/>", "");
    row("on-error", "<trace source=\"s\"><message>m</message></trace>", "");
    row("on-error", "<find-and-replace from=\"a\" to=\"b\"/>", "");
    row("on-error",
        "<send-request mode=\"new\" response-variable-name=\"r\"><set-url>https://a.example/"
        "</set-url></send-request>",
        "");
}

void TestSectionRules::followsApimSectionRules() {
    QFETCH(QString, section);
    QFETCH(QString, policy);
    QFETCH(QString, allowedIn);
    model::DiagnosticList diagnostics;
    parse(inSection(section.toStdString(), policy.toStdString()), diagnostics);
    if (allowedIn.isEmpty()) {
        QVERIFY2(diagnostics.empty(), qPrintable(describe(diagnostics)));
        return;
    }
    QVERIFY2(diagnostics.errorCount() == 1, qPrintable(describe(diagnostics)));
    const auto& d = diagnostics.items().front();
    QCOMPARE(d.code, std::string(codes::kPolicyNotAllowedInSection));
    QCOMPARE(d.where.line, 3);
    QCOMPARE(d.where.column, 1);
    QVERIFY2(QString::fromStdString(d.message).endsWith(
                 QStringLiteral("is not allowed in <%1> (allowed in %2)").arg(section, allowedIn)),
             d.message.c_str());
}

void TestSectionRules::checksPoliciesNestedInContainersAgainstTheSection() {
    model::DiagnosticList diagnostics;
    parse(inSection("outbound", "<choose><when condition=\"a\">\n  <rewrite-uri template=\"/x\"/>"
                                "</when></choose>\n<retry condition=\"c\" count=\"1\" "
                                "interval=\"1\">\n  <forward-request/></retry>"),
          diagnostics);
    QCOMPARE(diagnostics.errorCount(), std::size_t(2));
    QCOMPARE(diagnostics.items()[0].where.line, 4);
    QCOMPARE(diagnostics.items()[0].where.column, 3);
    QCOMPARE(diagnostics.items()[1].where.line, 6);
    QCOMPARE(diagnostics.items()[1].code, std::string(codes::kPolicyNotAllowedInSection));
}

QTEST_GUILESS_MAIN(TestSectionRules)
#include "test_section_rules.moc"
