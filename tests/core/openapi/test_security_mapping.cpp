#include "core/openapi/diagnostic_codes.h"
#include "openapi_test_support.h"

#include <QTest>

using namespace portico;
using namespace openapi_test;

namespace {
QStringList list(const std::vector<std::string>& items) {
    QStringList out;
    for (const auto& item : items)
        out << q(item);
    return out;
}
} // namespace

class TestSecurityMapping : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsEveryKindOfSecurityScheme() {
        auto loaded = load("security.yaml");
        QVERIFY2(loaded.spec, qPrintable(dump(loaded.diagnostics)));
        QVERIFY2(loaded.diagnostics.empty(), qPrintable(dump(loaded.diagnostics)));
        const auto& schemes = loaded.spec->securitySchemes;
        QCOMPARE(schemes.size(), std::size_t(5));
        QCOMPARE(q(schemes[0].name), QStringLiteral("oauth"));
        QCOMPARE(q(schemes[0].type), QStringLiteral("oauth2"));
        QCOMPARE(schemes[0].flows.size(), std::size_t(2));
        QCOMPARE(q(schemes[0].flows[0].type), QStringLiteral("authorizationCode"));
        QCOMPARE(q(schemes[0].flows[0].authorizationUrl),
                 QStringLiteral("https://login.example.com/authorize"));
        QCOMPARE(q(schemes[0].flows[0].tokenUrl),
                 QStringLiteral("https://login.example.com/token"));
        QCOMPARE(q(schemes[0].flows[1].type), QStringLiteral("clientCredentials"));
        QCOMPARE(q(schemes[1].type), QStringLiteral("apiKey"));
        QCOMPARE(q(schemes[1].in), QStringLiteral("header"));
        QCOMPARE(q(schemes[1].parameterName), QStringLiteral("X-Api-Key"));
        QCOMPARE(q(schemes[2].type), QStringLiteral("http"));
        QCOMPARE(q(schemes[2].scheme), QStringLiteral("bearer")); // written "Bearer"
        QCOMPARE(q(schemes[3].scheme), QStringLiteral("basic"));
        QCOMPARE(q(schemes[4].type), QStringLiteral("openIdConnect"));
        QCOMPARE(q(schemes[4].openIdConnectUrl),
                 QStringLiteral("https://login.example.com/.well-known/openid-configuration"));
    }

    void collectsOAuthScopesOnceInDeclarationOrder() {
        auto loaded = load("security.yaml");
        QVERIFY(loaded.spec);
        auto scopes = loaded.spec->oauthScopes();
        QCOMPARE(scopes.size(), std::size_t(3));
        QCOMPARE(q(scopes[0].first), QStringLiteral("orders.read"));
        QCOMPARE(q(scopes[0].second), QStringLiteral("Read orders"));
        QCOMPARE(q(scopes[1].first), QStringLiteral("orders.write"));
        QCOMPARE(q(scopes[2].first), QStringLiteral("orders.admin"));
    }

    void appliesRequirementsGloballyOverriddenPerOperation_data() {
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QStringList>("scopes");
        QTest::newRow("global") << QStringLiteral("get-orders")
                                << QStringList{QStringLiteral("orders.read")};
        QTest::newRow("override") << QStringLiteral("post-orders")
                                  << QStringList{QStringLiteral("orders.write"),
                                                 QStringLiteral("orders.read")};
        QTest::newRow("security: [] means none") << QStringLiteral("get-health") << QStringList{};
        QTest::newRow("openIdConnect scopes")
            << QStringLiteral("get-profile")
            << QStringList{QStringLiteral("openid"), QStringLiteral("profile")};
    }

    void appliesRequirementsGloballyOverriddenPerOperation() {
        QFETCH(QString, operation);
        QFETCH(QStringList, scopes);
        auto loaded = load("security.yaml");
        QVERIFY(loaded.spec);
        const auto* op = loaded.spec->findOperation(operation.toStdString());
        QVERIFY(op);
        QCOMPARE(list(op->requiredScopes), scopes);
    }

    void mapsSwagger2SecurityDefinitions() {
        auto loaded = load("security-swagger2.yaml");
        QVERIFY2(loaded.spec, qPrintable(dump(loaded.diagnostics)));
        QVERIFY2(loaded.diagnostics.empty(), qPrintable(dump(loaded.diagnostics)));
        const auto& schemes = loaded.spec->securitySchemes;
        QCOMPARE(schemes.size(), std::size_t(5));
        QCOMPARE(q(schemes[0].flows.at(0).type), QStringLiteral("implicit"));
        QCOMPARE(q(schemes[1].flows.at(0).type), QStringLiteral("clientCredentials"));
        QCOMPARE(q(schemes[1].flows.at(0).tokenUrl),
                 QStringLiteral("https://login.example.com/token"));
        QCOMPARE(q(schemes[2].flows.at(0).type), QStringLiteral("authorizationCode"));
        QCOMPARE(q(schemes[3].type), QStringLiteral("http"));
        QCOMPARE(q(schemes[3].scheme), QStringLiteral("basic"));
        QCOMPARE(q(schemes[4].in), QStringLiteral("query"));
        QCOMPARE(list(loaded.spec->operations[0].requiredScopes),
                 QStringList{QStringLiteral("pets.read")});
        QCOMPARE(list(loaded.spec->operations[1].requiredScopes),
                 QStringList{QStringLiteral("pets.write")});
        QCOMPARE(loaded.spec->oauthScopes().size(), std::size_t(3));
    }

    void rejectsInvalidSchemes_data() {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no type") << QStringLiteral("{description: x}")
                                 << QStringLiteral("no 'type'");
        QTest::newRow("unknown type")
            << QStringLiteral("{type: magic}") << QStringLiteral("unknown type 'magic'");
        QTest::newRow("apiKey without name")
            << QStringLiteral("{type: apiKey, in: header}") << QStringLiteral("needs 'name'");
        QTest::newRow("apiKey in body") << QStringLiteral("{type: apiKey, in: body, name: k}")
                                        << QStringLiteral("expected header, query or cookie");
        QTest::newRow("http without scheme")
            << QStringLiteral("{type: http}") << QStringLiteral("needs 'scheme'");
        QTest::newRow("oidc without url") << QStringLiteral("{type: openIdConnect}")
                                          << QStringLiteral("needs 'openIdConnectUrl'");
        QTest::newRow("mutualTLS in 3.0")
            << QStringLiteral("{type: mutualTLS}") << QStringLiteral("unknown type 'mutualTLS'");
        QTest::newRow("unknown flow")
            << QStringLiteral("{type: oauth2, flows: {magic: {scopes: {}}}}")
            << QStringLiteral("unknown flow 'magic'");
        QTest::newRow("code flow without token url")
            << QStringLiteral("{type: oauth2, flows: {authorizationCode: {authorizationUrl: "
                              "https://a, scopes: {}}}}")
            << QStringLiteral("needs 'tokenUrl'");
        QTest::newRow("flow without scopes")
            << QStringLiteral("{type: oauth2, flows: {clientCredentials: {tokenUrl: https://t}}}")
            << QStringLiteral("without 'scopes'");
    }

    void rejectsInvalidSchemes() {
        QFETCH(QString, scheme);
        QFETCH(QString, expected);
        auto loaded = parse("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n"
                            "components:\n  securitySchemes:\n    bad: " +
                            scheme.toStdString() + "\n");
        QVERIFY(loaded.spec);
        const auto* found =
            find(loaded.diagnostics, portico::openapi::codes::kInvalidSecurityScheme);
        QVERIFY2(found, qPrintable(dump(loaded.diagnostics)));
        QVERIFY2(q(found->message).contains(expected), qPrintable(q(found->message)));
        QCOMPARE(found->where.line, 6);
        QVERIFY(loaded.spec->securitySchemes.empty());
    }
};

QTEST_GUILESS_MAIN(TestSecurityMapping)
#include "test_security_mapping.moc"
