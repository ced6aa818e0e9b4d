#pragma once

#include "core/throttle/clock.h"

#include <cstdint>

namespace portico::throttle {

// What a store answers for one counter.
struct Decision {
    bool admitted = false;
    std::int64_t limit = 0;
    // Calls still allowed in the window after this one (0 when denied).
    std::int64_t remaining = 0;
    // When denied: milliseconds until the calls would be admitted. When admitted from a fixed
    // window: milliseconds until the window renews.
    Millis wait = 0;
    // The shared store could not be reached; `admitted` then follows the failure mode.
    bool storeUnavailable = false;
};

} // namespace portico::throttle
