#include "core/throttle/concurrency_limiter.h"

#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace portico::throttle;

class TestConcurrencyLimiter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void admitsUpToMaxCountAndReleasesOnScopeExit() {
        ConcurrencyLimiter limiter;
        {
            auto a = limiter.tryEnter("k", 2);
            auto b = limiter.tryEnter("k", 2);
            QVERIFY(a && b);
            QVERIFY(!limiter.tryEnter("k", 2));
            QVERIFY(limiter.tryEnter("other", 2)); // keys are independent
            QCOMPARE(limiter.inFlight("k"), 2);
        }
        QCOMPARE(limiter.inFlight("k"), 0);
        QCOMPARE(limiter.keys(), std::size_t(0)); // nothing kept for idle keys
        QVERIFY(limiter.tryEnter("k", 2));
    }

    void movedSlotReleasesOnce() {
        ConcurrencyLimiter limiter;
        auto a = limiter.tryEnter("k", 1);
        ConcurrencyLimiter::Slot b = std::move(a);
        QVERIFY(!a);
        QVERIFY(b);
        QCOMPARE(limiter.inFlight("k"), 1);
        b = {};
        QCOMPARE(limiter.inFlight("k"), 0);
    }

    void neverExceedsMaxCountUnderContention() {
        ConcurrencyLimiter limiter;
        std::atomic<int> inside{0};
        std::atomic<int> peak{0};
        std::atomic<int> admitted{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t)
            threads.emplace_back([&] {
                for (int i = 0; i < 2'000; ++i) {
                    auto slot = limiter.tryEnter("k", 3);
                    if (!slot)
                        continue;
                    ++admitted;
                    const int now = ++inside;
                    int seen = peak.load();
                    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
                    }
                    --inside;
                }
            });
        for (auto& t : threads)
            t.join();
        QVERIFY(peak.load() <= 3);
        QVERIFY(admitted.load() > 0);
        QCOMPARE(limiter.inFlight("k"), 0);
    }
};

QTEST_GUILESS_MAIN(TestConcurrencyLimiter)
#include "test_concurrency_limiter.moc"
