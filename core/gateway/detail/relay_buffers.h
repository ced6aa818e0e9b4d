#pragma once

// Internal to core/gateway: the buffers that carry bodies between client and backend.
#include <array>
#include <cstddef>
#include <memory>
#include <vector>

namespace portico::gateway::detail {

inline constexpr std::size_t kRelayBufferSize = 64 * 1024;

// One worker thread's relay buffers, lent for one relay and reused by the next. A buffer in a
// coroutine frame would cost a 64 KiB allocation (and fresh pages) per request; one per
// connection would make idle connections heavy. Single-threaded: a worker's coroutines only.
class RelayBuffers {
public:
    using Buffer = std::array<char, kRelayBufferSize>;

    class Lease {
    public:
        Lease(RelayBuffers& owner, std::unique_ptr<Buffer> buffer)
            : m_owner(owner)
            , m_buffer(std::move(buffer)) {}
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease() { m_owner.giveBack(std::move(m_buffer)); }
        Buffer& operator*() { return *m_buffer; }

    private:
        RelayBuffers& m_owner;
        std::unique_ptr<Buffer> m_buffer;
    };

    Lease lend() {
        // `new Buffer`, not make_unique: 64 KiB about to be overwritten need no zeroing.
        if (m_free.empty())
            return Lease(*this, std::unique_ptr<Buffer>(new Buffer));
        auto buffer = std::move(m_free.back());
        m_free.pop_back();
        return Lease(*this, std::move(buffer));
    }

private:
    // Enough for the relays in flight on a busy worker; more are freed when they come back.
    static constexpr std::size_t kKept = 64;

    void giveBack(std::unique_ptr<Buffer> buffer) {
        if (buffer && m_free.size() < kKept)
            m_free.push_back(std::move(buffer));
    }

    std::vector<std::unique_ptr<Buffer>> m_free;
};

} // namespace portico::gateway::detail
