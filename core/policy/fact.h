#pragma once

#include <optional>
#include <utility>

namespace portico::policy {

// An entity a request refers to (context.Api, context.Product, the client's certificate): one
// that outlives the request and is shared by every request that names it, such as the
// snapshot's, or one of the request's own. The gateway refers to what its snapshot and
// connection hold, so a request copies none of their strings; tests and per-request values own
// theirs. Read like an optional: test it, then use -> or *.
template <class T> class Fact {
public:
    Fact() = default;
    Fact(const Fact& other)
        : m_own(other.m_own)
        , m_shared(other.m_own ? nullptr : other.m_shared) {}
    Fact& operator=(const Fact& other) {
        if (this != &other) {
            m_own = other.m_own;
            m_shared = other.m_own ? nullptr : other.m_shared;
        }
        return *this;
    }
    Fact(Fact&& other) noexcept
        : m_own(std::move(other.m_own))
        , m_shared(m_own ? nullptr : other.m_shared) {}
    Fact& operator=(Fact&& other) noexcept {
        if (this != &other) {
            m_own = std::move(other.m_own);
            m_shared = m_own ? nullptr : other.m_shared;
        }
        return *this;
    }

    // Owns `value`.
    Fact& operator=(T value) {
        m_own = std::move(value);
        m_shared = nullptr;
        return *this;
    }
    // Owns a new, empty T and returns it to be filled in.
    T& emplace() {
        m_shared = nullptr;
        return m_own.emplace();
    }
    // Refers to `shared`, which must outlive every read of this fact.
    void refer(const T& shared) {
        m_own.reset();
        m_shared = &shared;
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
        m_shared = nullptr;
    }

    const T* get() const { return m_own ? &*m_own : m_shared; }
    explicit operator bool() const { return get() != nullptr; }
    const T* operator->() const { return get(); }
    const T& operator*() const { return *get(); }

private:
    std::optional<T> m_own;
    const T* m_shared = nullptr;
};

} // namespace portico::policy
