#include "core/net/detail/timed_stream.h"

#include <boost/asio/steady_timer.hpp>

namespace portico::net::detail {

// One per io_context: the streams it runs, and the timer that sweeps them while there are any.
class DeadlineSweep : public asio::execution_context::service {
public:
    static asio::execution_context::id id;

    explicit DeadlineSweep(asio::execution_context& context)
        : service(context)
        , m_timer(static_cast<asio::io_context&>(context)) {}

    static DeadlineSweep& of(const TimedStream::executor_type& executor) {
        return asio::use_service<DeadlineSweep>(
            asio::query(executor, asio::execution::context_as<asio::execution_context&>));
    }

    void add(TimedStream& stream) {
        stream.m_next = m_first;
        if (m_first) {
            m_first->m_previous = &stream;
        }
        m_first = &stream;
        if (!m_ticking) {
            tick();
        }
    }

    void remove(TimedStream& stream) {
        (stream.m_previous ? stream.m_previous->m_next : m_first) = stream.m_next;
        if (stream.m_next) {
            stream.m_next->m_previous = stream.m_previous;
        }
    }

private:
    // How late a timeout may fire; Beast's per-operation timers were exact, no caller needs it.
    static constexpr std::chrono::milliseconds kPeriod{100};

    void shutdown() override {}

    void tick() {
        m_ticking = true;
        m_timer.expires_after(kPeriod);
        m_timer.async_wait([this](beast::error_code ec) {
            m_ticking = false;
            if (ec) {
                return;
            }
            sweep();
            if (m_first) {
                tick(); // an io_context without streams is left with nothing to wait for
            }
        });
    }

    void sweep() {
        const auto now = TimedStream::Clock::now();
        for (auto* stream = m_first; stream; stream = stream->m_next) {
            // Again at every sweep while overdue: an operation started on a timed-out stream
            // without a new deadline fails too, as on Beast's closed socket.
            if (stream->m_pending > 0 && stream->m_deadline <= now) {
                stream->expire(); // cancels: completions are posted, none runs in this loop
            }
        }
    }

    asio::steady_timer m_timer;
    TimedStream* m_first = nullptr;
    bool m_ticking = false;
};

asio::execution_context::id DeadlineSweep::id;

TimedStream::TimedStream(Socket socket)
    : m_socket(std::move(socket))
    , m_sweep(DeadlineSweep::of(m_socket.get_executor())) {
    m_sweep.add(*this);
}

TimedStream::TimedStream(const executor_type& executor)
    : m_socket(executor)
    , m_sweep(DeadlineSweep::of(executor)) {
    m_sweep.add(*this);
}

TimedStream::~TimedStream() {
    m_sweep.remove(*this);
}

void TimedStream::close() {
    beast::error_code ec;
    m_socket.close(ec);
}

void TimedStream::expire() {
    m_expired = true;
    beast::error_code ec;
    m_socket.cancel(ec);
}

} // namespace portico::net::detail
