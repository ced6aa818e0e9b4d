#pragma once

#include <memory>
#include <optional>
#include <utility>

namespace portico::policy {

// An entity a request refers to (context.Api, context.Product, the client's certificate): one
// that outlives the request and is shared by every request that names it, such as the
// snapshot's, or one of the request's own. The gateway refers to what its snapshot and
// connection hold, so a request copies none of their strings, and a fact is two pointers: a
// context holds several, written when it is made and read again when it goes, however many
// requests are in flight. Tests and the rare request-made values own theirs, on the heap.
// Read like an optional: test it, then use -> or *.
template <class T> class Fact {
public:
    Fact() = default;
    Fact(const Fact& other) { *this = other; }
    Fact& operator=(const Fact& other) {
        if (this != &other) {
            if (other.m_own) {
                *this = *other.m_own;
            } else {
                m_own.reset();
                m_value = other.m_value;
            }
        }
        return *this;
    }
    Fact(Fact&& other) noexcept { *this = std::move(other); }
    Fact& operator=(Fact&& other) noexcept {
        if (this != &other) {
            m_own = std::move(other.m_own);
            m_value = std::exchange(other.m_value, nullptr);
        }
        return *this;
    }

    // Owns `value`.
    Fact& operator=(T value) {
        m_own = std::make_unique<T>(std::move(value));
        m_value = m_own.get();
        return *this;
    }
    // Owns a new, empty T and returns it to be filled in.
    T& emplace() {
        *this = T{};
        return *m_own;
    }
    // Refers to `shared`, which must outlive every read of this fact.
    void refer(const T& shared) {
        m_own.reset();
        m_value = &shared;
    }
    // Refers to what `shared` holds, or to nothing.
    void refer(const std::optional<T>& shared) {
        if (shared) {
            refer(*shared);
        } else {
            reset();
        }
    }
    void reset() {
        m_own.reset();
        m_value = nullptr;
    }

    const T* get() const { return m_value; }
    explicit operator bool() const { return m_value != nullptr; }
    const T* operator->() const { return m_value; }
    const T& operator*() const { return *m_value; }

private:
    std::unique_ptr<T> m_own;
    const T* m_value = nullptr; // m_own's, or the shared one
};

} // namespace portico::policy
