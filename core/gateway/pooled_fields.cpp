#include "core/gateway/detail/pooled_fields.h"

#include "core/gateway/detail/block_lists.h"

#include <new>

namespace portico::gateway::detail {

namespace {

void releaseBlock(void* block) noexcept {
    ::operator delete(block);
}

using Lists = BlockLists<FieldBlocks::kLargest, 4u << 20, releaseBlock>;

// Cleared when the thread's lists are gone: a field freed later (by another thread-local's
// destructor) goes straight back to the heap.
thread_local bool t_listsAlive = false;

struct ThreadLists : Lists {
    ThreadLists() { t_listsAlive = true; }
    ~ThreadLists() { t_listsAlive = false; } // before Lists frees its blocks
};

Lists& lists() {
    thread_local ThreadLists perThread;
    return perThread;
}

} // namespace

void* FieldBlocks::take(std::size_t bytes) {
    if (bytes > kLargest) {
        return ::operator new(bytes);
    }
    const std::size_t sizeClass = Lists::classOf(bytes);
    if (void* block = lists().take(sizeClass)) {
        return block;
    }
    return ::operator new(Lists::classBytes(sizeClass));
}

void FieldBlocks::give(void* block, std::size_t bytes) noexcept {
    if (!block) {
        return;
    }
    if (bytes > kLargest || !t_listsAlive || !lists().keep(block, Lists::classOf(bytes))) {
        ::operator delete(block);
    }
}

std::size_t FieldBlocks::keptBytes() noexcept {
    return t_listsAlive ? lists().keptBytes() : 0;
}

} // namespace portico::gateway::detail
