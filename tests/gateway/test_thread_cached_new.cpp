#include "app/gateway/thread_cached_new.h"

#include <QTest>

#include <cstdint>
#include <memory>
#include <new>
#include <thread>
#include <vector>

using portico::gateway::threadCachedNewKeptBytes;

namespace {

// Blocks are compared by address, taken while they are live.
std::uintptr_t addressOf(const void* block) {
    return reinterpret_cast<std::uintptr_t>(block);
}

bool alignedForAnyType(const void* block) {
    return addressOf(block) % __STDCPP_DEFAULT_NEW_ALIGNMENT__ == 0;
}

} // namespace

// The gateway's operator new, linked into this test as into the gateway: what a thread frees it
// gets back first, across threads and for every form of new and delete.
class TestThreadCachedNew : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aFreedBlockIsTheNextOneOfItsSizeClass();
    void everyFormOfNewAndDeleteGoesThroughTheLists();
    void blocksAreAlignedForAnyFundamentalType();
    void largeBlocksComeFromTheHeapAndAreNotKept();
    void aBlockFreedOnAnotherThreadServesThatThread();
    void aThreadKeepsAtMostEightMebibytes();
};

void TestThreadCachedNew::aFreedBlockIsTheNextOneOfItsSizeClass() {
    auto* first = static_cast<char*>(::operator new(100));
    first[0] = 'x';
    const auto firstAddress = addressOf(first);
    const auto before = threadCachedNewKeptBytes();
    ::operator delete(first);                           // unsized, as Asio frees its frames
    QCOMPARE(threadCachedNewKeptBytes(), before + 128); // 100 bytes round up to 4 x 32
    void* next = ::operator new(97);                    // the same class
    QCOMPARE(addressOf(next), firstAddress);
    void* other = ::operator new(129); // the next class up: a block of its own
    QVERIFY(other != next);
    ::operator delete(next, 97);
    ::operator delete(other, 129);
    QCOMPARE(threadCachedNewKeptBytes(), before + 128 + 160);
}

void TestThreadCachedNew::everyFormOfNewAndDeleteGoesThroughTheLists() {
    auto* array = new char[200];
    const auto arrayAddress = addressOf(array);
    delete[] array;
    auto* again = new char[200];
    QCOMPARE(addressOf(again), arrayAddress);
    delete[] again;

    void* quiet = ::operator new(64, std::nothrow);
    QVERIFY(quiet);
    const auto quietAddress = addressOf(quiet);
    ::operator delete(quiet, std::nothrow);
    void* quietArray = ::operator new[](50, std::nothrow); // 50 and 64 bytes share a class
    QCOMPARE(addressOf(quietArray), quietAddress);
    ::operator delete[](quietArray, std::nothrow);

    auto owned = std::make_unique<std::int64_t>(42); // sized delete
    QCOMPARE(*owned, std::int64_t{42});
}

void TestThreadCachedNew::blocksAreAlignedForAnyFundamentalType() {
    std::vector<void*> blocks;
    for (std::size_t size : {1, 7, 16, 31, 33, 100, 1000, 1024, 1025, 4096, 100000}) {
        blocks.push_back(::operator new(size));
        QVERIFY2(alignedForAnyType(blocks.back()), qPrintable(QString::number(size)));
    }
    for (void* block : blocks)
        ::operator delete(block);
}

void TestThreadCachedNew::largeBlocksComeFromTheHeapAndAreNotKept() {
    const auto before = threadCachedNewKeptBytes();
    auto* large = static_cast<char*>(::operator new(64 * 1024));
    large[64 * 1024 - 1] = 'x'; // all of it is there
    ::operator delete(large);
    QCOMPARE(threadCachedNewKeptBytes(), before);
}

void TestThreadCachedNew::aBlockFreedOnAnotherThreadServesThatThread() {
    void* block = ::operator new(300);
    const auto blockAddress = addressOf(block);
    std::uintptr_t reusedAddress = 0;
    std::size_t keptAfterFree = 0;
    std::thread other([&] {
        const auto before = threadCachedNewKeptBytes();
        ::operator delete(block);
        keptAfterFree = threadCachedNewKeptBytes() - before;
        void* reused = ::operator new(300);
        reusedAddress = addressOf(reused);
        ::operator delete(reused);
    });
    other.join();
    QCOMPARE(keptAfterFree, std::size_t{320});
    QCOMPARE(reusedAddress, blockAddress);
}

void TestThreadCachedNew::aThreadKeepsAtMostEightMebibytes() {
    std::size_t kept = 0;
    std::thread worker([&] {
        std::vector<void*> blocks(20000);
        for (auto& block : blocks)
            block = ::operator new(1000); // 20,000 x 1,024 bytes: 20 MB
        for (void* block : blocks)
            ::operator delete(block);
        kept = threadCachedNewKeptBytes();
    });
    worker.join();
    QVERIFY2(kept <= 8u << 20, qPrintable(QString::number(kept)));
    QVERIFY2(kept > (8u << 20) - 1024, qPrintable(QString::number(kept)));
}

QTEST_GUILESS_MAIN(TestThreadCachedNew)
#include "test_thread_cached_new.moc"
