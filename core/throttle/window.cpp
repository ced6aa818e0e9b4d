#include "core/throttle/window.h"

#include <algorithm>

namespace portico::throttle {

namespace {

__extension__ using Wide = __int128; // limit × period overflows 64 bits for year-long quotas

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    const auto q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

Wide floorDiv(Wide a, Wide b) {
    const Wide q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

} // namespace

std::int64_t windowIndex(const Window& window, Millis now) {
    const Millis origin = window.kind == WindowKind::Fixed ? window.anchor : 0;
    return floorDiv(now - origin, std::max<Millis>(window.period, 1));
}

Millis windowStart(const Window& window, std::int64_t index) {
    const Millis origin = window.kind == WindowKind::Fixed ? window.anchor : 0;
    return origin + index * std::max<Millis>(window.period, 1);
}

std::int64_t available(const Window& window, Millis now, std::int64_t current,
                       std::int64_t previous, std::int64_t limit) {
    if (window.kind == WindowKind::Fixed || previous <= 0)
        return limit - current;
    const Wide period = std::max<Millis>(window.period, 1);
    const Millis elapsed = now - windowStart(window, windowIndex(window, now));
    // floor((limit·P − previous·(P − elapsed)) / P) − current, in integers so that admission is
    // exact at bucket boundaries.
    const Wide numerator = Wide(limit) * period - Wide(previous) * (period - elapsed);
    return static_cast<std::int64_t>(floorDiv(numerator, period)) - current;
}

Millis waitFor(const Window& window, Millis now, std::int64_t current, std::int64_t previous,
               std::int64_t limit, std::int64_t count) {
    const Millis period = std::max<Millis>(window.period, 1);
    const Millis start = windowStart(window, windowIndex(window, now));
    const Millis toNext = start + period - now;
    if (available(window, now, current, previous, limit) >= count)
        return 0;
    if (window.kind == WindowKind::Fixed || count > limit)
        return toNext;
    // Admissible at bucket offset e when weight·(P − e) ≤ (limit − used − count)·P.
    auto offsetWhen = [&](std::int64_t weight, std::int64_t used) -> Millis {
        if (weight <= 0)
            return 0;
        const Wide room = Wide(limit - used - count) * period;
        const Wide offset = Wide(period) - floorDiv(room, Wide(weight));
        return static_cast<Millis>(std::clamp<Wide>(offset, 0, period));
    };
    if (current + count <= limit) {
        const Millis at = offsetWhen(previous, current);
        return std::max<Millis>(start + at - now, 1);
    }
    // The current bucket becomes the previous one; nothing is counted in the new bucket yet.
    return toNext + offsetWhen(current, 0);
}

std::int64_t ceilSeconds(Millis wait) {
    return std::max<std::int64_t>(1, (wait + 999) / 1000);
}

} // namespace portico::throttle
