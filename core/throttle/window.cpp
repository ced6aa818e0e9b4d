#include "core/throttle/window.h"

#include <algorithm>

namespace portico::throttle {

namespace {

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    const auto q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

Millis origin(const Window& window) {
    return window.kind == WindowKind::Fixed ? window.anchor : 0;
}

} // namespace

Millis slotLength(const Window& window) {
    const Millis period = std::max<Millis>(window.period, 1);
    if (window.kind == WindowKind::Fixed)
        return period;
    // Whole seconds, so that Retry-After (in seconds) lands where the window moves.
    const Millis seconds = (period + kMaxSlots * 1000 - 1) / (kMaxSlots * 1000);
    return std::max<Millis>(seconds, 1) * 1000;
}

std::int64_t slotsPerWindow(const Window& window) {
    if (window.kind == WindowKind::Fixed)
        return 1;
    return std::max<std::int64_t>(1, window.period / slotLength(window));
}

std::int64_t windowIndex(const Window& window, Millis now) {
    return floorDiv(now - origin(window), slotLength(window));
}

Millis windowStart(const Window& window, std::int64_t index) {
    return origin(window) + index * slotLength(window);
}

bool inWindow(const Window& window, Millis now, std::int64_t index) {
    const auto at = windowIndex(window, now);
    return index <= at && index > at - slotsPerWindow(window);
}

std::int64_t used(const Window& window, Millis now, std::span<const SlotCount> slots) {
    std::int64_t total = 0;
    for (const auto& slot : slots) {
        if (inWindow(window, now, slot.index))
            total += slot.count;
    }
    return total;
}

Millis waitFor(const Window& window, Millis now, std::span<const SlotCount> slots,
               std::int64_t limit, std::int64_t count) {
    const auto inUse = used(window, now, slots);
    if (inUse + count <= limit)
        return 0;
    const auto span = slotsPerWindow(window);
    // A slot stops counting when the slot `span` after it starts.
    auto leaves = [&](std::int64_t index) {
        return std::max<Millis>(windowStart(window, index + span) - now, 1);
    };
    std::int64_t freed = 0;
    const std::int64_t excess = inUse + count - limit;
    for (const auto& slot : slots) {
        if (!inWindow(window, now, slot.index))
            continue;
        freed += slot.count;
        if (freed >= excess)
            return leaves(slot.index);
    }
    // More than the limit at once never fits; say when the window is empty.
    return leaves(windowIndex(window, now));
}

std::int64_t ceilSeconds(Millis wait) {
    return std::max<std::int64_t>(1, (wait + 999) / 1000);
}

} // namespace portico::throttle
