#include "core/gateway/detail/pooled_fields.h"

#include <array>
#include <new>

namespace portico::gateway::detail {

namespace {

constexpr std::size_t kGranule = 32;
constexpr std::size_t kClasses = FieldBlocks::kLargest / kGranule;
constexpr std::size_t kMostKeptBytes = 4u << 20;

struct FreeBlock {
    FreeBlock* next;
};

// Cleared when the thread's lists are gone: a field freed later (by another thread-local's
// destructor) goes straight back to the heap.
thread_local bool t_listsAlive = false;

struct Lists {
    std::array<FreeBlock*, kClasses> heads{};
    std::size_t keptBytes = 0;

    Lists() { t_listsAlive = true; }
    ~Lists() {
        t_listsAlive = false;
        for (FreeBlock* head : heads) {
            while (head) {
                FreeBlock* next = head->next;
                ::operator delete(head);
                head = next;
            }
        }
    }
};

Lists& lists() {
    thread_local Lists perThread;
    return perThread;
}

std::size_t classOf(std::size_t bytes) {
    return (bytes + kGranule - 1) / kGranule - 1;
}

std::size_t classBytes(std::size_t sizeClass) {
    return (sizeClass + 1) * kGranule;
}

} // namespace

void* FieldBlocks::take(std::size_t bytes) {
    if (bytes > kLargest) {
        return ::operator new(bytes);
    }
    const std::size_t sizeClass = classOf(bytes == 0 ? 1 : bytes);
    auto& free = lists();
    if (FreeBlock* block = free.heads[sizeClass]) {
        free.heads[sizeClass] = block->next;
        free.keptBytes -= classBytes(sizeClass);
        return block;
    }
    return ::operator new(classBytes(sizeClass));
}

void FieldBlocks::give(void* block, std::size_t bytes) noexcept {
    if (!block) {
        return;
    }
    if (bytes > kLargest || !t_listsAlive) {
        ::operator delete(block);
        return;
    }
    const std::size_t sizeClass = classOf(bytes == 0 ? 1 : bytes);
    auto& free = lists();
    if (free.keptBytes + classBytes(sizeClass) > kMostKeptBytes) {
        ::operator delete(block);
        return;
    }
    auto* freed = static_cast<FreeBlock*>(block);
    freed->next = free.heads[sizeClass];
    free.heads[sizeClass] = freed;
    free.keptBytes += classBytes(sizeClass);
}

std::size_t FieldBlocks::keptBytes() noexcept {
    return t_listsAlive ? lists().keptBytes : 0;
}

} // namespace portico::gateway::detail
