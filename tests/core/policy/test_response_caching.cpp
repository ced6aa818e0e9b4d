#include "memory_context.h"
#include "policy_test_support.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/response_cache.h"

#include <QtTest>

using namespace portico;
using namespace portico::policy;
using namespace portico::policy::test;

namespace {

std::string header(const MemoryContext::Message& message, std::string_view name) {
    for (const auto& [n, v] : message.headers) {
        if (MemoryContext::sameName(n, name))
            return v;
    }
    return {};
}

// cache-lookup with `lookup` as its attributes and children, cache-store with `store`.
std::string cachingDocument(const std::string& lookupAttributes, const std::string& children = {},
                            const std::string& storeAttributes = R"(duration="60")") {
    return "<policies>\n<inbound><cache-lookup " + lookupAttributes + ">" + children +
           "</cache-lookup></inbound>\n<outbound><cache-store " + storeAttributes +
           "/><set-header name=\"X-Outbound\" exists-action=\"override\"><value>ran</value>"
           "</set-header></outbound>\n</policies>\n";
}

const std::string kPlain = R"(vary-by-developer="false" vary-by-developer-groups="false")";

// A backend that counts its calls and answers with the call number.
struct CountingBackend {
    int calls = 0;
    int status = 200;
    std::function<void(MemoryContext&)> answer() {
        return [this](MemoryContext& context) {
            ++calls;
            context.status = status;
            context.reason = status == 200 ? "OK" : "Other";
            context.response.headers = {{"Content-Type", "text/plain"},
                                        {"X-Call", std::to_string(calls)},
                                        {"Set-Cookie", "session=secret"}};
            context.response.body = "answer " + std::to_string(calls);
        };
    }
};

MemoryContext& prepared(MemoryContext& context, const std::string& path = "/items") {
    context.path = path;
    context.facts.originalUrl.path = "/shop" + path;
    context.facts.api = expr::ApiInfo{"shop", "Shop", "/shop", "", ""};
    context.facts.operation = expr::OperationInfo{"list", "List", "GET", path};
    return context;
}

} // namespace

class TestResponseCaching : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { ResponseCache::shared().clear(); }

    void secondRequestIsAnsweredFromTheCacheWithoutTheBackend();
    void onlyGetRequestsAreLookedUpOrStored();
    void onlyStatus200IsStoredUnlessCacheResponseIsTrue_data();
    void onlyStatus200IsStoredUnlessCacheResponseIsTrue();
    void requestsWithAuthorizationAreCachedOnlyWhenAllowed_data();
    void requestsWithAuthorizationAreCachedOnlyWhenAllowed();
    void varyByHeaderKeysOnValuesNotOnNameCaseOrOrder();
    void varyByQueryParameterIgnoresOtherParametersAndTheirOrder();
    void varyByDeveloperKeepsOneEntryPerDeveloper();
    void varyByDeveloperGroupsKeepsOneEntryPerGroupSet();
    void differentPathsAreDifferentEntries();
    void downstreamCachingTypeSetsCacheControl_data();
    void downstreamCachingTypeSetsCacheControl();
    void attributesAcceptExpressions();
    void zeroDurationStoresNothing();
    void refusesBadSettings_data();
    void refusesBadSettings();
    void responseCacheExpiresEntriesAndReportsTheirRemainingLife();
    void responseCacheKeepsBinaryBodiesAndHeaderOrder();
    void responseCacheEvictsLeastRecentlyUsedWithinItsBounds();
};

void TestResponseCaching::secondRequestIsAnsweredFromTheCacheWithoutTheBackend() {
    const auto pipeline = compiled(cachingDocument(kPlain));
    CountingBackend backend;
    MemoryContext first;
    runPipeline(pipeline, prepared(first), backend.answer());
    QCOMPARE(backend.calls, 1);
    QCOMPARE(first.response.body, std::string("answer 1"));
    QCOMPARE(header(first.response, "X-Outbound"), std::string("ran"));

    MemoryContext second;
    runPipeline(pipeline, prepared(second), backend.answer());
    QCOMPARE(backend.calls, 1);
    QVERIFY(!second.forwarded);
    QCOMPARE(second.status, 200);
    QCOMPARE(second.response.body, std::string("answer 1"));
    QCOMPARE(header(second.response, "X-Call"), std::string("1"));
    QCOMPARE(header(second.response, "Content-Type"), std::string("text/plain"));
    // Set-Cookie belongs to the first caller alone; a hit skips the outbound section.
    QCOMPARE(header(second.response, "Set-Cookie"), std::string());
    QCOMPARE(header(second.response, "X-Outbound"), std::string());
}

void TestResponseCaching::onlyGetRequestsAreLookedUpOrStored() {
    const auto pipeline = compiled(cachingDocument(kPlain));
    CountingBackend backend;
    for (int i = 0; i < 2; ++i) {
        MemoryContext context;
        prepared(context).requestMethod = "POST";
        runPipeline(pipeline, context, backend.answer());
    }
    QCOMPARE(backend.calls, 2);
    QCOMPARE(ResponseCache::shared().size(), std::size_t(0));
}

void TestResponseCaching::onlyStatus200IsStoredUnlessCacheResponseIsTrue_data() {
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("store");
    QTest::addColumn<int>("backendCalls");
    QTest::newRow("200 stored") << 200 << R"(duration="60")"_q << 1;
    QTest::newRow("404 not stored") << 404 << R"(duration="60")"_q << 2;
    QTest::newRow("201 not stored") << 201 << R"(duration="60")"_q << 2;
    QTest::newRow("404 with cache-response")
        << 404 << R"(duration="60" cache-response="true")"_q << 1;
    QTest::newRow("404 cache-response false")
        << 404 << R"(duration="60" cache-response="false")"_q << 2;
}

void TestResponseCaching::onlyStatus200IsStoredUnlessCacheResponseIsTrue() {
    QFETCH(int, status);
    QFETCH(QString, store);
    QFETCH(int, backendCalls);
    const auto pipeline = compiled(cachingDocument(kPlain, {}, store.toStdString()));
    CountingBackend backend;
    backend.status = status;
    MemoryContext first, second;
    runPipeline(pipeline, prepared(first), backend.answer());
    runPipeline(pipeline, prepared(second), backend.answer());
    QCOMPARE(backend.calls, backendCalls);
    QCOMPARE(second.status, status);
}

void TestResponseCaching::requestsWithAuthorizationAreCachedOnlyWhenAllowed_data() {
    QTest::addColumn<QString>("allow");
    QTest::addColumn<int>("backendCalls");
    QTest::newRow("default") << QString() << 2;
    QTest::newRow("false") << R"( allow-private-response-caching="false")"_q << 2;
    QTest::newRow("true") << R"( allow-private-response-caching="true")"_q << 1;
    QTest::newRow("expression")
        << R"~( allow-private-response-caching="@(context.Request.Headers.ContainsKey(&quot;Authorization&quot;))")~"_q
        << 1;
}

void TestResponseCaching::requestsWithAuthorizationAreCachedOnlyWhenAllowed() {
    QFETCH(QString, allow);
    QFETCH(int, backendCalls);
    const auto pipeline = compiled(cachingDocument(
        kPlain + allow.toStdString(), "<vary-by-header>Authorization</vary-by-header>"));
    CountingBackend backend;
    for (int i = 0; i < 2; ++i) {
        MemoryContext context;
        prepared(context).request.headers = {{"Authorization", "Bearer abc"}};
        runPipeline(pipeline, context, backend.answer());
    }
    QCOMPARE(backend.calls, backendCalls);
}

void TestResponseCaching::varyByHeaderKeysOnValuesNotOnNameCaseOrOrder() {
    const auto one = compiled(cachingDocument(
        kPlain,
        "<vary-by-header>Accept</vary-by-header><vary-by-header>X-Tenant</vary-by-header>"));
    const auto reordered = compiled(cachingDocument(
        kPlain,
        "<vary-by-header>x-tenant</vary-by-header><vary-by-header>ACCEPT</vary-by-header>"));
    CountingBackend backend;
    const auto call = [&](const CompiledPipeline& pipeline,
                          std::vector<std::pair<std::string, std::string>> headers) {
        MemoryContext context;
        prepared(context).request.headers = std::move(headers);
        runPipeline(pipeline, context, backend.answer());
        return context.response.body;
    };
    QCOMPARE(call(one, {{"Accept", "text/plain"}, {"X-Tenant", "t1"}}), std::string("answer 1"));
    QCOMPARE(call(reordered, {{"x-tenant", "t1"}, {"accept", "text/plain"}}),
             std::string("answer 1"));
    QCOMPARE(call(one, {{"Accept", "text/plain"}, {"X-Tenant", "t2"}}), std::string("answer 2"));
    QCOMPARE(call(one, {{"Accept", "text/plain"}, {"X-Tenant", "T1"}}), std::string("answer 3"));
    // An absent header and an empty one are different keys; other headers do not count.
    QCOMPARE(call(one, {{"Accept", "text/plain"}}), std::string("answer 4"));
    QCOMPARE(call(one, {{"Accept", "text/plain"}, {"X-Tenant", ""}}), std::string("answer 5"));
    QCOMPARE(call(one, {{"Accept", "text/plain"}, {"X-Other", "1"}}), std::string("answer 4"));
    QCOMPARE(backend.calls, 5);
}

void TestResponseCaching::varyByQueryParameterIgnoresOtherParametersAndTheirOrder() {
    const auto pipeline = compiled(cachingDocument(
        kPlain, "<vary-by-query-parameter>version; lang</vary-by-query-parameter>"));
    CountingBackend backend;
    const auto call = [&](std::vector<std::pair<std::string, std::string>> query) {
        MemoryContext context;
        prepared(context).query = std::move(query);
        runPipeline(pipeline, context, backend.answer());
        return context.response.body;
    };
    QCOMPARE(call({{"lang", "en"}, {"version", "1"}, {"x", "1"}}), std::string("answer 1"));
    QCOMPARE(call({{"version", "1"}, {"x", "2"}, {"lang", "en"}}), std::string("answer 1"));
    QCOMPARE(call({{"version", "2"}, {"lang", "en"}}), std::string("answer 2"));
    // Parameter names are case-sensitive, as in the URL.
    QCOMPARE(call({{"Version", "1"}, {"lang", "en"}}), std::string("answer 3"));
    QCOMPARE(backend.calls, 3);
}

void TestResponseCaching::varyByDeveloperKeepsOneEntryPerDeveloper() {
    const auto perDeveloper =
        compiled(cachingDocument(R"(vary-by-developer="true" vary-by-developer-groups="false")"));
    const auto shared = compiled(cachingDocument(kPlain));
    CountingBackend backend;
    const auto call = [&](const CompiledPipeline& pipeline, const std::string& user,
                          const std::string& subscription) {
        MemoryContext context;
        prepared(context);
        if (!user.empty())
            context.facts.user.emplace().id = user;
        context.facts.subscription.emplace().id = subscription;
        runPipeline(pipeline, context, backend.answer());
        return context.response.body;
    };
    QCOMPARE(call(perDeveloper, "alice", "s1"), std::string("answer 1"));
    QCOMPARE(call(perDeveloper, "alice", "s2"), std::string("answer 1")); // same developer
    QCOMPARE(call(perDeveloper, "bob", "s3"), std::string("answer 2"));
    QCOMPARE(call(perDeveloper, "", "s4"), std::string("answer 3")); // no owner: per subscription
    QCOMPARE(call(perDeveloper, "", "s5"), std::string("answer 4"));
    QCOMPARE(call(shared, "carol", "s6"), std::string("answer 5"));
    QCOMPARE(call(shared, "dave", "s7"), std::string("answer 5"));
}

void TestResponseCaching::varyByDeveloperGroupsKeepsOneEntryPerGroupSet() {
    const auto pipeline =
        compiled(cachingDocument(R"(vary-by-developer="false" vary-by-developer-groups="true")"));
    CountingBackend backend;
    const auto call = [&](const std::string& user, std::vector<std::string> groups) {
        MemoryContext context;
        prepared(context);
        expr::UserInfo info;
        info.id = user;
        for (auto& group : groups)
            info.groups.push_back(expr::NamedInfo{group, group});
        context.facts.user = std::move(info);
        runPipeline(pipeline, context, backend.answer());
        return context.response.body;
    };
    QCOMPARE(call("alice", {"developers", "partners"}), std::string("answer 1"));
    QCOMPARE(call("bob", {"partners", "developers"}), std::string("answer 1"));
    QCOMPARE(call("carol", {"developers"}), std::string("answer 2"));
}

void TestResponseCaching::differentPathsAreDifferentEntries() {
    const auto pipeline = compiled(cachingDocument(kPlain));
    CountingBackend backend;
    MemoryContext first, second, third;
    runPipeline(pipeline, prepared(first, "/items/1"), backend.answer());
    runPipeline(pipeline, prepared(second, "/items/2"), backend.answer());
    runPipeline(pipeline, prepared(third, "/items/1"), backend.answer());
    QCOMPARE(backend.calls, 2);
    QCOMPARE(third.response.body, std::string("answer 1"));
}

void TestResponseCaching::downstreamCachingTypeSetsCacheControl_data() {
    QTest::addColumn<QString>("attributes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("default none") << QString() << "no-store"_q;
    QTest::newRow("none") << R"( downstream-caching-type="none")"_q
                          << "no-store"_q;
    QTest::newRow("private") << R"( downstream-caching-type="private")"_q
                             << "private, max-age=60, must-revalidate"_q;
    QTest::newRow("public without revalidation")
        << R"( downstream-caching-type="public" must-revalidate="false")"_q
        << "public, max-age=60"_q;
}

void TestResponseCaching::downstreamCachingTypeSetsCacheControl() {
    QFETCH(QString, attributes);
    QFETCH(QString, expected);
    const auto pipeline = compiled(cachingDocument(kPlain + attributes.toStdString()));
    CountingBackend backend;
    MemoryContext first, second;
    runPipeline(pipeline, prepared(first), backend.answer());
    runPipeline(pipeline, prepared(second), backend.answer());
    QCOMPARE(backend.calls, 1);
    QCOMPARE(QString::fromStdString(header(first.response, "Cache-Control")), expected);
    // The hit's max-age is what is left of the entry's life (here, all of it).
    QCOMPARE(QString::fromStdString(header(second.response, "Cache-Control")), expected);
}

void TestResponseCaching::attributesAcceptExpressions() {
    const auto pipeline = compiled(cachingDocument(
        R"~(vary-by-developer="@(false)" vary-by-developer-groups="@(1 == 2)" downstream-caching-type="@(&quot;pub&quot; + &quot;lic&quot;)" must-revalidate="@(false)")~",
        {}, R"~(duration="@(10 * 3)" cache-response="@(context.Response.StatusCode == 202)")~"));
    CountingBackend backend;
    backend.status = 202;
    MemoryContext first, second;
    runPipeline(pipeline, prepared(first), backend.answer());
    runPipeline(pipeline, prepared(second), backend.answer());
    QCOMPARE(backend.calls, 1);
    QCOMPARE(header(first.response, "Cache-Control"), std::string("public, max-age=30"));
}

void TestResponseCaching::zeroDurationStoresNothing() {
    const auto pipeline = compiled(cachingDocument(kPlain, {}, R"(duration="0")"));
    CountingBackend backend;
    MemoryContext first, second;
    runPipeline(pipeline, prepared(first), backend.answer());
    runPipeline(pipeline, prepared(second), backend.answer());
    QCOMPARE(backend.calls, 2);
}

void TestResponseCaching::refusesBadSettings_data() {
    QTest::addColumn<QString>("document");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("line");
    const auto lookupOnly = [](const char* lookup) {
        return QString::fromStdString(inSection("inbound", lookup));
    };
    QTest::newRow("external cache")
        << lookupOnly(
               R"(<cache-lookup vary-by-developer="false" vary-by-developer-groups="false" caching-type="external"/>)")
        << "caching-type=\"external\" needs an external cache"_q << 3;
    QTest::newRow("no vary-by-developer")
        << lookupOnly(R"(<cache-lookup vary-by-developer-groups="false"/>)")
        << "vary-by-developer"_q << 3;
    QTest::newRow("no vary-by-developer-groups")
        << lookupOnly(R"(<cache-lookup vary-by-developer="false"/>)")
        << "vary-by-developer-groups"_q << 3;
    QTest::newRow("bad downstream type")
        << lookupOnly(
               R"(<cache-lookup vary-by-developer="false" vary-by-developer-groups="false" downstream-caching-type="shared"/>)")
        << "downstream-caching-type"_q << 3;
    QTest::newRow("bad flag")
        << lookupOnly(R"(<cache-lookup vary-by-developer="yes" vary-by-developer-groups="false"/>)")
        << "vary-by-developer"_q << 3;
    QTest::newRow("bad header name")
        << lookupOnly(
               "<cache-lookup vary-by-developer=\"false\" vary-by-developer-groups=\"false\">\n"
               "<vary-by-header>Not A Header</vary-by-header></cache-lookup>")
        << "<vary-by-header> needs a valid HTTP header name"_q << 4;
    QTest::newRow("empty query parameter list")
        << lookupOnly(
               "<cache-lookup vary-by-developer=\"false\" vary-by-developer-groups=\"false\">\n"
               "<vary-by-query-parameter> ; </vary-by-query-parameter></cache-lookup>")
        << "<vary-by-query-parameter> needs a query parameter name"_q << 4;
    QTest::newRow("unknown child")
        << lookupOnly(
               "<cache-lookup vary-by-developer=\"false\" vary-by-developer-groups=\"false\">\n"
               "<vary-by-cookie>a</vary-by-cookie></cache-lookup>")
        << "unexpected element <vary-by-cookie>"_q << 4;
    QTest::newRow("lookup outbound")
        << QString::fromStdString(inSection(
               "outbound",
               R"(<cache-lookup vary-by-developer="false" vary-by-developer-groups="false"/>)"))
        << "inbound"_q << 3;
    QTest::newRow("store without duration")
        << QString::fromStdString(inSection("outbound", "<cache-store/>")) << "duration"_q << 3;
    QTest::newRow("store bad duration")
        << QString::fromStdString(inSection("outbound", R"(<cache-store duration="soon"/>)"))
        << "duration"_q << 3;
    QTest::newRow("store inbound")
        << QString::fromStdString(inSection("inbound", R"(<cache-store duration="5"/>)"))
        << "outbound"_q << 3;
}

void TestResponseCaching::refusesBadSettings() {
    QFETCH(QString, document);
    QFETCH(QString, message);
    QFETCH(int, line);
    model::DiagnosticList diagnostics;
    QVERIFY(!compileDocument(document.toStdString(), diagnostics));
    QVERIFY2(describe(diagnostics).contains(message), qPrintable(describe(diagnostics)));
    QCOMPARE(diagnostics.items().front().where.line, line);
}

void TestResponseCaching::responseCacheExpiresEntriesAndReportsTheirRemainingLife() {
    ResponseCache cache(10, 1 << 20);
    const auto t0 = ResponseCache::Clock::now();
    CachedResponse response;
    response.body = "x";
    cache.store("k", response, std::chrono::seconds(10), t0);
    const auto early = cache.lookup("k", t0 + std::chrono::seconds(4));
    QVERIFY(early);
    QCOMPARE(early->remaining.count(), std::int64_t(6));
    QVERIFY(!cache.lookup("k", t0 + std::chrono::seconds(10)));
    QCOMPARE(cache.size(), std::size_t(0));
}

void TestResponseCaching::responseCacheKeepsBinaryBodiesAndHeaderOrder() {
    ResponseCache cache(10, 1 << 20);
    CachedResponse response;
    response.status = 203;
    response.reason = "Non-Authoritative: yes";
    response.headers = {{"B", "2:3"}, {"A", ""}, {"B", "4"}};
    response.body = std::string("a\0b:12:c", 8);
    cache.store("k", response, std::chrono::seconds(5));
    const auto found = cache.lookup("k");
    QVERIFY(found);
    QCOMPARE(found->status, 203);
    QCOMPARE(found->reason, response.reason);
    QVERIFY(found->headers == response.headers);
    QCOMPARE(found->body, response.body);
}

void TestResponseCaching::responseCacheEvictsLeastRecentlyUsedWithinItsBounds() {
    ResponseCache byEntries(2, 1 << 20);
    CachedResponse response;
    byEntries.store("a", response, std::chrono::seconds(60));
    byEntries.store("b", response, std::chrono::seconds(60));
    QVERIFY(byEntries.lookup("a")); // a is now the most recently used
    byEntries.store("c", response, std::chrono::seconds(60));
    QVERIFY(byEntries.lookup("a"));
    QVERIFY(!byEntries.lookup("b"));
    QVERIFY(byEntries.lookup("c"));

    ResponseCache byBytes(100, 2000);
    response.body = std::string(900, 'x');
    byBytes.store("one", response, std::chrono::seconds(60));
    byBytes.store("two", response, std::chrono::seconds(60));
    byBytes.store("three", response, std::chrono::seconds(60));
    QVERIFY(byBytes.bytes() <= 2000);
    QVERIFY(!byBytes.lookup("one"));
    QVERIFY(byBytes.lookup("three"));
    response.body = std::string(5000, 'y'); // larger than the whole cache: not kept
    byBytes.store("huge", response, std::chrono::seconds(60));
    QVERIFY(!byBytes.lookup("huge"));
}

QTEST_GUILESS_MAIN(TestResponseCaching)
#include "test_response_caching.moc"
