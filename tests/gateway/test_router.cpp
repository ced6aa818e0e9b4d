#include "core/gateway/router.h"

#include <QElapsedTimer>
#include <QTest>

using namespace portico;
using portico::gateway::RouteMatch;

namespace {

gateway::RouteOperation op(std::string id, std::string method, std::string templ) {
    gateway::RouteOperation o;
    o.id = std::move(id);
    o.method = std::move(method);
    o.urlTemplate = std::move(templ);
    return o;
}

gateway::RouteApi api(std::string id, std::string path, std::vector<gateway::RouteOperation> ops) {
    gateway::RouteApi a;
    a.id = std::move(id);
    a.path = std::move(path);
    a.operations = std::move(ops);
    return a;
}

class Headers : public gateway::VersionSource {
public:
    std::map<std::string, std::string> headers;
    std::map<std::string, std::string> queries;
    std::optional<std::string_view> header(std::string_view name) const override {
        const auto it = headers.find(std::string(name));
        return it == headers.end() ? std::nullopt : std::optional<std::string_view>(it->second);
    }
    std::optional<std::string_view> query(std::string_view name) const override {
        const auto it = queries.find(std::string(name));
        return it == queries.end() ? std::nullopt : std::optional<std::string_view>(it->second);
    }
};

gateway::Router sampleRouter() {
    model::DiagnosticList diagnostics;
    std::vector<gateway::RouteApi> apis;
    apis.push_back(
        api("orders", "orders",
            {op("list", "GET", "/"), op("get", "GET", "/{id}"), op("delete", "DELETE", "/{id}"),
             op("mine", "GET", "/mine"), op("lines", "GET", "/{orderId}/lines/{lineId}"),
             op("search", "POST", "/search?q={q}")}));
    apis.push_back(api("orders-admin", "orders/admin", {op("stats", "GET", "/stats")}));
    apis.push_back(api("files", "files", {op("any", "*", "/*")}));
    auto router = gateway::Router::build(std::move(apis), diagnostics);
    Q_ASSERT(!diagnostics.hasErrors());
    return router;
}

} // namespace

class TestRouter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesOperationByMethodAndTemplate_data();
    void matchesOperationByMethodAndTemplate();
    void literalSegmentBeatsParameter();
    void capturesPathParameters();
    void longestApiPrefixWins();
    void prefixMatchesOnlyAtSegmentBoundary();
    void unknownPathIsNotFound();
    void knownPathWithOtherMethodListsAllowedMethods();
    void wildcardOperationMatchesAnyRest();
    void versionSegmentSelectsApi();
    void versionHeaderSelectsApi();
    void versionQuerySelectsApiAndFallsBackToDefault();
    void reportsTwoApisOnTheSamePath();
    void keepsRemainderAfterPrefix();
    void routesThousandsOfOperationsWithoutScanning();
};

void TestRouter::matchesOperationByMethodAndTemplate_data() {
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("operation");
    QTest::newRow("root of api") << "GET"
                                 << "/orders"
                                 << "list";
    QTest::newRow("root with slash") << "GET"
                                     << "/orders/"
                                     << "list";
    QTest::newRow("parameter") << "GET"
                               << "/orders/42"
                               << "get";
    QTest::newRow("other method") << "DELETE"
                                  << "/orders/42"
                                  << "delete";
    QTest::newRow("two parameters") << "GET"
                                    << "/orders/1/lines/2"
                                    << "lines";
    QTest::newRow("query in template ignored") << "POST"
                                               << "/orders/search"
                                               << "search";
}

void TestRouter::matchesOperationByMethodAndTemplate() {
    QFETCH(QString, method);
    QFETCH(QString, path);
    QFETCH(QString, operation);
    const auto router = sampleRouter();
    const auto m = router.match(method.toStdString(), path.toStdString(), nullptr);
    QCOMPARE(int(m.kind), int(RouteMatch::Kind::Found));
    QCOMPARE(QString::fromStdString(m.operation->id), operation);
}

void TestRouter::literalSegmentBeatsParameter() {
    const auto router = sampleRouter();
    const auto m = router.match("GET", "/orders/mine", nullptr);
    QCOMPARE(QString::fromStdString(m.operation->id), QStringLiteral("mine"));
}

void TestRouter::capturesPathParameters() {
    const auto router = sampleRouter();
    const auto m = router.match("GET", "/orders/7/lines/9", nullptr);
    QCOMPARE(m.parameters.size(), std::size_t(2));
    QCOMPARE(std::string(m.parameters[0].first), std::string("orderId"));
    QCOMPARE(std::string(m.parameters[0].second), std::string("7"));
    QCOMPARE(std::string(m.parameters[1].first), std::string("lineId"));
    QCOMPARE(std::string(m.parameters[1].second), std::string("9"));
}

void TestRouter::longestApiPrefixWins() {
    const auto router = sampleRouter();
    const auto m = router.match("GET", "/orders/admin/stats", nullptr);
    QCOMPARE(int(m.kind), int(RouteMatch::Kind::Found));
    QCOMPARE(QString::fromStdString(m.api->id), QStringLiteral("orders-admin"));
}

void TestRouter::prefixMatchesOnlyAtSegmentBoundary() {
    const auto router = sampleRouter();
    QCOMPARE(int(router.match("GET", "/ordersx/1", nullptr).kind), int(RouteMatch::Kind::NotFound));
    QCOMPARE(int(router.match("GET", "/filesystem", nullptr).kind),
             int(RouteMatch::Kind::NotFound));
}

void TestRouter::unknownPathIsNotFound() {
    const auto router = sampleRouter();
    QCOMPARE(int(router.match("GET", "/orders/1/2", nullptr).kind),
             int(RouteMatch::Kind::NotFound));
    QCOMPARE(int(router.match("GET", "/", nullptr).kind), int(RouteMatch::Kind::NotFound));
}

void TestRouter::knownPathWithOtherMethodListsAllowedMethods() {
    const auto router = sampleRouter();
    const auto m = router.match("PUT", "/orders/5", nullptr);
    QCOMPARE(int(m.kind), int(RouteMatch::Kind::MethodNotAllowed));
    QCOMPARE(QString::fromStdString(m.allow), QStringLiteral("DELETE, GET"));
}

void TestRouter::wildcardOperationMatchesAnyRest() {
    const auto router = sampleRouter();
    for (const char* path : {"/files", "/files/a", "/files/a/b/c.txt"}) {
        const auto m = router.match("PATCH", path, nullptr);
        QVERIFY2(m.kind == RouteMatch::Kind::Found, path);
        QCOMPARE(QString::fromStdString(m.operation->id), QStringLiteral("any"));
    }
}

void TestRouter::versionSegmentSelectsApi() {
    model::DiagnosticList diagnostics;
    std::vector<gateway::RouteApi> apis;
    for (const char* v : {"v1", "v2"}) {
        auto a = api(std::string("pets-") + v, "pets", {op("get", "GET", "/{id}")});
        a.versioning.scheme = model::VersioningScheme::Segment;
        a.versioning.version = v;
        apis.push_back(std::move(a));
    }
    const auto router = gateway::Router::build(std::move(apis), diagnostics);
    QVERIFY(!diagnostics.hasErrors());
    QCOMPARE(QString::fromStdString(router.match("GET", "/pets/v2/3", nullptr).api->id),
             QStringLiteral("pets-v2"));
    QCOMPARE(int(router.match("GET", "/pets/v3/3", nullptr).kind), int(RouteMatch::Kind::NotFound));
}

void TestRouter::versionHeaderSelectsApi() {
    model::DiagnosticList diagnostics;
    std::vector<gateway::RouteApi> apis;
    for (const char* v : {"2023-01", "2024-01"}) {
        auto a = api(std::string("pets-") + v, "pets", {op("get", "GET", "/{id}")});
        a.versioning.scheme = model::VersioningScheme::Header;
        a.versioning.headerName = "Api-Version";
        a.versioning.version = v;
        apis.push_back(std::move(a));
    }
    const auto router = gateway::Router::build(std::move(apis), diagnostics);
    Headers h;
    h.headers["Api-Version"] = "2024-01";
    QCOMPARE(QString::fromStdString(router.match("GET", "/pets/1", &h).api->id),
             QStringLiteral("pets-2024-01"));
    h.headers["Api-Version"] = "1999";
    QCOMPARE(int(router.match("GET", "/pets/1", &h).kind), int(RouteMatch::Kind::NotFound));
}

void TestRouter::versionQuerySelectsApiAndFallsBackToDefault() {
    model::DiagnosticList diagnostics;
    std::vector<gateway::RouteApi> apis;
    apis.push_back(api("pets", "pets", {op("get", "GET", "/{id}")}));
    auto v2 = api("pets-v2", "pets", {op("get", "GET", "/{id}")});
    v2.versioning.scheme = model::VersioningScheme::Query;
    v2.versioning.queryName = "api-version";
    v2.versioning.version = "2";
    apis.push_back(std::move(v2));
    const auto router = gateway::Router::build(std::move(apis), diagnostics);
    QVERIFY(!diagnostics.hasErrors());
    Headers h;
    QCOMPARE(QString::fromStdString(router.match("GET", "/pets/1", &h).api->id),
             QStringLiteral("pets"));
    h.queries["api-version"] = "2";
    QCOMPARE(QString::fromStdString(router.match("GET", "/pets/1", &h).api->id),
             QStringLiteral("pets-v2"));
}

void TestRouter::reportsTwoApisOnTheSamePath() {
    model::DiagnosticList diagnostics;
    std::vector<gateway::RouteApi> apis;
    apis.push_back(api("a", "same", {}));
    apis.push_back(api("b", "same/", {}));
    apis.back().path = "same";
    gateway::Router::build(std::move(apis), diagnostics);
    QCOMPARE(diagnostics.errorCount(), std::size_t(1));
    QVERIFY(diagnostics.items()[0].message.find("'b'") != std::string::npos);
}

void TestRouter::keepsRemainderAfterPrefix() {
    const auto router = sampleRouter();
    QCOMPARE(std::string(router.match("GET", "/orders/42", nullptr).remainder), std::string("/42"));
    QCOMPARE(std::string(router.match("GET", "/orders", nullptr).remainder), std::string(""));
}

void TestRouter::routesThousandsOfOperationsWithoutScanning() {
    model::DiagnosticList diagnostics;
    std::vector<gateway::RouteOperation> ops;
    for (int i = 0; i < 20000; ++i) {
        ops.push_back(op("op" + std::to_string(i), "GET",
                         "/r" + std::to_string(i) + "/{id}/x" + std::to_string(i)));
    }
    std::vector<gateway::RouteApi> apis;
    apis.push_back(api("big", "big", std::move(ops)));
    const auto router = gateway::Router::build(std::move(apis), diagnostics);
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 100000; ++i) {
        const auto m = router.match("GET", "/big/r19999/7/x19999", nullptr);
        QCOMPARE(int(m.kind), int(RouteMatch::Kind::Found));
    }
    // A linear scan over 20000 templates would take far longer than this for 100000 lookups.
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
}

QTEST_GUILESS_MAIN(TestRouter)
#include "test_router.moc"
