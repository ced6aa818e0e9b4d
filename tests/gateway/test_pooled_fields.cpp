#include "core/gateway/detail/pooled_fields.h"

#include <QtTest>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

using namespace portico::gateway::detail;

// Header fields in blocks each worker thread keeps: they must behave as Beast's own fields, and
// the memory they keep must stay bounded.
class TestPooledFields : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aFreedBlockServesTheNextOfItsSizeClass();
    void blocksOverTheLargestGoToTheHeap();
    void keepsNoMoreThanFourMiBPerThread();
    void aBlockGivenBackOnAnotherThreadStaysThere();
    void fieldsReadEditAndMoveAsBeastFieldsDo();
    void aHeadStringTakesTheBlockOfTheLastOne();
};

void TestPooledFields::aFreedBlockServesTheNextOfItsSizeClass() {
    void* first = FieldBlocks::take(100);
    std::memset(first, 'x', 100);
    const auto before = FieldBlocks::keptBytes();
    FieldBlocks::give(first, 100);
    QCOMPARE(FieldBlocks::keptBytes(), before + 128); // 100 bytes round up to 4 x 32
    void* next = FieldBlocks::take(97);               // the same size class
    QCOMPARE(next, first);
    QCOMPARE(FieldBlocks::keptBytes(), before);
    void* other = FieldBlocks::take(129); // the next class up: a block of its own
    QVERIFY(other != first);
    FieldBlocks::give(next, 97);
    FieldBlocks::give(other, 129);
}

void TestPooledFields::blocksOverTheLargestGoToTheHeap() {
    const auto before = FieldBlocks::keptBytes();
    void* large = FieldBlocks::take(FieldBlocks::kLargest + 1);
    std::memset(large, 'y', FieldBlocks::kLargest + 1);
    FieldBlocks::give(large, FieldBlocks::kLargest + 1);
    QCOMPARE(FieldBlocks::keptBytes(), before);
}

void TestPooledFields::keepsNoMoreThanFourMiBPerThread() {
    std::vector<void*> blocks;
    for (int i = 0; i < 3000; ++i) // 12 MiB in use at once
        blocks.push_back(FieldBlocks::take(FieldBlocks::kLargest));
    for (void* block : blocks)
        FieldBlocks::give(block, FieldBlocks::kLargest);
    QVERIFY(FieldBlocks::keptBytes() <= 4u << 20);
    QVERIFY(FieldBlocks::keptBytes() >= (4u << 20) - FieldBlocks::kLargest);
}

void TestPooledFields::aBlockGivenBackOnAnotherThreadStaysThere() {
    void* block = FieldBlocks::take(64);
    const auto here = FieldBlocks::keptBytes();
    std::size_t there = 0;
    std::thread other([&] {
        FieldBlocks::give(FieldBlocks::take(1), 1); // the thread's lists exist
        FieldBlocks::give(block, 64);
        there = FieldBlocks::keptBytes();
    });
    other.join();
    QCOMPARE(FieldBlocks::keptBytes(), here);
    QVERIFY(there >= 64);
}

void TestPooledFields::fieldsReadEditAndMoveAsBeastFieldsDo() {
    Request<http::empty_body> request{http::verb::get, "/orders/7", 11};
    request.set(http::field::host, "backend.example");
    request.insert("Authorization", "Bearer " + std::string(2000, 't'));
    request.insert("X-Custom", "one");
    request.insert("x-custom", "two");
    request.erase(http::field::host);
    QCOMPARE(std::distance(request.begin(), request.end()), 3);
    const auto custom = request.equal_range("X-CUSTOM");
    QCOMPARE(std::distance(custom.first, custom.second), 2);
    QCOMPARE(std::string(request["authorization"]).size(), std::size_t(2007));

    Response<http::string_body> response;
    Fields headers;
    headers.set("X-Moved", "yes");
    static_cast<Fields&>(response) = std::move(headers);
    QCOMPARE(std::string(response["x-moved"]), std::string("yes"));
}

void TestPooledFields::aHeadStringTakesTheBlockOfTheLastOne() {
    const void* memory = nullptr;
    {
        PooledString head(1200, 'h'); // a head carrying a token
        memory = head.data();
    }
    PooledString next;
    next.reserve(1190); // with its terminator in the same size class, 1,185 to 1,216 bytes
    QCOMPARE(static_cast<const void*>(next.data()), memory);
}

QTEST_APPLESS_MAIN(TestPooledFields)
#include "test_pooled_fields.moc"
