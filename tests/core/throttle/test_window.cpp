#include "core/throttle/window.h"

#include <QTest>

#include <vector>

using namespace portico::throttle;

namespace {
constexpr Millis kMinute = 60'000;
const Window kSliding{WindowKind::Sliding, kMinute, 0};
} // namespace

class TestThrottleWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fixedWindowsStartAtTheirAnchor() {
        const Window w{WindowKind::Fixed, 3'600'000, 1'000'000};
        QCOMPARE(windowIndex(w, 1'000'000), 0);
        QCOMPARE(windowIndex(w, 1'000'000 + 3'599'999), 0);
        QCOMPARE(windowIndex(w, 1'000'000 + 3'600'000), 1);
        QCOMPARE(windowIndex(w, 999'999), -1);
        QCOMPARE(windowStart(w, 2), 1'000'000 + 2 * 3'600'000);
        QCOMPARE(slotsPerWindow(w), 1);
    }

    void slidingWindowsCountInWholeSecondSlots_data() {
        QTest::addColumn<qint64>("period");
        QTest::addColumn<qint64>("slot");
        QTest::addColumn<qint64>("slots");
        QTest::newRow("1 s") << qint64(1'000) << qint64(1'000) << qint64(1);
        QTest::newRow("60 s") << qint64(60'000) << qint64(1'000) << qint64(60);
        QTest::newRow("61 s") << qint64(61'000) << qint64(2'000) << qint64(30);
        QTest::newRow("90 s") << qint64(90'000) << qint64(2'000) << qint64(45);
        QTest::newRow("300 s") << qint64(300'000) << qint64(5'000) << qint64(60);
    }

    void slidingWindowsCountInWholeSecondSlots() {
        QFETCH(qint64, period);
        QFETCH(qint64, slot);
        QFETCH(qint64, slots);
        const Window w{WindowKind::Sliding, period, 0};
        QCOMPARE(slotLength(w), slot);
        QCOMPARE(slotsPerWindow(w), slots);
        QVERIFY(slot * slots <= period); // a call never counts longer than the period
    }

    void aCallCountsUntilItsSlotFallsOut() {
        const std::vector<SlotCount> slots{{600, 3}};
        QCOMPARE(used(kSliding, 600'500, slots), 3);
        QCOMPARE(used(kSliding, 659'999, slots), 3);
        QCOMPARE(used(kSliding, 660'000, slots), 0);
        QVERIFY(!inWindow(kSliding, 600'500, 601)); // a future slot never counts
    }

    void waitEndsWhenTheOldestSlotsFallOut_data() {
        QTest::addColumn<qint64>("now");
        QTest::addColumn<qint64>("count");
        QTest::addColumn<qint64>("wait");
        // 4 calls at 600 s, 6 at 630 s, limit 10.
        QTest::newRow("one more") << qint64(640'300) << qint64(1) << qint64(19'700);
        QTest::newRow("five more") << qint64(640'300) << qint64(5) << qint64(49'700);
        QTest::newRow("more than the limit") << qint64(640'300) << qint64(11) << qint64(59'700);
        QTest::newRow("fits now") << qint64(661'000) << qint64(4) << qint64(0);
    }

    // The wait is the first millisecond at which the call fits, not one earlier, and never
    // more than the period.
    void waitEndsWhenTheOldestSlotsFallOut() {
        QFETCH(qint64, now);
        QFETCH(qint64, count);
        QFETCH(qint64, wait);
        const std::vector<SlotCount> slots{{600, 4}, {630, 6}};
        const Millis got = waitFor(kSliding, now, slots, 10, count);
        QCOMPARE(got, wait);
        QVERIFY(got <= kMinute);
        if (count <= 10 && got > 0) {
            QVERIFY(used(kSliding, now + got, slots) + count <= 10);
            QVERIFY(used(kSliding, now + got - 1, slots) + count > 10);
        }
    }

    void retryAfterNeverExceedsThePeriod() {
        // A full window refused at every millisecond offset of a second.
        for (Millis offset = 0; offset < 1'000; offset += 7) {
            const Millis now = 10 * kMinute + offset;
            const std::vector<SlotCount> slots{{windowIndex(kSliding, now), 100}};
            const Millis wait = waitFor(kSliding, now, slots, 100, 1);
            QVERIFY(wait > 0 && wait <= kMinute);
            QCOMPARE(ceilSeconds(wait), 60);
        }
    }

    void fixedWindowWaitIsUntilRenewal() {
        const Window w{WindowKind::Fixed, 3'600'000, 0};
        const std::vector<SlotCount> slots{{0, 10}};
        QCOMPARE(waitFor(w, 1'000, slots, 10, 1), 3'599'000);
    }

    void secondsRoundUpAndNeverReachZero_data() {
        QTest::addColumn<qint64>("wait");
        QTest::addColumn<qint64>("seconds");
        QTest::newRow("0") << qint64(0) << qint64(1);
        QTest::newRow("1 ms") << qint64(1) << qint64(1);
        QTest::newRow("1000 ms") << qint64(1000) << qint64(1);
        QTest::newRow("1001 ms") << qint64(1001) << qint64(2);
        QTest::newRow("59.5 s") << qint64(59'500) << qint64(60);
    }

    void secondsRoundUpAndNeverReachZero() {
        QFETCH(qint64, wait);
        QFETCH(qint64, seconds);
        QCOMPARE(ceilSeconds(wait), seconds);
    }
};

QTEST_GUILESS_MAIN(TestThrottleWindow)
#include "test_window.moc"
