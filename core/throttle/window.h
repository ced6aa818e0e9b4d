#pragma once

#include "core/throttle/clock.h"

#include <cstdint>

namespace portico::throttle {

enum class WindowKind {
    // Rate limits: two buckets of one period each; the previous bucket's count is weighted by
    // how much of it still overlaps the window ending now (see docs/throttling.md).
    Sliding,
    // Quotas: back-to-back periods starting at `anchor` (first-period-start).
    Fixed,
};

struct Window {
    WindowKind kind = WindowKind::Sliding;
    Millis period = 60'000;
    Millis anchor = 0; // Fixed only
};

// Which period `now` falls in (floor division, so instants before `anchor` work too).
std::int64_t windowIndex(const Window& window, Millis now);
Millis windowStart(const Window& window, std::int64_t index);

// Calls that still fit under `limit` at `now`, given the counts of the current bucket and the one
// before it (always 0 for fixed windows); negative when the window is over its limit.
std::int64_t available(const Window& window, Millis now, std::int64_t current,
                       std::int64_t previous, std::int64_t limit);

// Milliseconds from `now` until `count` calls would fit, if nothing else is counted meanwhile.
Millis waitFor(const Window& window, Millis now, std::int64_t current, std::int64_t previous,
               std::int64_t limit, std::int64_t count);

// Whole seconds, rounded up, never below 1: a client retrying after that long is admitted.
std::int64_t ceilSeconds(Millis wait);

} // namespace portico::throttle
