#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace portico::throttle {

// Milliseconds since the Unix epoch. Wall-clock time, because quota periods start at a calendar
// instant (first-period-start) and replicas sharing Redis must agree on window boundaries.
using Millis = std::int64_t;

class Clock {
public:
    virtual ~Clock() = default;
    virtual Millis now() const = 0;
};

class SystemClock final : public Clock {
public:
    Millis now() const override {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
    static const SystemClock& instance() {
        static const SystemClock clock;
        return clock;
    }
};

// A clock tests move by hand; safe to read from many threads.
class ManualClock final : public Clock {
public:
    explicit ManualClock(Millis start = 1'700'000'000'000)
        : m_now(start) {}
    Millis now() const override { return m_now.load(std::memory_order_relaxed); }
    void set(Millis at) { m_now.store(at, std::memory_order_relaxed); }
    void advance(Millis by) { m_now.fetch_add(by, std::memory_order_relaxed); }

private:
    std::atomic<Millis> m_now;
};

} // namespace portico::throttle
