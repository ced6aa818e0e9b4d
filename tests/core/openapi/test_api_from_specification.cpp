#include "core/openapi/api_from_specification.h"
#include "openapi_test_support.h"

#include <QTest>

using namespace portico;
using namespace openapi_test;

class TestApiFromSpecification : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fillsTheApiFromTheSpecification() {
        auto loaded = load("security.yaml");
        QVERIFY(loaded.spec);
        loaded.spec->serverUrls = {"https://orders.example.com/v1", "https://backup.example.com"};
        auto api =
            openapi::apiFromSpecification(*loaded.spec, {"orders", "shop/orders", "spec.json"});
        QCOMPARE(q(api.id), QStringLiteral("orders"));
        QCOMPARE(q(api.displayName), QStringLiteral("Secured"));
        QCOMPARE(q(api.path), QStringLiteral("shop/orders"));
        QCOMPARE(q(api.serviceUrl), QStringLiteral("https://orders.example.com/v1"));
        QCOMPARE(q(api.specificationFile), QStringLiteral("spec.json"));
        QVERIFY(api.subscriptionRequired);
        QCOMPARE(q(api.subscriptionKeyHeaderName), QStringLiteral("Ocp-Apim-Subscription-Key"));
        QCOMPARE(api.oauthScopes.size(), std::size_t(3));
        QCOMPARE(q(api.oauthScopes[1].name), QStringLiteral("orders.write"));
        QCOMPARE(q(api.oauthScopes[1].description), QStringLiteral("Write orders"));
        QCOMPARE(api.specification.operations.size(), loaded.spec->operations.size());
    }

    void carriesTheDescription() {
        auto loaded = load("features-3.0.yaml");
        QVERIFY(loaded.spec);
        auto api = openapi::apiFromSpecification(*loaded.spec, {});
        QCOMPARE(q(api.description), QStringLiteral("Orders of the shop"));
        QCOMPARE(q(api.serviceUrl), QStringLiteral("https://eu.shop.example.com/v2"));
    }

    void derivesIdAndPathFromTheTitleWhenNotGiven() {
        auto loaded = load("features-3.0.yaml");
        QVERIFY(loaded.spec);
        auto api = openapi::apiFromSpecification(*loaded.spec, {});
        QCOMPARE(q(api.id), QStringLiteral("orders-api"));
        QCOMPARE(q(api.path), QStringLiteral("orders-api"));
        QCOMPARE(q(api.specificationFile), QStringLiteral("openapi.yaml"));
    }

    void trimsSlashesAroundThePath() {
        openapi::Specification spec;
        spec.title = "T";
        auto api = openapi::apiFromSpecification(spec, {"t", "/v1/things/", "openapi.yaml"});
        QCOMPARE(q(api.path), QStringLiteral("v1/things"));
        QCOMPARE(q(api.displayName), QStringLiteral("T"));
        QVERIFY(api.serviceUrl.empty());
        QVERIFY(api.oauthScopes.empty());
    }

    void derivesValidIdsFromTitles_data() {
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("id");
        QTest::newRow("words") << QStringLiteral("Swagger Petstore")
                               << QStringLiteral("swagger-petstore");
        QTest::newRow("punctuation") << QStringLiteral("GitHub v3 REST API (beta)!")
                                     << QStringLiteral("github-v3-rest-api-beta");
        QTest::newRow("leading and doubled")
            << QStringLiteral("  --Orders__API--  ") << QStringLiteral("orders-api");
        QTest::newRow("non-ascii")
            << QStringLiteral("Café Ünïcode") << QStringLiteral("caf-n-code");
        QTest::newRow("nothing usable") << QStringLiteral("!!!") << QStringLiteral("api");
        QTest::newRow("empty") << QString() << QStringLiteral("api");
        QTest::newRow("long") << QString(200, QLatin1Char('a')) << QString(80, QLatin1Char('a'));
    }

    void derivesValidIdsFromTitles() {
        QFETCH(QString, title);
        QFETCH(QString, id);
        QCOMPARE(q(openapi::apiIdFromTitle(title.toStdString())), id);
    }
};

QTEST_GUILESS_MAIN(TestApiFromSpecification)
#include "test_api_from_specification.moc"
