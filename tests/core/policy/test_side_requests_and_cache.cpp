#include "memory_context.h"
#include "policy_test_support.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/expr/json_box.h"
#include "core/policy/policy_compiler.h"
#include "core/policy/scope_merge.h"
#include "core/policy/value_cache.h"

#include <QtTest>

#include <atomic>
#include <thread>

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

std::string header(const HeaderList& headers, std::string_view name) {
    for (const auto& [n, v] : headers) {
        if (MemoryContext::sameName(n, name))
            return v;
    }
    return {};
}

AwaitOutcome introspection(const HttpWork& work) {
    HttpOutcome response;
    response.status = 200;
    response.reason = "OK";
    response.headers = {{"Content-Type", "application/json"}, {"X-Seen-Url", work.url}};
    response.body = work.body.find("bad-token") != std::string::npos
                        ? R"({"active":false})"
                        : R"({"active":true,"scope":"orders.read","sub":"svc-7"})";
    return {std::nullopt, response, {}};
}

} // namespace

class TestSideRequestsAndCache : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { ValueCache::shared().clear(); }

    void sendRequestStoresTheResponseForExpressions();
    void sendRequestInactiveTokenAnswers401();
    void sendRequestCopyStartsFromTheCurrentRequest();
    void sendRequestFailureRunsOnErrorUnlessIgnored();
    void sendOneWayRequestDoesNotWaitForAnAnswer();
    void returnResponseCanReturnAStoredResponse();
    void sendRequestRefusesBadSettings_data();
    void sendRequestRefusesBadSettings();
    void cacheStoreLookupAndRemoveValues();
    void cacheLookupMissUsesTheDefaultOrLeavesTheVariableUnset();
    void valueCacheExpiresEntries();
    void valueCacheEvictsLeastRecentlyUsedWithinItsBounds();
    void valueCacheKeepsDetachedCopiesOfJson();
    void valueCacheRefusesValuesBoundToTheirRequest();
    void valueCacheIsSafeUnderConcurrentRequests();
};

void TestSideRequestsAndCache::sendRequestStoresTheResponseForExpressions() {
    const auto pipeline = compiled(R"x(<policies>
<inbound>
  <send-request mode="new" response-variable-name="tokenstate" timeout="@(5 + 5)" ignore-error="false">
    <set-url>https://login.contoso.example/introspect</set-url>
    <set-method>POST</set-method>
    <set-header name="Content-Type" exists-action="override"><value>application/x-www-form-urlencoded</value></set-header>
    <set-header name="Authorization" exists-action="override"><value>@("Basic " + "c3ZjOnB3")</value></set-header>
    <set-body>@($"token={context.Request.Headers.GetValueOrDefault("Authorization", "").Split(' ').Last()}")</set-body>
  </send-request>
  <choose>
    <when condition="@((bool)((IResponse)context.Variables[&quot;tokenstate&quot;]).Body.As&lt;JObject&gt;()[&quot;active&quot;] == false)">
      <return-response><set-status code="401" reason="Unauthorized"/></return-response>
    </when>
  </choose>
  <set-header name="X-Subject" exists-action="override"><value>@(((IResponse)context.Variables["tokenstate"]).Body.As&lt;JObject&gt;()["sub"].ToString())</value></set-header>
  <set-header name="X-Introspected" exists-action="override"><value>@(((IResponse)context.Variables["tokenstate"]).StatusCode + " " + ((IResponse)context.Variables["tokenstate"]).Headers.GetValueOrDefault("X-Seen-Url", ""))</value></set-header>
</inbound>
<backend><forward-request/></backend>
</policies>)x");
    MemoryContext context;
    context.request.headers = {{"Authorization", "Bearer good-token"}};
    context.sideBackend = introspection;
    runPipeline(pipeline, context, [](MemoryContext& c) { c.resetResponse(); });
    QCOMPARE(context.sideRequests.size(), std::size_t(1));
    const HttpWork& sent = context.sideRequests.front();
    QCOMPARE(sent.method, std::string("POST"));
    QCOMPARE(sent.url, std::string("https://login.contoso.example/introspect"));
    QCOMPARE(sent.body, std::string("token=good-token"));
    QCOMPARE(sent.timeout, std::chrono::milliseconds(10'000));
    QCOMPARE(header(sent.headers, "Content-Type"),
             std::string("application/x-www-form-urlencoded"));
    QCOMPARE(header(sent.headers, "Authorization"), std::string("Basic c3ZjOnB3"));
    QCOMPARE(context.status, 200);
    QCOMPARE(header(context.request, "X-Subject"), std::string("svc-7"));
    QCOMPARE(header(context.request, "X-Introspected"),
             std::string("200 https://login.contoso.example/introspect"));
}

void TestSideRequestsAndCache::sendRequestInactiveTokenAnswers401() {
    const auto pipeline = compiled(R"x(<policies>
<inbound>
  <send-request response-variable-name="tokenstate">
    <set-url>https://login.contoso.example/introspect</set-url>
    <set-method>POST</set-method>
    <set-body>@("token=" + context.Request.Headers.GetValueOrDefault("Authorization", ""))</set-body>
  </send-request>
  <choose>
    <when condition="@(!(bool)((IResponse)context.Variables[&quot;tokenstate&quot;]).Body.As&lt;JObject&gt;()[&quot;active&quot;])">
      <return-response><set-status code="401" reason="Unauthorized"/></return-response>
    </when>
  </choose>
</inbound>
<backend><forward-request/></backend>
</policies>)x");
    MemoryContext context;
    context.request.headers = {{"Authorization", "bad-token"}};
    context.sideBackend = introspection;
    runPipeline(pipeline, context);
    QCOMPARE(context.status, 401);
    QVERIFY(!context.forwarded);
}

void TestSideRequestsAndCache::sendRequestCopyStartsFromTheCurrentRequest() {
    const auto pipeline = compiled(R"x(<policies>
<inbound>
  <send-request mode="copy" response-variable-name="mirror" timeout="3">
    <set-url>@("https://audit.contoso.example" + context.Request.Url.Path)</set-url>
    <set-header name="X-Audit" exists-action="override"><value>yes</value></set-header>
    <set-header name="Cookie" exists-action="delete"/>
    <set-header name="X-Keep" exists-action="skip"><value>replaced</value></set-header>
  </send-request>
</inbound>
<backend><forward-request/></backend>
</policies>)x");
    QVERIFY(pipeline.section(Section::Inbound).front()->readsBody());
    MemoryContext context;
    context.requestMethod = "PUT";
    context.path = "/orders/1";
    context.request.headers = {{"Cookie", "a=b"}, {"X-Keep", "original"}, {"Accept", "*/*"}};
    context.request.body = "payload";
    context.sideBackend = [](const HttpWork&) {
        return AwaitOutcome{std::nullopt, HttpOutcome{204, "No Content", {}, {}}, {}};
    };
    runPipeline(pipeline, context);
    const HttpWork& sent = context.sideRequests.at(0);
    QCOMPARE(sent.method, std::string("PUT"));
    QCOMPARE(sent.url, std::string("https://audit.contoso.example/orders/1"));
    QCOMPARE(sent.body, std::string("payload"));
    QCOMPARE(header(sent.headers, "Cookie"), std::string());
    QCOMPARE(header(sent.headers, "X-Keep"), std::string("original"));
    QCOMPARE(header(sent.headers, "Accept"), std::string("*/*"));
    QCOMPARE(header(sent.headers, "X-Audit"), std::string("yes"));
    QCOMPARE(sent.timeout, std::chrono::milliseconds(3'000));
}

void TestSideRequestsAndCache::sendRequestFailureRunsOnErrorUnlessIgnored() {
    const std::string document = R"x(<policies>
<inbound>
  <send-request response-variable-name="r" ignore-error="IGNORE">
    <set-url>https://down.contoso.example/</set-url>
  </send-request>
  <set-header name="X-Got" exists-action="override"><value>@(context.Variables["r"] == null ? "null" : "response")</value></set-header>
</inbound>
<backend><forward-request/></backend>
<on-error><set-header name="X-Failed" exists-action="override"><value>@(context.LastError.Source + "/" + context.LastError.Reason)</value></set-header></on-error>
</policies>)x";
    auto strict = document;
    strict.replace(strict.find("IGNORE"), 6, "false");
    MemoryContext failing;
    runPipeline(compiled(strict), failing);
    QCOMPARE(failing.status, 500);
    QCOMPARE(header(failing.response, "X-Failed"),
             std::string("send-request/BackendConnectionFailure"));

    auto lenient = document;
    lenient.replace(lenient.find("IGNORE"), 6, "true");
    MemoryContext ignoring;
    runPipeline(compiled(lenient), ignoring, [](MemoryContext& c) { c.resetResponse(); });
    QCOMPARE(ignoring.status, 200);
    QCOMPARE(header(ignoring.request, "X-Got"), std::string("null"));
}

void TestSideRequestsAndCache::sendOneWayRequestDoesNotWaitForAnAnswer() {
    const auto pipeline = compiled(R"x(<policies>
<outbound>
  <send-one-way-request mode="new">
    <set-url>https://hooks.contoso.example/notify</set-url>
    <set-method>POST</set-method>
    <set-body>@("status=" + context.Response.StatusCode)</set-body>
  </send-one-way-request>
</outbound>
</policies>)x");
    MemoryContext context; // no side backend: the hook is unreachable, which must not matter
    runPipeline(pipeline, context, [](MemoryContext& c) { c.resetResponse(); });
    QCOMPARE(context.sideRequests.size(), std::size_t(1));
    QCOMPARE(context.sideRequests[0].body, std::string("status=200"));
    QCOMPARE(context.status, 200);
}

void TestSideRequestsAndCache::returnResponseCanReturnAStoredResponse() {
    const auto pipeline = compiled(R"x(<policies>
<inbound>
  <send-request response-variable-name="cached">
    <set-url>https://profiles.contoso.example/me</set-url>
  </send-request>
  <return-response response-variable-name="cached">
    <set-header name="X-From" exists-action="override"><value>profiles</value></set-header>
  </return-response>
</inbound>
<backend><forward-request/></backend>
</policies>)x");
    MemoryContext context;
    context.sideBackend = [](const HttpWork&) {
        return AwaitOutcome{
            std::nullopt,
            HttpOutcome{203, "Non-Authoritative", {{"Content-Type", "text/plain"}}, "me"},
            {}};
    };
    runPipeline(pipeline, context);
    QVERIFY(!context.forwarded);
    QCOMPARE(context.status, 203);
    QCOMPARE(context.response.body, std::string("me"));
    QCOMPARE(header(context.response, "Content-Type"), std::string("text/plain"));
    QCOMPARE(header(context.response, "X-From"), std::string("profiles"));
}

void TestSideRequestsAndCache::sendRequestRefusesBadSettings_data() {
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("code");
    QTest::newRow("no url") << R"x(<send-request response-variable-name="r"/>)x"_q
                            << "PT3205"_q;
    QTest::newRow("no variable")
        << "<send-request><set-url>https://a.example/</set-url></send-request>"_q
        << "PT3201"_q;
    QTest::newRow("certificate as bytes")
        << R"x(<send-request response-variable-name="r"><set-url>https://a.example/</set-url><authentication-certificate body="MIIB" password="p"/></send-request>)x"_q
        << "PT3402"_q;
    QTest::newRow("expression in the variable name")
        << R"x(<send-request response-variable-name="@(&quot;r&quot;)"><set-url>https://a.example/</set-url></send-request>)x"_q
        << "PT3401"_q;
}

void TestSideRequestsAndCache::sendRequestRefusesBadSettings() {
    QFETCH(QString, policy);
    QFETCH(QString, code);
    model::DiagnosticList diagnostics;
    QVERIFY(!compileDocument(inSection("inbound", policy.toStdString()), diagnostics));
    QVERIFY(diagnostics.hasErrors());
    QCOMPARE(QString::fromStdString(diagnostics.items().front().code), code);
}

void TestSideRequestsAndCache::cacheStoreLookupAndRemoveValues() {
    const auto store = compiled(inSection("inbound", R"x(
<cache-store-value key="@(&quot;profile-&quot; + context.Request.Headers.GetValueOrDefault(&quot;X-User&quot;, &quot;&quot;))" value="@(new JObject(new JProperty(&quot;tier&quot;, &quot;gold&quot;)))" duration="@(60 * 5)" caching-type="internal"/>
<cache-store-value key="greeting" value="hello" duration="30"/>)x"));
    const auto lookup = compiled(inSection("inbound", R"x(
<cache-lookup-value key="@(&quot;profile-&quot; + context.Request.Headers.GetValueOrDefault(&quot;X-User&quot;, &quot;&quot;))" variable-name="profile"/>
<cache-lookup-value key="greeting" variable-name="greeting" caching-type="prefer-external"/>
<set-header name="X-Tier" exists-action="override"><value>@(((JObject)context.Variables["profile"])["tier"].ToString())</value></set-header>)x"));
    const auto remove = compiled(inSection("inbound", R"x(<cache-remove-value key="greeting"/>)x"));

    MemoryContext first;
    first.request.headers = {{"X-User", "ada"}};
    runPipeline(store, first, [](MemoryContext& c) { c.resetResponse(); });
    QCOMPARE(ValueCache::shared().size(), std::size_t(2));

    MemoryContext second; // another request sees what the first stored
    second.request.headers = {{"X-User", "ada"}};
    runPipeline(lookup, second, [](MemoryContext& c) { c.resetResponse(); });
    QCOMPARE(second.variableText("greeting"), std::string("hello"));
    QCOMPARE(header(second.request, "X-Tier"), std::string("gold"));

    MemoryContext third;
    runPipeline(remove, third, [](MemoryContext& c) { c.resetResponse(); });
    QCOMPARE(ValueCache::shared().size(), std::size_t(1));
    QVERIFY(!ValueCache::shared().lookup("greeting"));
}

void TestSideRequestsAndCache::cacheLookupMissUsesTheDefaultOrLeavesTheVariableUnset() {
    const auto pipeline = compiled(inSection("inbound", R"x(
<cache-lookup-value key="missing" default-value="@(42)" variable-name="withDefault"/>
<cache-lookup-value key="missing" variable-name="withoutDefault"/>)x"));
    MemoryContext context;
    runPipeline(pipeline, context, [](MemoryContext& c) { c.resetResponse(); });
    QVERIFY(context.variable("withDefault"));
    QCOMPARE(context.variable("withDefault")->type(), expr::Ty::Int);
    QVERIFY(!context.variable("withoutDefault"));
}

void TestSideRequestsAndCache::valueCacheExpiresEntries() {
    ValueCache cache(10, 1u << 20);
    const auto start = ValueCache::Clock::now();
    cache.store("k", expr::Value::string("v"), std::chrono::seconds(5), start);
    QVERIFY(cache.lookup("k", start + std::chrono::seconds(4)));
    QVERIFY(!cache.lookup("k", start + std::chrono::seconds(5)));
    QCOMPARE(cache.size(), std::size_t(0));
    cache.store("zero", expr::Value::string("v"), std::chrono::seconds(0), start);
    QVERIFY(!cache.lookup("zero", start));
}

void TestSideRequestsAndCache::valueCacheEvictsLeastRecentlyUsedWithinItsBounds() {
    ValueCache cache(3, 1u << 20);
    for (const char* key : {"a", "b", "c"})
        cache.store(key, expr::Value::string(key), std::chrono::seconds(60));
    QVERIFY(cache.lookup("a")); // a is now the most recently used
    cache.store("d", expr::Value::string("d"), std::chrono::seconds(60));
    QCOMPARE(cache.size(), std::size_t(3));
    QVERIFY(!cache.lookup("b"));
    QVERIFY(cache.lookup("a") && cache.lookup("c") && cache.lookup("d"));

    ValueCache small(100, 1000);
    small.store("big", expr::Value::string(std::string(2000, 'x')), std::chrono::seconds(60));
    QVERIFY(!small.lookup("big")); // larger than the whole cache: not kept
    for (int i = 0; i < 20; ++i)
        small.store("k" + std::to_string(i), expr::Value::string(std::string(100, 'x')),
                    std::chrono::seconds(60));
    QVERIFY(small.bytes() <= 1000);
    QVERIFY(small.lookup("k19"));
    QVERIFY(!small.lookup("k0"));
}

void TestSideRequestsAndCache::valueCacheKeepsDetachedCopiesOfJson() {
    ValueCache cache(10, 1u << 20);
    auto original = expr::makeJson(nlohmann::json{{"n", 1}});
    cache.store("j", original, std::chrono::seconds(60));
    original.asJson()->value()["n"] = 2; // the request changes its object afterwards
    auto first = cache.lookup("j");
    QCOMPARE(first->asJson()->value()["n"].get<int>(), 1);
    first->asJson()->value()["n"] = 3; // and a reader changes what it got
    QCOMPARE(cache.lookup("j")->asJson()->value()["n"].get<int>(), 1);
}

// Context objects point into their request, and a Random or a hash object would be shared,
// unsynchronised, by every request that looks it up: none of them is kept, and the policy says
// why. Lists are copied like JSON.
void TestSideRequestsAndCache::valueCacheRefusesValuesBoundToTheirRequest() {
    ValueCache cache(10, 1u << 20);
    const auto headers = expr::Value::object(expr::Ty::StringMap, {});
    QVERIFY(!cache.store("h", headers, std::chrono::seconds(60)));
    QVERIFY(!cache.store("l",
                         expr::Value::list(std::make_shared<expr::ValueList>(
                             expr::ValueList{expr::Value::integer(1), headers})),
                         std::chrono::seconds(60)));
    QCOMPARE(cache.size(), std::size_t(0));
    auto items = std::make_shared<expr::ValueList>(expr::ValueList{expr::Value::integer(1)});
    QVERIFY(cache.store("list", expr::Value::list(items), std::chrono::seconds(60)));
    (*items)[0] = expr::Value::integer(2); // the request changes its array afterwards
    QCOMPARE(cache.lookup("list")->asList()->front().asInt(), std::int64_t(1));

    const auto pipeline = compiled(R"x(<policies>
<inbound>
  <cache-store-value key="r" value="@(new Random(1))" duration="60"/>
</inbound>
<backend><forward-request/></backend>
<on-error><set-header name="X-Failed" exists-action="override"><value>@(context.LastError.Reason + ": " + context.LastError.Message)</value></set-header></on-error>
</policies>)x");
    MemoryContext context;
    runPipeline(pipeline, context);
    QCOMPARE(context.status, 500);
    QCOMPARE(header(context.response, "X-Failed"),
             std::string("ValueNotCacheable: A value of type 'Random' belongs to its request and "
                         "cannot be cached: cache strings, numbers, booleans, dates, GUIDs, byte "
                         "arrays, URLs, JSON or arrays of them."));
    QVERIFY(!ValueCache::shared().lookup("r"));
}

void TestSideRequestsAndCache::valueCacheIsSafeUnderConcurrentRequests() {
    ValueCache cache(500, 1u << 20);
    std::vector<std::thread> threads;
    std::atomic<int> hits{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 2000; ++i) {
                const std::string key = "k" + std::to_string((i * 7 + t) % 800);
                cache.store(key, expr::Value::integer(i), std::chrono::seconds(60));
                if (cache.lookup(key))
                    ++hits;
                if (i % 13 == 0)
                    cache.remove(key);
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    QVERIFY(cache.size() <= 500);
    QVERIFY(hits.load() > 0);
}

QTEST_GUILESS_MAIN(TestSideRequestsAndCache)
#include "test_side_requests_and_cache.moc"
