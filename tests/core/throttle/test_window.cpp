#include "core/throttle/window.h"

#include <QTest>

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
    }

    void previousBucketWeighsByItsRemainingOverlap_data() {
        QTest::addColumn<qint64>("elapsed");
        QTest::addColumn<qint64>("previous");
        QTest::addColumn<qint64>("current");
        QTest::addColumn<qint64>("expected");
        // limit 100: room = floor(100 - previous·(60 − e)/60) − current
        QTest::newRow("start of bucket") << qint64(0) << qint64(60) << qint64(0) << qint64(40);
        QTest::newRow("half way") << qint64(30'000) << qint64(60) << qint64(10) << qint64(60);
        QTest::newRow("nearly over") << qint64(59'999) << qint64(60) << qint64(0) << qint64(99);
        QTest::newRow("no previous") << qint64(10'000) << qint64(0) << qint64(100) << qint64(0);
        QTest::newRow("over the limit") << qint64(0) << qint64(100) << qint64(5) << qint64(-5);
    }

    void previousBucketWeighsByItsRemainingOverlap() {
        QFETCH(qint64, elapsed);
        QFETCH(qint64, previous);
        QFETCH(qint64, current);
        QFETCH(qint64, expected);
        QCOMPARE(available(kSliding, 10 * kMinute + elapsed, current, previous, 100), expected);
    }

    void waitEndsWhenTheCallFits_data() {
        QTest::addColumn<qint64>("elapsed");
        QTest::addColumn<qint64>("previous");
        QTest::addColumn<qint64>("current");
        QTest::addColumn<qint64>("count");
        QTest::newRow("current bucket full")
            << qint64(12'345) << qint64(0) << qint64(100) << qint64(1);
        QTest::newRow("previous bucket heavy")
            << qint64(1'000) << qint64(100) << qint64(10) << qint64(1);
        QTest::newRow("both") << qint64(45'000) << qint64(80) << qint64(78) << qint64(3);
        QTest::newRow("exactly full") << qint64(0) << qint64(100) << qint64(0) << qint64(1);
    }

    // The wait is the first millisecond at which the call is admitted, not one earlier.
    void waitEndsWhenTheCallFits() {
        QFETCH(qint64, elapsed);
        QFETCH(qint64, previous);
        QFETCH(qint64, current);
        QFETCH(qint64, count);
        const Millis now = 10 * kMinute + elapsed;
        QVERIFY(available(kSliding, now, current, previous, 100) < count);
        const Millis wait = waitFor(kSliding, now, current, previous, 100, count);
        QVERIFY(wait > 0);
        auto roomAt = [&](Millis t) {
            // After a bucket boundary the current bucket becomes the previous one.
            const bool rolled = windowIndex(kSliding, t) != windowIndex(kSliding, now);
            return rolled ? available(kSliding, t, 0, current, 100)
                          : available(kSliding, t, current, previous, 100);
        };
        QVERIFY(roomAt(now + wait) >= count);
        QVERIFY(roomAt(now + wait - 1) < count);
    }

    void fixedWindowWaitIsUntilRenewal() {
        const Window w{WindowKind::Fixed, 3'600'000, 0};
        QCOMPARE(waitFor(w, 1'000, 10, 0, 10, 1), 3'599'000);
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
