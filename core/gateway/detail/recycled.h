#pragma once

// Internal to core/gateway: objects made and destroyed per request, in memory the worker thread
// keeps for the next one.
#include <algorithm>
#include <cstddef>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace portico::gateway::detail {

// Per-request objects of a fixed size, in memory each worker thread keeps: a request handler
// (4 KiB) and the 64 KiB buffers that carry bodies. In a connection's coroutine frame a handler
// would make every idle connection hold that much; from the heap per request, each would be a
// block in glibc's large-chunk range, which makes malloc consolidate its fast bins first. Each
// thread keeps the blocks of the objects it destroyed, up to 4 MiB of them. Made without
// arguments an object is default-initialised (a buffer is not zeroed). Make and destroy on the
// same thread; an object destroyed after its thread's blocks are gone (by another thread-local's
// destructor) goes straight back to the heap.
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
        void* block = nullptr;
        if (state() == State::Gone || blocks().free.empty()) {
            block = ::operator new(sizeof(T));
        } else {
            block = blocks().free.back();
            blocks().free.pop_back();
        }
        try {
            if constexpr (sizeof...(Args) == 0) {
                return Pointer(new (block) T);
            } else {
                return Pointer(new (block) T(std::forward<Args>(args)...));
            }
        } catch (...) {
            giveBack(block);
            throw;
        }
    }

    // Blocks this thread keeps for the next objects.
    static std::size_t keptCount() { return state() == State::Alive ? blocks().free.size() : 0; }

private:
    static constexpr std::size_t kKept = std::max<std::size_t>(1, (4u << 20) / sizeof(T));

    enum class State { NotYet, Alive, Gone };
    // Trivially destructible, so still readable once the thread's Blocks are destroyed.
    static State& state() {
        thread_local State perThread = State::NotYet;
        return perThread;
    }

    struct Blocks {
        std::vector<void*> free;
        Blocks() { state() = State::Alive; }
        ~Blocks() {
            state() = State::Gone;
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
        if (state() == State::Gone) {
            ::operator delete(block);
            return;
        }
        auto& free = blocks().free;
        if (free.size() < kKept) {
            free.push_back(block);
        } else {
            ::operator delete(block);
        }
    }
};

} // namespace portico::gateway::detail
