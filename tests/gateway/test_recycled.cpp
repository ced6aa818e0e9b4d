#include "core/gateway/detail/recycled.h"

#include <QtTest>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using portico::gateway::detail::Recycled;
using portico::gateway::detail::ReusedString;

namespace {

// Counts its lives, and refuses to be made when asked to.
struct Tracked {
    static inline int alive = 0;
    explicit Tracked(bool fail, std::string text)
        : text(std::move(text)) {
        if (fail)
            throw std::runtime_error("refused");
        ++alive;
    }
    ~Tracked() { --alive; }
    std::string text;
    char payload[4096] = {};
};

} // namespace

// Per-request objects in memory the thread reuses: constructed and destroyed like any object.
class TestRecycled : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aDestroyedObjectsMemoryServesTheNextOne();
    void objectsAliveAtOnceHaveMemoryOfTheirOwn();
    void aConstructorThatThrowsGivesItsMemoryBack();
    void aReusedStringStartsEmptyInTheMemoryOfTheLastOne();
    void reusedStringsAliveAtOnceHaveMemoryOfTheirOwn();
    void aVeryLargeStringIsNotKept();
    void sparesStayUnderFourMiBPerThread();
};

void TestRecycled::aDestroyedObjectsMemoryServesTheNextOne() {
    const void* first = nullptr;
    {
        auto object = Recycled<Tracked>::make(false, std::string(40, 'a'));
        QCOMPARE(Tracked::alive, 1);
        object->payload[0] = 'x';
        first = object.get();
    }
    QCOMPARE(Tracked::alive, 0); // destroyed, not just parked
    auto next = Recycled<Tracked>::make(false, std::string("b"));
    QCOMPARE(static_cast<const void*>(next.get()), first);
    QCOMPARE(QString::fromStdString(next->text), QStringLiteral("b"));
    QCOMPARE(next->payload[0], '\0'); // a fresh object, whatever the block held before
}

void TestRecycled::objectsAliveAtOnceHaveMemoryOfTheirOwn() {
    auto one = Recycled<Tracked>::make(false, std::string("one"));
    auto two = Recycled<Tracked>::make(false, std::string("two"));
    QVERIFY(one.get() != two.get());
    QCOMPARE(Tracked::alive, 2);
    QCOMPARE(QString::fromStdString(one->text), QStringLiteral("one"));
}

void TestRecycled::aConstructorThatThrowsGivesItsMemoryBack() {
    const void* block = nullptr;
    {
        auto object = Recycled<Tracked>::make(false, std::string("x"));
        block = object.get();
    }
    QVERIFY_EXCEPTION_THROWN(Recycled<Tracked>::make(true, std::string("y")), std::runtime_error);
    QCOMPARE(Tracked::alive, 0);
    auto after = Recycled<Tracked>::make(false, std::string("z"));
    QCOMPARE(static_cast<const void*>(after.get()), block);
}

void TestRecycled::aReusedStringStartsEmptyInTheMemoryOfTheLastOne() {
    const char* memory = nullptr;
    {
        ReusedString head;
        head->assign(1200, 'h'); // a head carrying a token
        memory = head->data();
    }
    ReusedString next;
    QVERIFY(next->empty());
    QVERIFY(next->capacity() >= 1200);
    QCOMPARE(static_cast<const void*>(next->data()), static_cast<const void*>(memory));
}

void TestRecycled::reusedStringsAliveAtOnceHaveMemoryOfTheirOwn() {
    {
        ReusedString spare;
        spare->assign(100, 's');
    }
    ReusedString one;
    ReusedString two;
    one->assign(100, '1');
    two->assign(100, '2');
    QVERIFY(one->data() != two->data());
    QCOMPARE(one->front(), '1');
}

void TestRecycled::aVeryLargeStringIsNotKept() {
    const char* memory = nullptr;
    {
        ReusedString huge;
        huge->assign(1 << 20, 'x');
        memory = huge->data();
    }
    ReusedString next;
    QVERIFY(next->capacity() < (1u << 20));
    QVERIFY(static_cast<const void*>(next->data()) != static_cast<const void*>(memory));
}

void TestRecycled::sparesStayUnderFourMiBPerThread() {
    {
        std::vector<std::unique_ptr<ReusedString>> heads;
        for (int i = 0; i < 400; ++i) { // 400 heads of 16 KiB in flight at once: 6.25 MiB
            heads.push_back(std::make_unique<ReusedString>());
            (*heads.back())->reserve(16 * 1024);
        }
    }
    QVERIFY(ReusedString::keptBytes() <= 4u << 20);
    QVERIFY(ReusedString::keptBytes() >= (4u << 20) - 16 * 1024);
}

QTEST_APPLESS_MAIN(TestRecycled)
#include "test_recycled.moc"
