#include "core/net/detail/timed_stream.h"

#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <QtTest>

#include <chrono>
#include <memory>

using namespace portico::net::detail;
using namespace std::chrono_literals;

namespace {

// A connected loopback pair: `ours` is timed, `peer` is a plain socket.
struct Pair {
    explicit Pair(asio::io_context& context)
        : acceptor(context, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0))
        , peer(context) {
        Socket client(context);
        client.connect(acceptor.local_endpoint());
        acceptor.accept(peer);
        ours = std::make_unique<TimedStream>(std::move(client));
    }
    tcp::acceptor acceptor;
    tcp::socket peer;
    std::unique_ptr<TimedStream> ours;
};

struct ReadResult {
    bool done = false;
    beast::error_code ec;
    std::size_t bytes = 0;
    std::chrono::milliseconds after{};
};

// Starts a read on `stream` that records when and how it ended.
void startRead(TimedStream& stream, char* into, ReadResult& result) {
    const auto start = std::chrono::steady_clock::now();
    stream.async_read_some(asio::buffer(into, 16),
                           [&result, start](beast::error_code ec, std::size_t n) {
                               result = {true, ec, n,
                                         std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::steady_clock::now() - start)};
                           });
}

// Runs the context until `done` holds or `limit` has passed; false on the limit.
template <class Done>
bool runUntil(asio::io_context& context, Done done, std::chrono::milliseconds limit) {
    context.restart();
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < end) {
        context.run_one_for(10ms);
    }
    return done();
}

// Reads from `stream` until the read ends or `limit` passes; `done` says whether it ended in time
// (a read still pending then is cancelled before this returns).
ReadResult readOnce(asio::io_context& context, TimedStream& stream,
                    std::chrono::milliseconds limit) {
    char buffer[16];
    ReadResult read;
    startRead(stream, buffer, read);
    const bool inTime = runUntil(
        context, [&] { return read.done; }, limit);
    if (!inTime) {
        stream.socket().cancel();
        runUntil(
            context, [&] { return read.done; }, 1000ms);
    }
    read.done = inTime;
    return read;
}

} // namespace

// Deadlines without a timer per operation: Beast's tcp_stream semantics, checked one by one.
class TestTimedStream : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aReadPastItsDeadlineFailsWithTimeout();
    void aTimedOutStreamWorksAgainUnderANewDeadline();
    void aDeadlinePassedBeforeTheReadStillApplies();
    void aTimedOutStreamFailsAgainWithoutANewDeadline();
    void withoutADeadlineAReadWaitsForItsBytes();
    void streamsComeAndGoWhileOthersTimeOut();
};

void TestTimedStream::aReadPastItsDeadlineFailsWithTimeout() {
    asio::io_context context;
    Pair pair(context);
    pair.ours->expires_after(200ms);
    const auto read = readOnce(context, *pair.ours, 1500ms);
    QVERIFY(read.done);
    QCOMPARE(read.ec, beast::error_code(beast::error::timeout));
    // Never early; at most one sweep period (100 ms) late, plus scheduling slack.
    QVERIFY2(read.after >= 200ms && read.after < 600ms,
             qPrintable(QString::number(read.after.count())));
}

void TestTimedStream::aTimedOutStreamWorksAgainUnderANewDeadline() {
    asio::io_context context;
    Pair pair(context);
    pair.ours->expires_after(50ms);
    const auto read = readOnce(context, *pair.ours, 1000ms);
    QVERIFY(read.done);
    QCOMPARE(read.ec, beast::error_code(beast::error::timeout));

    // Still open: a 408 can go out after a timed-out head.
    pair.ours->expires_after(1s);
    beast::error_code writeError = asio::error::would_block;
    asio::async_write(*pair.ours, asio::buffer(std::string_view("late")),
                      [&writeError](beast::error_code ec, std::size_t) { writeError = ec; });
    QVERIFY(runUntil(
        context, [&] { return writeError != asio::error::would_block; }, 1000ms));
    QCOMPARE(writeError, beast::error_code());
    char received[4];
    asio::read(pair.peer, asio::buffer(received));
    QCOMPARE(QByteArray(received, 4), QByteArray("late"));
}

void TestTimedStream::aDeadlinePassedBeforeTheReadStillApplies() {
    asio::io_context context;
    Pair pair(context);
    pair.ours->expires_after(20ms);
    context.run_for(200ms); // nothing pending: the deadline passes unnoticed
    const auto read = readOnce(context, *pair.ours, 1000ms);
    QVERIFY(read.done);
    QCOMPARE(read.ec, beast::error_code(beast::error::timeout));
}

void TestTimedStream::aTimedOutStreamFailsAgainWithoutANewDeadline() {
    asio::io_context context;
    Pair pair(context);
    pair.ours->expires_after(50ms);
    QCOMPARE(readOnce(context, *pair.ours, 1000ms).ec, beast::error_code(beast::error::timeout));
    // As on the socket Beast closes at a timeout: the next read fails too, it does not hang.
    const auto again = readOnce(context, *pair.ours, 1000ms);
    QVERIFY(again.done);
    QCOMPARE(again.ec, beast::error_code(beast::error::timeout));
}

void TestTimedStream::withoutADeadlineAReadWaitsForItsBytes() {
    asio::io_context context;
    Pair pair(context);
    pair.ours->expires_after(100ms);
    pair.ours->expires_never();
    char buffer[16];
    ReadResult read;
    startRead(*pair.ours, buffer, read);
    asio::steady_timer later(context, 400ms);
    later.async_wait([&pair](beast::error_code) {
        asio::write(pair.peer, asio::buffer(std::string_view("bytes")));
    });
    QVERIFY(runUntil(
        context, [&] { return read.done; }, 1500ms));
    QCOMPARE(read.ec, beast::error_code());
    QCOMPARE(QByteArray(buffer, int(read.bytes)), QByteArray("bytes"));
    QVERIFY(read.after >= 400ms);
}

void TestTimedStream::streamsComeAndGoWhileOthersTimeOut() {
    asio::io_context context;
    Pair first(context);
    auto second = std::make_unique<Pair>(context);
    Pair third(context);
    char a[16];
    char c[16];
    ReadResult firstRead;
    ReadResult thirdRead;
    first.ours->expires_after(150ms);
    third.ours->expires_after(150ms);
    startRead(*first.ours, a, firstRead);
    startRead(*third.ours, c, thirdRead);
    second.reset(); // leaves the sweep's list from its middle
    QVERIFY(runUntil(
        context, [&] { return firstRead.done && thirdRead.done; }, 1000ms));
    QCOMPARE(firstRead.ec, beast::error_code(beast::error::timeout));
    QCOMPARE(thirdRead.ec, beast::error_code(beast::error::timeout));
}

QTEST_APPLESS_MAIN(TestTimedStream)
#include "test_timed_stream.moc"
