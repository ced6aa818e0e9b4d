#include "core/throttle/local_store.h"

#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace portico::throttle;

namespace {
constexpr Millis kMinute = 60'000;
const Window kSliding{WindowKind::Sliding, kMinute, 0};
} // namespace

class TestLocalCounterStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tenThousandConcurrentCallsAgainstALimitOfHundredAdmitExactlyHundred() {
        ManualClock clock;
        LocalCounterStore store({.clock = &clock});
        std::atomic<int> admitted{0};
        std::atomic<int> denied{0};
        std::atomic<bool> go{false};
        std::vector<std::thread> threads;
        for (int t = 0; t < 16; ++t) {
            threads.emplace_back([&, t] {
                while (!go.load()) {
                }
                for (int i = t; i < 10'000; i += 16) {
                    if (store.acquire("sub-1", kSliding, 100, 1).admitted)
                        ++admitted;
                    else
                        ++denied;
                }
            });
        }
        go = true;
        for (auto& t : threads)
            t.join();
        QCOMPARE(admitted.load(), 100);
        QCOMPARE(denied.load(), 9'900);
    }

    void tenThousandThreadsEachCallingOnceAdmitExactlyHundred() {
        ManualClock clock;
        LocalCounterStore store({.clock = &clock});
        std::atomic<int> admitted{0};
        std::vector<std::thread> threads;
        threads.reserve(10'000);
        for (int t = 0; t < 10'000; ++t)
            threads.emplace_back([&] {
                if (store.acquire("ip-10.0.0.1", kSliding, 100, 1).admitted)
                    ++admitted;
            });
        for (auto& t : threads)
            t.join();
        QCOMPARE(admitted.load(), 100);
    }

    void deniedCallsAreNotCounted() {
        ManualClock clock(10 * kMinute);
        LocalCounterStore store({.clock = &clock});
        for (int i = 0; i < 5; ++i)
            QVERIFY(store.acquire("k", kSliding, 5, 1).admitted);
        for (int i = 0; i < 50; ++i)
            QVERIFY(!store.acquire("k", kSliding, 5, 1).admitted);
        clock.advance(kMinute - 1); // the 5 calls' second is still in the window
        QVERIFY(!store.acquire("k", kSliding, 5, 1).admitted);
        clock.advance(1); // it falls out: 5 calls fit again, not 5 − 50
        for (int i = 0; i < 5; ++i)
            QVERIFY(store.acquire("k", kSliding, 5, 1).admitted);
        QVERIFY(!store.acquire("k", kSliding, 5, 1).admitted);
    }

    void incrementCountTakesSeveralCallsAtOnce() {
        ManualClock clock(10 * kMinute);
        LocalCounterStore store({.clock = &clock});
        QVERIFY(store.acquire("k", kSliding, 10, 4).admitted);
        QVERIFY(store.acquire("k", kSliding, 10, 4).admitted);
        const auto d = store.acquire("k", kSliding, 10, 4);
        QVERIFY(!d.admitted);
        QVERIFY(store.acquire("k", kSliding, 10, 2).admitted);
    }

    void remainingCountsDownToZero() {
        ManualClock clock(10 * kMinute);
        LocalCounterStore store({.clock = &clock});
        QCOMPARE(store.acquire("k", kSliding, 3, 1).remaining, 2);
        QCOMPARE(store.acquire("k", kSliding, 3, 1).remaining, 1);
        QCOMPARE(store.acquire("k", kSliding, 3, 1).remaining, 0);
        QCOMPARE(store.acquire("k", kSliding, 3, 1).remaining, 0);
    }

    void retryAfterIsExactToTheSecond() {
        ManualClock clock(10 * kMinute + 15'300);
        LocalCounterStore store({.clock = &clock});
        for (int i = 0; i < 4; ++i)
            QVERIFY(store.acquire("k", kSliding, 10, 1).admitted);
        clock.advance(20'000);
        for (int i = 0; i < 6; ++i)
            QVERIFY(store.acquire("k", kSliding, 10, 1).admitted);
        const auto d = store.acquire("k", kSliding, 10, 1);
        QVERIFY(!d.admitted);
        // The first 4 calls' second (615 s) falls out of the window at 675 s: 39.7 s from now.
        QCOMPARE(d.wait, 39'700);
        QCOMPARE(ceilSeconds(d.wait), 40);
        clock.advance(d.wait - 1);
        QVERIFY(!store.acquire("k", kSliding, 10, 1).admitted);
        clock.advance(1);
        for (int i = 0; i < 4; ++i)
            QVERIFY(store.acquire("k", kSliding, 10, 1).admitted);
        const auto next = store.acquire("k", kSliding, 10, 1);
        QVERIFY(!next.admitted);
        QCOMPARE(next.wait, 20'000); // the 6 calls of 635 s go at 695 s
    }

    void retryAfterNeverExceedsThePeriod() {
        // The case the two-bucket window answered 86 s for: a window full from its first
        // second, refused near the end of it.
        ManualClock clock(10 * kMinute);
        LocalCounterStore store({.clock = &clock});
        for (int i = 0; i < 100; ++i)
            QVERIFY(store.acquire("k", kSliding, 100, 1).admitted);
        for (Millis at = 0; at < kMinute; at += 997) {
            const auto d = store.acquire("k", kSliding, 100, 1);
            QVERIFY(!d.admitted);
            QVERIFY2(d.wait > 0 && d.wait <= kMinute, std::to_string(d.wait).c_str());
            QCOMPARE(d.wait, kMinute - at);
            clock.advance(997);
        }
    }

    void requestScopeCountsASharedKeyOnce() {
        ManualClock clock(10 * kMinute);
        LocalCounterStore store({.clock = &clock});
        RequestScope scope;
        QVERIFY(store.acquire("k", kSliding, 5, 1, &scope).admitted);
        QVERIFY(store.acquire("k", kSliding, 5, 1, &scope).admitted);
        QVERIFY(store.acquire("k", kSliding, 5, 1, &scope).admitted);
        // Three policies, one count: four more calls fit.
        for (int i = 0; i < 4; ++i)
            QVERIFY(store.acquire("k", kSliding, 5, 1).admitted);
        QVERIFY(!store.acquire("k", kSliding, 5, 1).admitted);
    }

    void requestScopeStillEnforcesTheSmallerLimitOfASecondPolicy() {
        ManualClock clock(10 * kMinute);
        LocalCounterStore store({.clock = &clock});
        for (int i = 0; i < 3; ++i)
            QVERIFY(store.acquire("k", kSliding, 10, 1).admitted);
        RequestScope scope;
        QVERIFY(store.acquire("k", kSliding, 10, 1, &scope).admitted); // 4th call counted
        QVERIFY(!store.acquire("k", kSliding, 3, 1, &scope).admitted); // 4 > 3
        QVERIFY(store.acquire("k", kSliding, 4, 1, &scope).admitted);  // 4 ≤ 4
    }

    void checkCountsNothing() {
        ManualClock clock(10 * kMinute);
        LocalCounterStore store({.clock = &clock});
        for (int i = 0; i < 10; ++i)
            QVERIFY(store.check("k", kSliding, 2, 1).admitted);
        QVERIFY(store.acquire("k", kSliding, 2, 2).admitted);
        QVERIFY(!store.check("k", kSliding, 2, 1).admitted);
    }

    void fixedWindowsRenewAtTheirPeriodStart() {
        const Millis anchor = 1'000'000;
        const Window w{WindowKind::Fixed, 3'600'000, anchor};
        ManualClock clock(anchor + 3'500'000);
        LocalCounterStore store({.clock = &clock});
        auto first = store.acquire("q", w, 2, 1);
        QVERIFY(first.admitted);
        QCOMPARE(first.wait, 100'000); // renewal in 100 s
        QVERIFY(store.acquire("q", w, 2, 1).admitted);
        const auto denied = store.acquire("q", w, 2, 1);
        QVERIFY(!denied.admitted);
        QCOMPARE(denied.wait, 100'000);
        clock.advance(99'999);
        QVERIFY(!store.acquire("q", w, 2, 1).admitted);
        clock.advance(1);
        // A fixed window forgets the previous period entirely.
        QVERIFY(store.acquire("q", w, 2, 1).admitted);
        QVERIFY(store.acquire("q", w, 2, 1).admitted);
    }

    void addCountsWithoutCheckingAndLaterCallsSeeIt() {
        const Window w{WindowKind::Fixed, 3'600'000, 0};
        ManualClock clock(0);
        LocalCounterStore store({.clock = &clock});
        store.add("bw", w, 900);
        QVERIFY(store.check("bw", w, 1000, 100).admitted);
        store.add("bw", w, 200);
        QVERIFY(!store.check("bw", w, 1000, 0).admitted);
    }

    void idleKeysAreDropped() {
        ManualClock clock(10 * kMinute);
        LocalCounterStore store({.clock = &clock});
        for (int i = 0; i < 100; ++i)
            store.acquire("k" + std::to_string(i), kSliding, 10, 1);
        QCOMPARE(store.size(), std::size_t(100));
        clock.advance(kMinute - 1);
        store.dropIdle(); // their second is still in the window
        QCOMPARE(store.size(), std::size_t(100));
        clock.advance(1);
        store.dropIdle();
        QCOMPARE(store.size(), std::size_t(0));
    }

    void aFloodOfDistinctKeysStaysWithinTheCap() {
        ManualClock clock(10 * kMinute);
        LocalCounterStore store({.maxKeys = 4'096, .shards = 16, .clock = &clock});
        // One key per client address of a /8's first 2^17 addresses.
        for (std::uint32_t i = 0; i < (1u << 17); ++i) {
            const std::string ip = "10." + std::to_string((i >> 16) & 255) + "." +
                                   std::to_string((i >> 8) & 255) + "." + std::to_string(i & 255);
            QVERIFY(store.acquire(ip, kSliding, 10, 1).admitted);
        }
        QVERIFY(store.size() <= store.capacity());
        QVERIFY(store.capacity() >= 4'096 && store.capacity() < 4'096 + 16);
        QCOMPARE(store.evictions(), (1u << 17) - store.size());
    }

    void recentlyUsedKeysSurviveEviction() {
        ManualClock clock(10 * kMinute);
        LocalCounterStore store({.maxKeys = 8, .shards = 1, .clock = &clock});
        for (int i = 0; i < 5; ++i)
            QVERIFY(store.acquire("hot", kSliding, 5, 1).admitted);
        for (int i = 0; i < 100; ++i) {
            store.acquire("cold" + std::to_string(i), kSliding, 5, 1);
            QVERIFY(!store.acquire("hot", kSliding, 5, 1).admitted); // touched, so kept
        }
    }

    void idleKeysGoBeforeLiveOnesWhenFull() {
        ManualClock clock(10 * kMinute);
        LocalCounterStore store({.maxKeys = 4, .shards = 1, .clock = &clock});
        for (int i = 0; i < 4; ++i)
            store.acquire("old" + std::to_string(i), kSliding, 5, 1);
        clock.advance(2 * kMinute);
        for (int i = 0; i < 2; ++i)
            store.acquire("new" + std::to_string(i), kSliding, 5, 1);
        QCOMPARE(store.evictions(), std::uint64_t(0)); // idle ones were simply dropped
    }
};

QTEST_GUILESS_MAIN(TestLocalCounterStore)
#include "test_local_store.moc"
