#include "core/throttle/local_store.h"
#include "core/throttle/redis_store.h"

#include "redis_server.h"

#include <QTest>

#include <atomic>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

using namespace portico::throttle;

namespace {

constexpr Millis kMinute = 60'000;
const Window kSliding{WindowKind::Sliding, kMinute, 0};

struct Log {
    std::mutex mutex;
    std::vector<std::string> lines;
    std::function<void(std::string_view)> sink() {
        return [this](std::string_view line) {
            std::lock_guard lock(mutex);
            lines.emplace_back(line);
        };
    }
    bool contains(std::string_view text) {
        std::lock_guard lock(mutex);
        for (const auto& l : lines)
            if (l.find(text) != std::string::npos)
                return true;
        return false;
    }
};

} // namespace

class TestRedisCounterStore : public QObject {
    Q_OBJECT

    RedisServer m_redis;
    int m_prefix = 0;

    RedisStoreOptions options(const Clock* clock, FailureMode failure = FailureMode::Open) {
        RedisStoreOptions o;
        o.endpoint.host = "127.0.0.1";
        o.endpoint.port = m_redis.port();
        o.clock = clock;
        o.failure = failure;
        o.keyPrefix = "test" + std::to_string(++m_prefix) + ":";
        o.backoffInitial = 50;
        o.backoffMax = 200;
        o.log = [](std::string_view) {};
        return o;
    }

    static bool waitFor(const std::function<bool()>& condition, int ms = 5'000) {
        for (int waited = 0; waited < ms; waited += 20) {
            if (condition())
                return true;
            QTest::qWait(20);
        }
        return condition();
    }

private Q_SLOTS:
    void initTestCase() {
        if (!RedisServer::available())
            QSKIP("redis-server is not installed");
        QVERIFY(m_redis.start());
    }

    void tenThousandConcurrentCallsAgainstALimitOfHundredAdmitExactlyHundred() {
        ManualClock clock(100 * kMinute);
        RedisCounterStore store(options(&clock));
        QVERIFY(store.connected());
        std::atomic<int> admitted{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 16; ++t)
            threads.emplace_back([&, t] {
                for (int i = t; i < 10'000; i += 16)
                    if (store.acquire("sub-1", kSliding, 100, 1).admitted)
                        ++admitted;
            });
        for (auto& t : threads)
            t.join();
        QCOMPARE(admitted.load(), 100);
        QCOMPARE(store.failures(), std::uint64_t(0));
    }

    void twoReplicasSharingALimitAdmitExactlyTheLimitWhenBothSaturate() {
        ManualClock clock(200 * kMinute);
        auto o = options(&clock);
        RedisCounterStore a(o);
        RedisCounterStore b(o);
        std::atomic<int> admitted{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t)
            threads.emplace_back([&, t] {
                auto& store = t % 2 ? a : b;
                for (int i = 0; i < 1'500; ++i)
                    if (store.acquire("api-key", kSliding, 1'000, 1).admitted)
                        ++admitted;
            });
        for (auto& t : threads)
            t.join();
        QCOMPARE(admitted.load(), 1'000);
    }

    // A replica still holding spare calls when its slot ends hands them back. They must be room
    // for its own next call (not denied before the background thread returns them) and for a
    // replica that Redis denied earlier in the window (which asks again once its slot ends).
    void callsHandedBackWhenASlotEndsAreAdmittedByEitherReplica() {
        ManualClock clock(250 * kMinute);
        auto o = options(&clock);
        RedisCounterStore a(o);
        RedisCounterStore b(o);
        auto drain = [](RedisCounterStore& store) {
            int admitted = 0;
            for (int denials = 0; denials < 2;) {
                if (store.acquire("handed-back", kSliding, 100, 1).admitted) {
                    ++admitted;
                } else {
                    ++denials;
                    store.flush(); // a top-up in flight may still bring calls
                }
            }
            return admitted;
        };
        QVERIFY(a.acquire("handed-back", kSliding, 100, 1).admitted); // a keeps 12 spare calls
        int admitted = 1 + drain(b);
        QCOMPARE(admitted, 100 - 12);

        clock.advance(1'000);
        const auto own = a.acquire("handed-back", kSliding, 100, 1);
        QVERIFY2(own.admitted, "a's own spare calls were not room for its next call");
        ++admitted;
        const auto other = b.acquire("handed-back", kSliding, 100, 1);
        QVERIFY2(other.admitted, "b did not ask Redis again after its slot ended");
        ++admitted;
        admitted += drain(a) + drain(b);
        QCOMPARE(admitted, 100);
    }

    void hotPathRarelyWaitsForRedis() {
        ManualClock clock(300 * kMinute);
        RedisCounterStore store(options(&clock));
        int admitted = 0;
        for (int i = 0; i < 5'000; ++i) {
            if (store.acquire("busy", kSliding, 100'000, 1).admitted)
                ++admitted;
            if (i % 50 == 0)
                QTest::qWait(1); // let the background thread top the lease up
        }
        QCOMPARE(admitted, 5'000);
        qInfo("round trips on the request path: %llu of 5000 calls",
              static_cast<unsigned long long>(store.syncRoundTrips()));
        QVERIFY(store.syncRoundTrips() < 5'000 / 20);
    }

    void retryAfterMatchesTheLocalStore() {
        ManualClock clock(400 * kMinute + 15'250);
        RedisCounterStore shared(options(&clock));
        LocalCounterStore local({.clock = &clock});
        for (int i = 0; i < 10; ++i) {
            QVERIFY(shared.acquire("k", kSliding, 10, 1).admitted);
            QVERIFY(local.acquire("k", kSliding, 10, 1).admitted);
        }
        const auto s = shared.acquire("k", kSliding, 10, 1);
        const auto l = local.acquire("k", kSliding, 10, 1);
        QVERIFY(!s.admitted);
        QCOMPARE(s.wait, l.wait);
        QCOMPARE(s.wait, 59'750); // the second of the 10 calls falls out of the window
    }

    void denialsNeedNoRoundTripUntilTheCallCouldFit() {
        ManualClock clock(450 * kMinute);
        RedisCounterStore store(options(&clock));
        for (int i = 0; i < 10; ++i)
            QVERIFY(store.acquire("k", kSliding, 10, 1).admitted);
        const auto first = store.acquire("k", kSliding, 10, 1);
        QVERIFY(!first.admitted);
        const auto trips = store.syncRoundTrips();
        for (int i = 0; i < 1'000; ++i) {
            const auto d = store.acquire("k", kSliding, 10, 1);
            QVERIFY(!d.admitted);
            QCOMPARE(d.wait, first.wait);
        }
        QCOMPARE(store.syncRoundTrips(), trips);
        clock.advance(first.wait);
        QVERIFY(store.acquire("k", kSliding, 10, 1).admitted);
    }

    void quotaWindowsRenewAtTheirPeriodStartAcrossReplicas() {
        const Millis anchor = 500 * kMinute;
        const Window w{WindowKind::Fixed, 60 * kMinute, anchor};
        ManualClock clock(anchor + 59 * kMinute);
        auto o = options(&clock);
        RedisCounterStore a(o);
        RedisCounterStore b(o);
        int admitted = 0;
        for (int i = 0; i < 40; ++i)
            admitted += (i % 2 ? a : b).acquire("quota", w, 30, 1).admitted ? 1 : 0;
        QCOMPARE(admitted, 30);
        const auto denied = a.acquire("quota", w, 30, 1);
        QVERIFY(!denied.admitted);
        QCOMPARE(denied.wait, kMinute);
        clock.advance(kMinute);
        QVERIFY(b.acquire("quota", w, 30, 1).admitted);
    }

    void bandwidthAddsReachTheOtherReplica() {
        const Window w{WindowKind::Fixed, 60 * kMinute, 0};
        ManualClock clock(600 * kMinute);
        auto o = options(&clock);
        RedisCounterStore a(o);
        RedisCounterStore b(o);
        a.add("bytes", w, 700);
        a.add("bytes", w, 400);
        a.flush();
        QVERIFY(!b.check("bytes", w, 1'000, 0).admitted);
        QVERIFY(b.check("bytes", w, 2'000, 0).admitted);
    }

    // The measurement: two replicas share 1,000 calls a minute under uneven load that
    // exceeds the limit; over ten minutes they admit what one exact store would, within 2 %.
    void twoReplicasStayWithinTwoPercentOfOneExactStore() {
        ManualClock clock(700 * kMinute);
        auto o = options(&clock);
        RedisCounterStore a(o);
        RedisCounterStore b(o);
        LocalCounterStore exact({.clock = &clock});
        std::mt19937 random(42);
        std::int64_t shared = 0;
        std::int64_t reference = 0;
        std::int64_t offered = 0;
        // 3,000 calls a minute (50 a second), 70 % through replica a.
        for (int step = 0; step < 10 * 60 * 50; ++step) {
            clock.advance(20);
            auto& replica = random() % 10 < 7 ? a : b;
            ++offered;
            shared += replica.acquire("tenant", kSliding, 1'000, 1).admitted ? 1 : 0;
            reference += exact.acquire("tenant", kSliding, 1'000, 1).admitted ? 1 : 0;
            if (step % 25 == 0)
                QTest::qWait(1);
        }
        const double error = std::abs(double(shared - reference)) / double(reference);
        qInfo("offered %lld, one exact store admitted %lld, two replicas admitted %lld "
              "(%.2f %% apart), %llu + %llu request-path round trips",
              static_cast<long long>(offered), static_cast<long long>(reference),
              static_cast<long long>(shared), 100 * error,
              static_cast<unsigned long long>(a.syncRoundTrips()),
              static_cast<unsigned long long>(b.syncRoundTrips()));
        QVERIFY(error <= 0.02);
    }

    void outageFailsOpenWithAMetricAndALogLineThenReconnects() {
        RedisServer redis;
        QVERIFY(redis.start());
        ManualClock clock(800 * kMinute);
        Log log;
        auto o = options(&clock, FailureMode::Open);
        o.endpoint.port = redis.port();
        o.log = log.sink();
        RedisCounterStore store(o);
        QVERIFY(store.connected());

        std::atomic<bool> stop{false};
        std::atomic<int> admitted{0};
        std::atomic<int> denied{0};
        std::thread load([&] {
            while (!stop.load()) {
                if (store.acquire("k", kSliding, 1'000'000, 1).admitted)
                    ++admitted;
                else
                    ++denied;
            }
        });
        QTest::qWait(200);
        redis.kill(); // mid-load
        QVERIFY(waitFor([&] { return store.failures() > 100; }));
        QVERIFY(!store.connected());
        QVERIFY(waitFor([&] { return log.contains("lost Redis"); }));
        QVERIFY(log.contains("failing open"));
        QCOMPARE(denied.load(), 0);

        QVERIFY(redis.start(redis.port()));
        QVERIFY(waitFor([&] { return store.connected(); }));
        QVERIFY(waitFor([&] { return log.contains("answers again"); }));
        const auto failuresAfter = store.failures();
        QTest::qWait(200);
        stop = true;
        load.join();
        QCOMPARE(store.failures(), failuresAfter); // counting through Redis again
        QCOMPARE(denied.load(), 0);
    }

    void outageFailsClosedWhenConfigured() {
        RedisServer redis;
        QVERIFY(redis.start());
        ManualClock clock(900 * kMinute);
        Log log;
        auto o = options(&clock, FailureMode::Closed);
        o.endpoint.port = redis.port();
        o.log = log.sink();
        RedisCounterStore store(o);
        QVERIFY(store.acquire("k", kSliding, 1'000'000, 1).admitted);
        redis.kill();
        bool sawDenial = false;
        for (int i = 0; i < 100'000 && !sawDenial; ++i) {
            const auto d = store.acquire("k", kSliding, 1'000'000, 1);
            if (!d.admitted) {
                sawDenial = true;
                QVERIFY(d.storeUnavailable);
                QVERIFY(d.wait >= 1'000);
            }
        }
        QVERIFY(sawDenial);
        QVERIFY(store.failures() > 0);
        QVERIFY(waitFor([&] { return log.contains("failing closed"); }));
    }

    void unreachableAtStartupFailsOpenAndSaysSo() {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const auto port = probe.serverPort();
        probe.close(); // nothing listens there now
        ManualClock clock(1'000 * kMinute);
        Log log;
        auto o = options(&clock, FailureMode::Open);
        o.endpoint.port = port;
        o.log = log.sink();
        RedisCounterStore store(o);
        QVERIFY(!store.connected());
        QVERIFY(log.contains("cannot reach Redis"));
        const auto d = store.acquire("k", kSliding, 10, 1);
        QVERIFY(d.admitted);
        QVERIFY(d.storeUnavailable);
        QCOMPARE(store.failures(), std::uint64_t(1));
    }
};

QTEST_GUILESS_MAIN(TestRedisCounterStore)
#include "test_redis_store.moc"
