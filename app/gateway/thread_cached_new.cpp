// portico-gateway's operator new and delete. Blocks of up to 1 KiB come from free lists each
// thread keeps (BlockLists, up to 8 MiB a thread), larger ones from malloc. Asio allocates a
// coroutine frame for most calls of a coroutine (five to seven a request, 170 to 940 bytes)
// and caches one per thread; with hundreds of requests in flight glibc's per-thread cache (seven
// blocks a size) overflows in every burst of completions, and malloc falls back to its shared
// bins, whose blocks are cold. Here the frame a request frees is the next request's, still in
// the cache.
//
// Each block carries its size class in a 16-byte header, so that a delete without a size (Asio
// frees frames so) finds its list; the payload stays 16-byte aligned, as malloc's is. A block may
// be freed on another thread than the one that took it: it joins that thread's lists. The aligned
// forms of new and delete are left to the standard library (aligned_alloc and free).
//
// Sanitizer builds keep the standard operator new: lists in front of the heap would hide freed
// and reused blocks from them.
#include "app/gateway/thread_cached_new.h"

#include "core/gateway/detail/block_lists.h"

#include <cstdint>
#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PORTICO_STANDARD_NEW 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||                         \
    __has_feature(memory_sanitizer)
#define PORTICO_STANDARD_NEW 1
#endif
#endif

#ifndef PORTICO_STANDARD_NEW

namespace {

using portico::gateway::detail::BlockLists;

constexpr std::size_t kHeader = 16;
constexpr std::uint64_t kFromMalloc = ~std::uint64_t{0}; // the class of a block over 1 KiB

void* headerOf(void* payload) noexcept {
    return static_cast<char*>(payload) - kHeader;
}

void releaseBlock(void* payload) noexcept {
    std::free(headerOf(payload));
}

using Lists = BlockLists<1024, 8u << 20, releaseBlock>;

// 0 before the thread's lists exist, 1 while they do, 2 once they are gone (a thread-local's
// destructor may still free memory after them, and it then goes straight to free()).
thread_local int t_listsState = 0;

struct ThreadLists : Lists {
    ThreadLists() { t_listsState = 1; }
    ~ThreadLists() { t_listsState = 2; } // before Lists frees its blocks
};

Lists* threadLists() noexcept {
    if (t_listsState == 2) {
        return nullptr;
    }
    thread_local ThreadLists lists;
    return &lists;
}

void* withHeader(void* block, std::uint64_t sizeClass) noexcept {
    if (!block) {
        return nullptr;
    }
    *static_cast<std::uint64_t*>(block) = sizeClass;
    return static_cast<char*>(block) + kHeader;
}

void* allocate(std::size_t bytes) noexcept {
    if (bytes > 1024) {
        return withHeader(std::malloc(kHeader + bytes), kFromMalloc);
    }
    const std::size_t sizeClass = Lists::classOf(bytes);
    if (Lists* lists = threadLists()) {
        if (void* block = lists->take(sizeClass)) {
            return block;
        }
    }
    return withHeader(std::malloc(kHeader + Lists::classBytes(sizeClass)), sizeClass);
}

void release(void* payload) noexcept {
    if (!payload) {
        return;
    }
    const std::uint64_t sizeClass = *static_cast<const std::uint64_t*>(headerOf(payload));
    if (sizeClass != kFromMalloc) {
        if (Lists* lists = threadLists(); lists && lists->keep(payload, sizeClass)) {
            return;
        }
    }
    std::free(headerOf(payload));
}

void* allocateOrThrow(std::size_t bytes) {
    for (;;) {
        if (void* block = allocate(bytes)) {
            return block;
        }
        const std::new_handler handler = std::get_new_handler();
        if (!handler) {
            throw std::bad_alloc();
        }
        handler();
    }
}

void* allocateOrNull(std::size_t bytes) noexcept {
    try {
        return allocateOrThrow(bytes);
    } catch (...) {
        return nullptr;
    }
}

} // namespace

void* operator new(std::size_t bytes) {
    return allocateOrThrow(bytes);
}
void* operator new[](std::size_t bytes) {
    return allocateOrThrow(bytes);
}
void* operator new(std::size_t bytes, const std::nothrow_t&) noexcept {
    return allocateOrNull(bytes);
}
void* operator new[](std::size_t bytes, const std::nothrow_t&) noexcept {
    return allocateOrNull(bytes);
}
void operator delete(void* block) noexcept {
    release(block);
}
void operator delete[](void* block) noexcept {
    release(block);
}
void operator delete(void* block, std::size_t) noexcept {
    release(block);
}
void operator delete[](void* block, std::size_t) noexcept {
    release(block);
}
void operator delete(void* block, const std::nothrow_t&) noexcept {
    release(block);
}
void operator delete[](void* block, const std::nothrow_t&) noexcept {
    release(block);
}

std::size_t portico::gateway::threadCachedNewKeptBytes() noexcept {
    const Lists* lists = threadLists();
    return lists ? lists->keptBytes() : 0;
}

#else

std::size_t portico::gateway::threadCachedNewKeptBytes() noexcept {
    return 0;
}

#endif
