#pragma once

namespace portico::throttle {

// What a shared store answers while Redis cannot be reached.
enum class FailureMode {
    Open,   // admit: availability over enforcement
    Closed, // deny with 429: enforcement over availability
};

} // namespace portico::throttle
