#pragma once

#include "core/throttle/clock.h"

#include <cstdint>
#include <span>

namespace portico::throttle {

enum class WindowKind {
    // Rate limits: calls are counted in slots of whole seconds (at most kMaxSlots a window); a
    // call stops counting when its slot falls out of the window, at most one period after it
    // was made (see docs/throttling.md).
    Sliding,
    // Quotas: back-to-back periods starting at `anchor` (first-period-start); one slot each.
    Fixed,
};

struct Window {
    WindowKind kind = WindowKind::Sliding;
    Millis period = 60'000;
    Millis anchor = 0; // Fixed only
};

// Slots a sliding window is cut into at most: the memory a busy key takes and the Redis script's
// work grow with it.
inline constexpr std::int64_t kMaxSlots = 60;

// A sliding window's slot: one second, or whole seconds when the period is over kMaxSlots
// seconds. A fixed window's slot is the period itself.
Millis slotLength(const Window& window);
// Slots that count at any time: period / slotLength (rounded down), at least 1.
std::int64_t slotsPerWindow(const Window& window);

// Which slot `now` falls in (floor division, so instants before `anchor` work too).
std::int64_t windowIndex(const Window& window, Millis now);
Millis windowStart(const Window& window, std::int64_t index);

struct SlotCount {
    std::int64_t index = 0;
    std::int64_t count = 0;
};

// Whether calls counted in slot `index` still count at `now`.
bool inWindow(const Window& window, Millis now, std::int64_t index);

// Calls counted at `now`; slots that have fallen out are ignored.
std::int64_t used(const Window& window, Millis now, std::span<const SlotCount> slots);

// Milliseconds from `now` until `count` more calls fit under `limit` if nothing else is counted
// meanwhile: the instant enough of the oldest slots have fallen out. Never more than one period.
// `slots` are ordered oldest first.
Millis waitFor(const Window& window, Millis now, std::span<const SlotCount> slots,
               std::int64_t limit, std::int64_t count);

// Whole seconds, rounded up, never below 1: a client retrying after that long is admitted.
std::int64_t ceilSeconds(Millis wait);

} // namespace portico::throttle
