#pragma once

#include "core/throttle/decision.h"
#include "core/throttle/request_scope.h"
#include "core/throttle/window.h"

#include <cstdint>
#include <string_view>

namespace portico::throttle {

// Counters keyed by strings the policies build (kind, period and counter key), shared by every
// request of a gateway and kept across configuration reloads.
class CounterStore {
public:
    virtual ~CounterStore() = default;

    // Counts `count` calls against `key` when they fit under `limit`; counts nothing otherwise,
    // so exactly `limit` calls are admitted however many race. When `scope` already counted
    // `key` for this request, only checks that the request (counted once) is within `limit`.
    Decision acquire(std::string_view key, const Window& window, std::int64_t limit,
                     std::int64_t count, RequestScope* scope = nullptr);

    // Whether `count` more calls would fit, counting nothing.
    virtual Decision check(std::string_view key, const Window& window, std::int64_t limit,
                           std::int64_t count) = 0;

    // Adds `amount` without checking (bandwidth measured once the response is known).
    virtual void add(std::string_view key, const Window& window, std::int64_t amount) = 0;

    virtual const Clock& clock() const = 0;

protected:
    virtual Decision tryAcquire(std::string_view key, const Window& window, std::int64_t limit,
                                std::int64_t count) = 0;
};

} // namespace portico::throttle
