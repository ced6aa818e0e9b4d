#pragma once

// Internal to the gateway: the free blocks one thread keeps for the blocks it will ask for again.
#include <array>
#include <cstddef>

namespace portico::gateway::detail {

// Free lists of blocks in size classes of 32 bytes up to Largest; the block freed last goes out
// first, while it is still in the cache. At most MostKeptBytes are kept in all: keep() says no
// beyond that, and the caller frees the block itself. `Release` frees the blocks still kept when
// the lists go. Not thread-safe: each thread has its own, in a thread_local.
template <std::size_t Largest, std::size_t MostKeptBytes, void (*Release)(void*) noexcept>
class BlockLists {
public:
    static constexpr std::size_t kGranule = 32;
    static constexpr std::size_t kClasses = Largest / kGranule;
    static_assert(Largest % kGranule == 0);

    static constexpr std::size_t classOf(std::size_t bytes) {
        return bytes == 0 ? 0 : (bytes - 1) / kGranule;
    }
    static constexpr std::size_t classBytes(std::size_t sizeClass) {
        return (sizeClass + 1) * kGranule;
    }

    BlockLists() = default;
    BlockLists(const BlockLists&) = delete;
    BlockLists& operator=(const BlockLists&) = delete;
    ~BlockLists() {
        for (FreeBlock* head : m_heads) {
            while (head) {
                FreeBlock* next = head->next;
                Release(head);
                head = next;
            }
        }
    }

    // A kept block of the class, or null.
    void* take(std::size_t sizeClass) noexcept {
        FreeBlock* block = m_heads[sizeClass];
        if (block) {
            m_heads[sizeClass] = block->next;
            m_keptBytes -= classBytes(sizeClass);
        }
        return block;
    }
    // Keeps a block of the class (at least classBytes long); false when enough are kept already.
    bool keep(void* block, std::size_t sizeClass) noexcept {
        if (m_keptBytes + classBytes(sizeClass) > MostKeptBytes) {
            return false;
        }
        auto* freed = static_cast<FreeBlock*>(block);
        freed->next = m_heads[sizeClass];
        m_heads[sizeClass] = freed;
        m_keptBytes += classBytes(sizeClass);
        return true;
    }
    std::size_t keptBytes() const noexcept { return m_keptBytes; }

private:
    struct FreeBlock {
        FreeBlock* next;
    };
    std::array<FreeBlock*, kClasses> m_heads{};
    std::size_t m_keptBytes = 0;
};

} // namespace portico::gateway::detail
