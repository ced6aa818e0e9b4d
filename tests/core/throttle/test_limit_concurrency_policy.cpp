#include "../policy/memory_context.h"
#include "../policy/policy_test_support.h"

#include "core/policy/pipeline_run.h"
#include "core/throttle/local_store.h"
#include "core/throttle/throttling.h"

#include <QtTest>

#include <map>

using namespace portico;
using namespace portico::policy;
using namespace portico::policy::test;

namespace {

// limit-concurrency around the forward, as APIM's own example has it.
std::string backendLimit(const std::string& key, const std::string& maxCount,
                         const std::string& body = "<forward-request timeout=\"5\"/>") {
    return inSection("backend", "<limit-concurrency key=\"" + key + "\" max-count=\"" + maxCount +
                                    "\">" + body + "</limit-concurrency>");
}

// One request driven by hand: it stops where the backend is called, so the test decides when
// (and how) the enclosed policies finish.
struct InFlight {
    std::unique_ptr<MemoryContext> context = std::make_unique<MemoryContext>();
    std::unique_ptr<PipelineRun> run;

    InFlight(const CompiledPipeline& pipeline, const std::string& tenant) {
        context->request.headers.emplace_back("X-Tenant", tenant);
        run = std::make_unique<PipelineRun>(pipeline, *context);
    }
    // True when the run now waits for the backend (it entered the policy).
    bool start() {
        return run->advance() == PipelineRun::State::Awaiting &&
               std::holds_alternative<ForwardWork>(run->awaited());
    }
    void finish(std::optional<PolicyError> failure = std::nullopt) {
        run->complete({std::move(failure), std::nullopt, {}});
        while (run->advance() == PipelineRun::State::Awaiting)
            run->complete(context->perform(run->awaited(), {}));
    }
};

} // namespace

class TestLimitConcurrencyPolicy : public QObject {
    Q_OBJECT

    std::shared_ptr<throttle::Throttling> m_throttling;
    std::map<std::string, int> m_throttled;

    std::int64_t inFlight(const std::string& tenant) const {
        return m_throttling->limiter().inFlight("limit-concurrency|" + tenant);
    }

private Q_SLOTS:
    void init() {
        m_throttled.clear();
        m_throttling = std::make_shared<throttle::Throttling>(
            std::make_shared<throttle::LocalCounterStore>(throttle::LocalStoreOptions{}));
        m_throttling->setThrottledHook([this](std::string_view policy, std::string_view) {
            ++m_throttled[std::string(policy)];
        });
        throttle::installThrottling(m_throttling);
    }

    void admitsMaxCountAndRefusesTheNextWith429() {
        const auto pipeline = compiled(backendLimit(
            "@(context.Request.Headers.GetValueOrDefault(&quot;X-Tenant&quot;,&quot;&quot;))",
            "2"));
        InFlight first(pipeline, "a"), second(pipeline, "a"), third(pipeline, "a");
        QVERIFY(first.start());
        QVERIFY(second.start());
        QCOMPARE(inFlight("a"), 2);
        QVERIFY(!third.start());
        QCOMPARE(third.context->status, 429);
        QCOMPARE(third.context->response.body,
                 std::string(R"x({"statusCode":429,"message":"Too many concurrent requests. No )x"
                             R"x(more than 2 may run at once; try again later."})x"));
        QCOMPARE(third.context->lastError->source, std::string("limit-concurrency"));
        QCOMPARE(third.context->lastError->reason, std::string("ConcurrencyLimitExceeded"));
        QVERIFY(!third.context->forwarded); // the backend never saw it
        QCOMPARE(m_throttled["limit-concurrency"], 1);
        QCOMPARE(inFlight("a"), 2); // a refused request holds nothing
    }

    void keysAreCountedApart() {
        const auto pipeline = compiled(backendLimit(
            "@(context.Request.Headers.GetValueOrDefault(&quot;X-Tenant&quot;,&quot;&quot;))",
            "1"));
        InFlight a(pipeline, "a"), b(pipeline, "b");
        QVERIFY(a.start());
        QVERIFY(b.start());
        QCOMPARE(inFlight("a"), 1);
        QCOMPARE(inFlight("b"), 1);
    }

    void theSlotIsReleasedWhenTheEnclosedPoliciesFinish() {
        const auto pipeline = compiled(backendLimit("fixed", "1"));
        InFlight first(pipeline, "a");
        QVERIFY(first.start());
        QCOMPARE(inFlight("fixed"), 1);
        first.finish();
        QCOMPARE(first.context->status, 200);
        QCOMPARE(inFlight("fixed"), 0);
        QCOMPARE(m_throttling->limiter().keys(), std::size_t(0)); // no idle key left behind
        InFlight next(pipeline, "a");
        QVERIFY(next.start());
    }

    void theSlotIsReleasedWhenTheBackendFails() {
        const auto pipeline = compiled(backendLimit("fixed", "1"));
        InFlight first(pipeline, "a");
        QVERIFY(first.start());
        first.finish(
            PolicyError{"forward-request", "BackendConnectionFailure", "refused", "", 502});
        QCOMPARE(first.context->status, 502);
        QCOMPARE(inFlight("fixed"), 0);
    }

    void theSlotIsReleasedWhenTheRequestIsAbandoned() {
        // A client that goes away: the host drops the run and the context mid-backend-call.
        const auto pipeline = compiled(backendLimit("fixed", "1"));
        auto gone = std::make_unique<InFlight>(pipeline, "a");
        QVERIFY(gone->start());
        QCOMPARE(inFlight("fixed"), 1);
        gone.reset();
        QCOMPARE(inFlight("fixed"), 0);
    }

    void theSlotIsReleasedWhenARetryInsideGivesUp() {
        // The retry declines the failure, which leaves the limit on its way to on-error: the slot
        // is back before the request ends.
        const auto pipeline = compiled(backendLimit(
            "fixed", "1",
            "<retry condition=\"@(false)\" count=\"1\" interval=\"0\"><forward-request/></retry>"));
        InFlight first(pipeline, "a");
        QVERIFY(first.start());
        first.finish(PolicyError{"forward-request", "Timeout", "timed out", "", 504});
        QCOMPARE(first.context->status, 504);
        QCOMPARE(inFlight("fixed"), 0);
    }

    void theSlotIsReleasedWhenAPolicyInsideFails() {
        const auto pipeline = compiled(
            inSection("inbound",
                      "<limit-concurrency key=\"fixed\" max-count=\"1\"><rate-limit-by-key "
                      "calls=\"0\" renewal-period=\"60\" counter-key=\"k\"/></limit-concurrency>"));
        auto context = std::make_unique<MemoryContext>();
        runPipeline(pipeline, *context);
        QCOMPARE(context->status, 429);
        QCOMPARE(context->lastError->source, std::string("rate-limit-by-key"));
        QCOMPARE(inFlight("fixed"), 0);
    }

    void refusesBadSettingsAtTheirPosition_data() {
        QTest::addColumn<QString>("policy");
        QTest::addColumn<QString>("expected");
        QTest::newRow("max-count zero") << R"x(<limit-concurrency key="k" max-count="0"/>)x"_q
                                        << "policy.xml:3:39: error: PT3203"_q;
        QTest::newRow("max-count expression")
            << R"x(<limit-concurrency key="k" max-count="@(3)"/>)x"_q
            << "PT3401"_q;
        QTest::newRow("no key") << R"x(<limit-concurrency max-count="3"/>)x"_q
                                << "key"_q;
    }

    void refusesBadSettingsAtTheirPosition() {
        QFETCH(QString, policy);
        QFETCH(QString, expected);
        model::DiagnosticList diagnostics;
        QVERIFY(!compileDocument(inSection("inbound", policy.toStdString()), diagnostics));
        QVERIFY2(describe(diagnostics).contains(expected), qPrintable(describe(diagnostics)));
    }
};

QTEST_GUILESS_MAIN(TestLimitConcurrencyPolicy)
#include "test_limit_concurrency_policy.moc"
