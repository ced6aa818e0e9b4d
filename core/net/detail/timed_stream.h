#pragma once

// Internal to core/net and core/gateway: a TCP stream with deadlines that cost no timer per
// operation.
#include "core/net/detail/asio.h"

#include <boost/asio/connect.hpp>

#include <chrono>
#include <cstddef>
#include <vector>

namespace portico::net::detail {

class DeadlineSweep;

// A TCP socket whose reads, writes, waits and connects fail with beast::error::timeout once its
// deadline has passed, as beast::tcp_stream's do. beast::tcp_stream arms a steady_timer for every
// operation and cancels it afterwards: a timer-queue insert and removal, one more completion
// through the scheduler and often a timerfd_settime call, per read and per write. Here setting a
// deadline stores a time; one sweep per io_context, ten times a second, cancels the operations of
// the streams whose deadline has passed. A timed-out stream stays open (a 408 can still go out)
// until its owner closes it; setting a new deadline makes it usable again.
//
// Single-threaded like its io_context: create, use and destroy a stream on the thread that runs
// it. Not movable: the sweep holds its address.
class TimedStream {
public:
    using Clock = std::chrono::steady_clock;
    using executor_type = Executor;
    using lowest_layer_type = Socket;

    explicit TimedStream(Socket socket);
    explicit TimedStream(const executor_type& executor);
    TimedStream(const TimedStream&) = delete;
    TimedStream& operator=(const TimedStream&) = delete;
    ~TimedStream();

    executor_type get_executor() noexcept { return m_socket.get_executor(); }
    Socket& socket() noexcept { return m_socket; }
    Socket& lowest_layer() noexcept { return m_socket; }
    const Socket& lowest_layer() const noexcept { return m_socket; }
    void close();

    void expires_after(Clock::duration timeout) { expires_at(Clock::now() + timeout); }
    void expires_at(Clock::time_point deadline) {
        m_deadline = deadline;
        m_expired = false;
    }
    void expires_never() { expires_at(Clock::time_point::max()); }

    template <class MutableBuffers, class Token>
    auto async_read_some(const MutableBuffers& buffers, Token&& token) {
        return asio::async_initiate<Token, void(beast::error_code, std::size_t)>(
            [this](auto handler, const MutableBuffers& buffers) {
                start();
                m_socket.async_read_some(buffers, Completion(*this, std::move(handler)));
            },
            token, buffers);
    }

    template <class ConstBuffers, class Token>
    auto async_write_some(const ConstBuffers& buffers, Token&& token) {
        return asio::async_initiate<Token, void(beast::error_code, std::size_t)>(
            [this](auto handler, const ConstBuffers& buffers) {
                start();
                m_socket.async_write_some(buffers, Completion(*this, std::move(handler)));
            },
            token, buffers);
    }

    template <class Token> auto async_wait(Socket::wait_type what, Token&& token) {
        return asio::async_initiate<Token, void(beast::error_code)>(
            [this](auto handler, Socket::wait_type what) {
                start();
                m_socket.async_wait(what, Completion(*this, std::move(handler)));
            },
            token, what);
    }

    // Tries the endpoints in order, as asio::async_connect does.
    template <class Token>
    auto async_connect(const std::vector<tcp::endpoint>& endpoints, Token&& token) {
        return asio::async_initiate<Token, void(beast::error_code, tcp::endpoint)>(
            [this](auto handler, const std::vector<tcp::endpoint>& endpoints) {
                start();
                asio::async_connect(m_socket, endpoints, Completion(*this, std::move(handler)));
            },
            token, endpoints);
    }

private:
    friend class DeadlineSweep;

    // Hands an operation's result on, a cancellation by the sweep as beast::error::timeout. Keeps
    // the associated executor and allocator of the handler it wraps.
    template <class Handler> class Completion {
    public:
        Completion(TimedStream& stream, Handler handler)
            : m_stream(stream)
            , m_handler(std::move(handler)) {}

        template <class... Results> void operator()(beast::error_code ec, Results&&... results) {
            m_stream.finish(ec);
            std::move(m_handler)(ec, std::forward<Results>(results)...);
        }

        using executor_type = asio::associated_executor_t<Handler, TimedStream::executor_type>;
        executor_type get_executor() const noexcept {
            return asio::get_associated_executor(m_handler, m_stream.get_executor());
        }
        using allocator_type = asio::associated_allocator_t<Handler>;
        allocator_type get_allocator() const noexcept {
            return asio::get_associated_allocator(m_handler);
        }

    private:
        TimedStream& m_stream;
        Handler m_handler;
    };

    void start() { ++m_pending; }
    void finish(beast::error_code& ec) {
        --m_pending;
        if (m_expired && ec == asio::error::operation_aborted) {
            ec = beast::error::timeout;
        }
    }
    // Called by the sweep once the deadline has passed with an operation pending.
    void expire();

    Socket m_socket;
    DeadlineSweep& m_sweep;
    Clock::time_point m_deadline = Clock::time_point::max();
    int m_pending = 0;
    bool m_expired = false;
    // The sweep's list of streams.
    TimedStream* m_previous = nullptr;
    TimedStream* m_next = nullptr;
};

} // namespace portico::net::detail
