#pragma once

#include "core/gateway/snapshot.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

namespace portico::gateway {

// The snapshot serving traffic. Workers keep their own copy of the pointer and only take the
// lock when the version moved, so the hot path costs one relaxed atomic load.
class SnapshotHolder {
public:
    void publish(std::shared_ptr<const Snapshot> snapshot) {
        std::lock_guard lock(m_mutex);
        const auto version = snapshot->version;
        m_current = std::move(snapshot);
        m_version.store(version, std::memory_order_release);
    }

    std::shared_ptr<const Snapshot> current() const {
        std::lock_guard lock(m_mutex);
        return m_current;
    }

    std::uint64_t version() const { return m_version.load(std::memory_order_acquire); }

    // Refreshes a worker's cached pointer when a newer snapshot was published.
    const Snapshot& refresh(std::shared_ptr<const Snapshot>& cached,
                            std::uint64_t& cachedVersion) const {
        const auto latest = version();
        if (!cached || cachedVersion != latest) {
            std::lock_guard lock(m_mutex);
            cached = m_current;
            cachedVersion = cached->version;
        }
        return *cached;
    }

private:
    mutable std::mutex m_mutex;
    std::shared_ptr<const Snapshot> m_current;
    std::atomic<std::uint64_t> m_version{0};
};

} // namespace portico::gateway
