#include "core/identity/scope_check.h"
#include "core/security/jwt/claims_data.h"

#include <QTest>

using namespace portico::identity;
using portico::security::jwt::Claims;
using portico::security::jwt::ClaimsData;

namespace {

Claims claims(const char* json) {
    auto data = std::make_shared<ClaimsData>();
    data->object = nlohmann::json::parse(json);
    return Claims(std::move(data));
}

std::vector<std::string> split(const QString& text) {
    std::vector<std::string> out;
    for (const auto& part : text.split(u',', Qt::SkipEmptyParts))
        out.push_back(part.toStdString());
    return out;
}

} // namespace

class TestScopeCheck : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void grantsOnlyWhenEveryRequiredScopeIsPresent_data();
    void grantsOnlyWhenEveryRequiredScopeIsPresent();
    void namesTheMissingScopeInTheMessage();
};

void TestScopeCheck::grantsOnlyWhenEveryRequiredScopeIsPresent_data() {
    QTest::addColumn<QString>("claimsJson");
    QTest::addColumn<QString>("required"); // comma-separated
    QTest::addColumn<QString>("missing");  // "" when granted
    QTest::newRow("nothing required") << R"({})"
                                      << ""
                                      << "";
    QTest::newRow("scp has it") << R"({"scp":"Orders.Read Orders.Write"})"
                                << "Orders.Write"
                                << "";
    QTest::newRow("scp has all") << R"({"scp":"a b c"})"
                                 << "c,a"
                                 << "";
    QTest::newRow("scp lacks one") << R"({"scp":"a c"})"
                                   << "a,b,c"
                                   << "b";
    QTest::newRow("scp with extra spaces") << R"({"scp":"  a   b "})"
                                           << "a,b"
                                           << "";
    QTest::newRow("scp as an array") << R"({"scp":["a","b"]})"
                                     << "b"
                                     << "";
    QTest::newRow("roles grant app permissions") << R"({"roles":["Orders.Read.All"]})"
                                                 << "Orders.Read.All"
                                                 << "";
    QTest::newRow("roles as one string") << R"({"roles":"Admin"})"
                                         << "Admin"
                                         << "";
    QTest::newRow("scp and roles together") << R"({"scp":"a","roles":["b"]})"
                                            << "a,b"
                                            << "";
    QTest::newRow("case matters") << R"({"scp":"orders.read"})"
                                  << "Orders.Read"
                                  << "Orders.Read";
    QTest::newRow("no prefix matching") << R"({"scp":"Orders.ReadWrite"})"
                                        << "Orders.Read"
                                        << "Orders.Read";
    QTest::newRow("roles are not split") << R"({"roles":["a b"]})"
                                         << "a"
                                         << "a";
    QTest::newRow("scope claim is not scp") << R"({"scope":"a"})"
                                            << "a"
                                            << "a";
    QTest::newRow("no claims at all") << R"({})"
                                      << "a"
                                      << "a";
    QTest::newRow("scp of another type") << R"({"scp":42})"
                                         << "42"
                                         << "42";
}

void TestScopeCheck::grantsOnlyWhenEveryRequiredScopeIsPresent() {
    QFETCH(QString, claimsJson);
    QFETCH(QString, required);
    QFETCH(QString, missing);
    const auto scopes = split(required);
    const auto check = checkScopes(claims(claimsJson.toUtf8().constData()), scopes);
    QCOMPARE(check.granted, missing.isEmpty());
    QCOMPARE(QString::fromStdString(check.missingScope), missing);
}

void TestScopeCheck::namesTheMissingScopeInTheMessage() {
    const std::vector<std::string> required{"Orders.Read", "Orders.Write"};
    const auto check = checkScopes(claims(R"({"scp":"Orders.Read"})"), required);
    QVERIFY(!check.granted);
    QCOMPARE(check.message, std::string("Access denied: the token does not grant the scope "
                                        "'Orders.Write' that this operation requires."));
}

QTEST_GUILESS_MAIN(TestScopeCheck)
#include "test_scope_check.moc"
