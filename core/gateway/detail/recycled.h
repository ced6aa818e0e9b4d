#pragma once

// Internal to core/gateway: objects made and destroyed per request, in memory the worker thread
// keeps for the next one.
#include <cstddef>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace portico::gateway::detail {

// A request handler is 4 KiB: in the connection's coroutine frame it would make every idle
// connection hold that much, and from the heap it would be a block in glibc's large-chunk range,
// which makes malloc consolidate its fast bins first. Instead each thread keeps the blocks of the
// handlers it has destroyed, up to kKept of them. Make and destroy on the same thread.
template <class T> class Recycled {
public:
    struct Deleter {
        void operator()(T* object) const {
            object->~T();
            giveBack(object);
        }
    };
    using Pointer = std::unique_ptr<T, Deleter>;

    template <class... Args> static Pointer make(Args&&... args) {
        auto& free = blocks().free;
        void* block = nullptr;
        if (free.empty()) {
            block = ::operator new(sizeof(T));
        } else {
            block = free.back();
            free.pop_back();
        }
        try {
            return Pointer(new (block) T(std::forward<Args>(args)...));
        } catch (...) {
            giveBack(block);
            throw;
        }
    }

private:
    static constexpr std::size_t kKept = 1024;

    struct Blocks {
        std::vector<void*> free;
        ~Blocks() {
            for (void* block : free) {
                ::operator delete(block);
            }
        }
    };

    static Blocks& blocks() {
        thread_local Blocks perThread;
        return perThread;
    }

    static void giveBack(void* block) {
        auto& free = blocks().free;
        if (free.size() < kKept) {
            free.push_back(block);
        } else {
            ::operator delete(block);
        }
    }
};

} // namespace portico::gateway::detail
