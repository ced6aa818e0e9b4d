#pragma once

#include <cstddef>

namespace portico::gateway {

// Bytes in the free blocks that the gateway's operator new keeps for this thread (for tests);
// always 0 in a sanitizer build, which keeps the standard operator new.
std::size_t threadCachedNewKeptBytes() noexcept;

} // namespace portico::gateway
