#include "core/identity/dev_idp/form_encoding.h"
#include "core/identity/dev_idp/html_pages.h"

#include <QTest>

using namespace portico::identity::dev_idp;

// Form decoding and HTML escaping for the local identity provider's endpoints and pages.
class TestDevIdpForms : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void decodesFormFields_data();
    void decodesFormFields();
    void refusesRepeatedAndMalformedParameters_data();
    void refusesRepeatedAndMalformedParameters();
    void encodesEverythingButUnreservedCharacters();
    void escapesMarkupInTextAndAttributes_data();
    void escapesMarkupInTextAndAttributes();
    void signInPageKeepsRequestParametersAsEscapedHiddenFields();
    void signInPageNeverEchoesAPassword();
};

void TestDevIdpForms::decodesFormFields_data() {
    QTest::addColumn<QString>("form");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::newRow("plain") << "a=1&b=2"
                           << "b"
                           << "2";
    QTest::newRow("plus is a space") << "scope=a+b"
                                     << "scope"
                                     << "a b";
    QTest::newRow("percent escapes") << "uri=http%3A%2F%2Fx%2Fy"
                                     << "uri"
                                     << "http://x/y";
    QTest::newRow("empty value") << "state="
                                 << "state"
                                 << "";
    QTest::newRow("no equals sign") << "flag"
                                    << "flag"
                                    << "";
    QTest::newRow("empty pairs skipped") << "&&a=1&"
                                         << "a"
                                         << "1";
    QTest::newRow("escaped ampersand") << "s=a%26b"
                                       << "s"
                                       << "a&b";
}

void TestDevIdpForms::decodesFormFields() {
    QFETCH(QString, form);
    QFETCH(QString, name);
    QFETCH(QString, value);
    const auto parsed = parseForm(form.toStdString());
    QVERIFY2(parsed.error.empty(), parsed.error.c_str());
    const auto found = field(parsed.fields, name.toStdString());
    QVERIFY(found);
    QCOMPARE(QString::fromStdString(*found), value);
}

void TestDevIdpForms::refusesRepeatedAndMalformedParameters_data() {
    QTest::addColumn<QString>("form");
    QTest::addColumn<QString>("expected");
    QTest::newRow("repeated") << "code=a&code=b"
                              << "'code' is repeated";
    QTest::newRow("repeated after decoding") << "code=a&c%6Fde=b"
                                             << "'code' is repeated";
    QTest::newRow("truncated escape") << "a=%4"
                                      << "percent-encoding";
    QTest::newRow("bad hex") << "a=%zz"
                             << "percent-encoding";
    QTest::newRow("escape at the end") << "a=%"
                                       << "percent-encoding";
}

void TestDevIdpForms::refusesRepeatedAndMalformedParameters() {
    QFETCH(QString, form);
    QFETCH(QString, expected);
    const auto parsed = parseForm(form.toStdString());
    QVERIFY(QString::fromStdString(parsed.error).contains(expected));
}

void TestDevIdpForms::encodesEverythingButUnreservedCharacters() {
    QCOMPARE(QString::fromStdString(urlEncode("a-b_c.d~e")), QStringLiteral("a-b_c.d~e"));
    QCOMPARE(QString::fromStdString(urlEncode("a b&c=d/é")),
             QStringLiteral("a%20b%26c%3Dd%2F%C3%A9"));
    const auto round = parseForm("x=" + urlEncode("?&=+% \"<>"));
    QCOMPARE(QString::fromStdString(round.fields.at("x")), QStringLiteral("?&=+% \"<>"));
}

void TestDevIdpForms::escapesMarkupInTextAndAttributes_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("escaped");
    QTest::newRow("tags") << "<script>"
                          << "&lt;script&gt;";
    QTest::newRow("double quote") << "a\"b"
                                  << "a&quot;b";
    QTest::newRow("single quote") << "a'b"
                                  << "a&#39;b";
    QTest::newRow("ampersand first") << "&lt;"
                                     << "&amp;lt;";
    QTest::newRow("plain text unchanged") << "alice@contoso.test"
                                          << "alice@contoso.test";
}

void TestDevIdpForms::escapesMarkupInTextAndAttributes() {
    QFETCH(QString, input);
    QFETCH(QString, escaped);
    QCOMPARE(QString::fromStdString(escapeHtml(input.toStdString())), escaped);
}

void TestDevIdpForms::signInPageKeepsRequestParametersAsEscapedHiddenFields() {
    const auto page =
        signInPage("/t/oauth2/v2.0/authorize",
                   {{"state", "\" onfocus=\"alert(1)"}, {"client_id", "web"}}, "<b>App</b>", "");
    QVERIFY(page.find("name=\"state\" value=\"&quot; onfocus=&quot;alert(1)\"") !=
            std::string::npos);
    QVERIFY(page.find("&lt;b&gt;App&lt;/b&gt;") != std::string::npos);
    QVERIFY(page.find("<b>App") == std::string::npos);
}

void TestDevIdpForms::signInPageNeverEchoesAPassword() {
    const auto page = signInPage("/t/oauth2/v2.0/authorize",
                                 {{"password", "hunter2-secret"}, {"username", "alice"}}, "App",
                                 "Your username or password is incorrect.");
    QVERIFY(page.find("hunter2-secret") == std::string::npos);
    QVERIFY(page.find("incorrect") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestDevIdpForms)
#include "test_dev_idp_forms.moc"
