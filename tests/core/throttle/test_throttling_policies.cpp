#include "../policy/memory_context.h"
#include "../policy/policy_test_support.h"

#include "core/policy/policy_compiler.h"
#include "core/policy/scope_merge.h"
#include "core/throttle/local_store.h"
#include "core/throttle/throttling.h"

#include <QtTest>

#include <map>

using namespace portico;
using namespace portico::policy;
using namespace portico::policy::test;

namespace {

constexpr throttle::Millis kMinute = 60'000;

std::optional<CompiledPipeline> compile(const std::string& inbound,
                                        model::DiagnosticList& diagnostics) {
    auto parsed = parse(inSection("inbound", inbound), diagnostics);
    if (!parsed || diagnostics.hasErrors())
        return std::nullopt;
    const auto merged = mergeScopes({nullptr, nullptr, &*parsed, nullptr}, {}, diagnostics);
    return compilePipeline(merged, {}, diagnostics);
}

std::string header(const MemoryContext::Message& message, std::string_view name) {
    for (const auto& [n, v] : message.headers)
        if (MemoryContext::sameName(n, name))
            return v;
    return {};
}

} // namespace

class TestThrottlingPolicies : public QObject {
    Q_OBJECT

    throttle::ManualClock m_clock{1000 * kMinute}; // at the start of a minute bucket
    std::shared_ptr<throttle::Throttling> m_throttling;
    std::map<std::string, int> m_throttled; // "policy|api" -> count

    CompiledPipeline compiled(const std::string& inbound) {
        model::DiagnosticList diagnostics;
        auto pipeline = compile(inbound, diagnostics);
        if (!pipeline)
            qFatal("did not compile: %s", qPrintable(describe(diagnostics)));
        return std::move(*pipeline);
    }

    // One request through the pipeline; the backend answers 200.
    std::unique_ptr<MemoryContext> call(const CompiledPipeline& pipeline,
                                        const std::string& subscription = "sub-1",
                                        const std::string& ip = "10.0.0.1") {
        auto context = std::make_unique<MemoryContext>();
        context->address = ip;
        if (!subscription.empty())
            context->facts.subscription =
                expr::SubscriptionInfo{subscription, subscription, "key", "key", "key2", {}, {}};
        context->facts.api = expr::ApiInfo{"orders", "Orders", "orders", "", ""};
        context->facts.operation = expr::OperationInfo{"get-order", "GetOrder", "GET", "/{id}"};
        runPipeline(pipeline, *context, [](MemoryContext& c) { c.resetResponse(); });
        return context;
    }

private Q_SLOTS:
    void init() {
        m_throttled.clear();
        m_throttling =
            std::make_shared<throttle::Throttling>(std::make_shared<throttle::LocalCounterStore>(
                throttle::LocalStoreOptions{.clock = &m_clock}));
        m_throttling->setThrottledHook([this](std::string_view policy, std::string_view api) {
            ++m_throttled[std::string(policy) + "|" + std::string(api)];
        });
        throttle::installThrottling(m_throttling);
        m_clock.set(1000 * kMinute);
    }

    void rateLimitByKeyAnswers429WithApimsMessageAndRetryAfter() {
        const auto pipeline = compiled(R"x(<rate-limit-by-key calls="3" renewal-period="60"
            counter-key="@(context.Request.IpAddress)" />)x");
        for (int i = 0; i < 3; ++i)
            QCOMPARE(call(pipeline)->status, 200);
        const auto refused = call(pipeline);
        QCOMPARE(refused->status, 429);
        // The 3 calls' second falls out of the window one minute after it began.
        QCOMPARE(refused->response.body,
                 std::string(R"x({"statusCode":429,"message":"Rate limit is exceeded. Try again )x"
                             R"x(in 60 seconds."})x"));
        QCOMPARE(header(refused->response, "Retry-After"), std::string("60"));
        QCOMPARE(call(pipeline, "sub-1", "10.0.0.2")->status, 200); // another key
        QCOMPARE(m_throttled["rate-limit-by-key|orders"], 1);
        m_clock.advance(59'999);
        QCOMPARE(call(pipeline)->status, 429);
        m_clock.advance(1);
        QCOMPARE(call(pipeline)->status, 200);
    }

    void rateLimitByKeyPublishesRemainingAndTotalCallsAndRetryAfterVariable() {
        const auto pipeline = compiled(R"x(<rate-limit-by-key calls="2" renewal-period="10"
            counter-key="fixed" remaining-calls-header-name="X-Remaining"
            remaining-calls-variable-name="left" total-calls-header-name="X-Total"
            retry-after-header-name="X-Retry" retry-after-variable-name="retry" />)x");
        auto first = call(pipeline);
        QCOMPARE(header(first->response, "X-Remaining"), std::string("1"));
        QCOMPARE(header(first->response, "X-Total"), std::string("2"));
        QCOMPARE(first->variable("left")->asInt(), 1);
        QCOMPARE(header(call(pipeline)->response, "X-Remaining"), std::string("0"));
        auto refused = call(pipeline);
        QCOMPARE(refused->status, 429);
        QCOMPARE(header(refused->response, "X-Retry"), std::string("10"));
        QVERIFY(header(refused->response, "Retry-After").empty());
        QCOMPARE(refused->variable("retry")->asInt(), 10);
    }

    void incrementConditionFalseLeavesTheCounterAlone() {
        const auto pipeline = compiled(R"x(<rate-limit-by-key calls="1" renewal-period="60"
            counter-key="k" increment-condition="@(context.Request.Method == &quot;POST&quot;)" />)x");
        for (int i = 0; i < 5; ++i)
            QCOMPARE(call(pipeline)->status, 200); // GETs are not counted
    }

    void incrementCountTakesSeveralCalls() {
        const auto pipeline = compiled(
            R"x(<rate-limit-by-key calls="10" renewal-period="60" counter-key="k" increment-count="4" />)x");
        QCOMPARE(call(pipeline)->status, 200);
        QCOMPARE(call(pipeline)->status, 200);
        QCOMPARE(call(pipeline)->status, 429);
    }

    void aKeySharedByTwoPoliciesIsCountedOncePerRequest() {
        const auto pipeline = compiled(
            R"x(<rate-limit-by-key calls="2" renewal-period="60" counter-key="@(context.Subscription.Id)" />
<rate-limit-by-key calls="2" renewal-period="60" counter-key="@(context.Subscription.Id)" />)x");
        QCOMPARE(call(pipeline)->status, 200);
        QCOMPARE(call(pipeline)->status, 200); // would be refused if each policy counted
        QCOMPARE(call(pipeline)->status, 429);
    }

    void rateLimitCountsPerSubscriptionWithApiAndOperationLimits() {
        const auto pipeline = compiled(R"x(<rate-limit calls="5" renewal-period="60"
            remaining-calls-header-name="X-Remaining">
  <api name="Orders" calls="3" renewal-period="60">
    <operation id="get-order" calls="2" renewal-period="60" />
  </api>
  <api id="other" calls="1" renewal-period="60" />
</rate-limit>)x");
        auto first = call(pipeline, "alice");
        QCOMPARE(first->status, 200);
        QCOMPARE(header(first->response, "X-Remaining"), std::string("1")); // the tightest
        QCOMPARE(call(pipeline, "alice")->status, 200);
        QCOMPARE(call(pipeline, "alice")->status, 429); // the operation's 2
        QCOMPARE(call(pipeline, "bob")->status, 200);   // per subscription
        QCOMPARE(m_throttled["rate-limit|orders"], 1);
    }

    void rateLimitLeavesCallsWithoutSubscriptionAlone() {
        const auto pipeline = compiled(R"x(<rate-limit calls="1" renewal-period="60" />)x");
        QCOMPARE(call(pipeline, "")->status, 200);
        QCOMPARE(call(pipeline, "")->status, 200);
    }

    void quotaAnswers403WithTheRenewalTime() {
        const auto pipeline = compiled(R"x(<quota calls="2" renewal-period="3600" />)x");
        m_clock.set(1000 * 3'600'000LL + 61'000); // 1 min 1 s into an hour period
        QCOMPARE(call(pipeline)->status, 200);
        QCOMPARE(call(pipeline)->status, 200);
        const auto refused = call(pipeline);
        QCOMPARE(refused->status, 403);
        QCOMPARE(refused->response.body,
                 std::string(R"x({"statusCode":403,"message":"Out of call volume quota. Quota )x"
                             R"x(will be replenished in 00:58:59."})x"));
        QCOMPARE(m_throttled["quota|orders"], 1);
        m_clock.set(1001 * 3'600'000LL);
        QCOMPARE(call(pipeline)->status, 200);
    }

    void quotaCountsBandwidthInKilobytes() {
        const auto pipeline = compiled(R"x(<quota bandwidth="2" renewal-period="60" />)x");
        auto big = [&] {
            auto context = std::make_unique<MemoryContext>();
            context->facts.subscription = expr::SubscriptionInfo{"s", "s", "k", "k", "k2", {}, {}};
            context->request.headers.emplace_back("Content-Length", "1500");
            runPipeline(pipeline, *context, [](MemoryContext& c) { c.resetResponse(); });
            return context->status;
        };
        QCOMPARE(big(), 200); // 2 KB counted: the volume is used up
        const auto refused = call(pipeline, "s");
        QCOMPARE(refused->status, 403);
        QVERIFY(refused->response.body.find("Out of bandwidth quota.") != std::string::npos);
    }

    void quotaBandwidthCountsTheResponseToo() {
        // APIM counts request and response bytes: each call here sends nothing and gets 3000
        // bytes (3 KB) back.
        const auto pipeline =
            compiled(R"x(<quota-by-key bandwidth="4" renewal-period="60" counter-key="bw" />)x");
        auto download = [&] {
            auto context = std::make_unique<MemoryContext>();
            runPipeline(pipeline, *context, [](MemoryContext& c) {
                c.resetResponse();
                c.response.headers.emplace_back("Content-Length", "3000");
            });
            return context;
        };
        QCOMPARE(download()->status, 200); // 3 KB counted once the response is known
        QCOMPARE(download()->status, 200); // 3 KB < 4 KB: still room; now 6 KB
        const auto refused = download();
        QCOMPARE(refused->status, 403);
        QVERIFY(refused->response.body.find("Out of bandwidth quota.") != std::string::npos);
    }

    void quotaByKeyRenewsFromFirstPeriodStartAndPrintsDays() {
        const auto pipeline = compiled(R"x(<quota-by-key calls="1" renewal-period="604800"
            counter-key="@(context.Request.IpAddress)" first-period-start="2024-01-01T00:00:00Z" />)x");
        // 2024-01-03T12:00:00Z: a weekly period starting 2024-01-01 renews in 4 d 12 h.
        m_clock.set(1'704'283'200'000LL);
        QCOMPARE(call(pipeline)->status, 200);
        const auto refused = call(pipeline);
        QCOMPARE(refused->status, 403);
        QVERIFY2(refused->response.body.find("Quota will be replenished in 4.12:00:00.") !=
                     std::string::npos,
                 refused->response.body.c_str());
        QCOMPARE(call(pipeline, "sub-1", "10.9.9.9")->status, 200);
    }

    void refusesBadSettingsAtTheirPosition_data() {
        QTest::addColumn<QString>("policy");
        QTest::addColumn<QString>("expected");
        QTest::newRow("rate period over 300")
            << R"x(<rate-limit-by-key calls="1" renewal-period="301" counter-key="k" />)x"_q
            << "policy.xml:3:46: error: PT3203"_q;
        QTest::newRow("child period over 300")
            << R"x(<rate-limit calls="1" renewal-period="60"><api name="a" calls="1" renewal-period="900" /></rate-limit>)x"_q
            << "expected 1 to 300"_q;
        QTest::newRow("api without name or id")
            << R"x(<rate-limit calls="1" renewal-period="60"><api calls="1" renewal-period="9" /></rate-limit>)x"_q
            << "needs a name or an id"_q;
        QTest::newRow("quota without limits") << R"x(<quota renewal-period="60" />)x"_q
                                              << "needs 'calls', 'bandwidth' or both"_q;
        QTest::newRow("bad first period start")
            << R"x(<quota-by-key calls="1" renewal-period="60" counter-key="k" first-period-start="yesterday" />)x"_q
            << "not a UTC time"_q;
        QTest::newRow("expression where APIM allows none")
            << R"x(<rate-limit calls="@(5)" renewal-period="60" />)x"_q
            << "PT3401"_q;
        QTest::newRow("bad header name")
            << R"x(<rate-limit calls="1" renewal-period="60" remaining-calls-header-name="a b" />)x"_q
            << "invalid HTTP header"_q;
    }

    void refusesBadSettingsAtTheirPosition() {
        QFETCH(QString, policy);
        QFETCH(QString, expected);
        model::DiagnosticList diagnostics;
        QVERIFY(!compile(policy.toStdString(), diagnostics));
        QVERIFY2(describe(diagnostics).contains(expected), qPrintable(describe(diagnostics)));
    }
};

QTEST_GUILESS_MAIN(TestThrottlingPolicies)
#include "test_throttling_policies.moc"
