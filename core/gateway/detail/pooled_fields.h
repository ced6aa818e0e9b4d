#pragma once

// Internal to core/gateway: the header fields of the messages the proxy reads, edits and sends,
// and the heads it writes, in memory each worker thread keeps. Beast allocates every field on its
// own: a request and its answer cost a dozen or more blocks, and a field carrying a token is over
// glibc's 1 KiB large-chunk size, which makes malloc consolidate its fast bins first.
#include "core/net/detail/asio.h"

#include <cstddef>
#include <iterator>
#include <string>

namespace portico::gateway::detail {

// Per-thread free lists of blocks in size classes of 32 bytes up to kLargest; larger blocks go
// to the heap. Each thread keeps at most 4 MiB of free blocks. A block may be given back on
// another thread than the one that took it: it then joins that thread's lists.
class FieldBlocks {
public:
    static constexpr std::size_t kLargest = 4096;
    static void* take(std::size_t bytes);
    static void give(void* block, std::size_t bytes) noexcept;
    // Bytes in free blocks on this thread (for tests).
    static std::size_t keptBytes() noexcept;
};

template <class T> class PooledAllocator {
public:
    using value_type = T;

    PooledAllocator() noexcept = default;
    template <class U> PooledAllocator(const PooledAllocator<U>&) noexcept {}

    T* allocate(std::size_t n) { return static_cast<T*>(FieldBlocks::take(n * sizeof(T))); }
    void deallocate(T* block, std::size_t n) noexcept { FieldBlocks::give(block, n * sizeof(T)); }

    template <class U> bool operator==(const PooledAllocator<U>&) const noexcept { return true; }
};

namespace http = boost::beast::http;

using Fields = http::basic_fields<PooledAllocator<char>>;
using RequestHead = http::request_header<Fields>;
using ResponseHead = http::response_header<Fields>;
template <class Body> using Request = http::request<Body, Fields>;
template <class Body> using Response = http::response<Body, Fields>;
template <class Body> using RequestParser = http::request_parser<Body, PooledAllocator<char>>;
template <class Body> using ResponseParser = http::response_parser<Body, PooledAllocator<char>>;
// The heads written for the backend and the client, rebuilt for every request: with a token one
// is over glibc's 1 KiB large-chunk size, so it comes from the same blocks as the fields.
using PooledString = std::basic_string<char, std::char_traits<char>, PooledAllocator<char>>;

// Erases every field `erase` says yes to, in one pass in field order: cheaper than a
// case-insensitive lookup per name.
template <class Predicate> void eraseFieldsIf(Fields& fields, Predicate erase) {
    for (auto it = fields.begin(); it != fields.end();) {
        it = erase(*it) ? fields.erase(it) : std::next(it);
    }
}

} // namespace portico::gateway::detail
