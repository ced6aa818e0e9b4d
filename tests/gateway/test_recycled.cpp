#include "core/gateway/detail/recycled.h"

#include <QtTest>

#include <stdexcept>
#include <string>
#include <thread>

using portico::gateway::detail::Recycled;

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
    void anObjectOutlivingItsThreadsBlocksGoesToTheHeap();
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

// At a thread's exit, thread-locals are destroyed in the reverse order of their construction: a
// holder made before the thread's first object releases its object after the blocks are gone.
void TestRecycled::anObjectOutlivingItsThreadsBlocksGoesToTheHeap() {
    struct Holder {
        Recycled<Tracked>::Pointer object;
        std::size_t* keptAfter = nullptr;
        ~Holder() {
            object.reset(); // after the thread's blocks were destroyed
            *keptAfter = Recycled<Tracked>::keptCount();
        }
    };
    std::size_t keptAfter = 99;
    std::thread thread([&] {
        thread_local Holder holder;
        holder.keptAfter = &keptAfter;
        Recycled<Tracked>::make(false, std::string("first")).reset(); // the blocks exist now
        holder.object = Recycled<Tracked>::make(false, std::string("held"));
    });
    thread.join();
    QCOMPARE(keptAfter, std::size_t(0));
    QCOMPARE(Tracked::alive, 0);
}

QTEST_APPLESS_MAIN(TestRecycled)
#include "test_recycled.moc"
