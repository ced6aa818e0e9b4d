#pragma once

// Internal to core/gateway: the buffers that carry bodies between client and backend.
#include "core/gateway/detail/recycled.h"

#include <array>
#include <cstddef>

namespace portico::gateway::detail {

inline constexpr std::size_t kRelayBufferSize = 64 * 1024;
using RelayBuffer = std::array<char, kRelayBufferSize>;

// A relay buffer lent for one relay from the worker thread's recycled ones: one in a coroutine
// frame would cost a 64 KiB allocation (and fresh pages) per request, one per connection would
// make idle connections heavy. Not zeroed: it is about to be overwritten.
inline Recycled<RelayBuffer>::Pointer lendRelayBuffer() {
    return Recycled<RelayBuffer>::make();
}

} // namespace portico::gateway::detail
