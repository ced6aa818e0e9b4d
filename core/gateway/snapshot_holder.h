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

    // Refreshes a worker's cached pointer when a newer snapshot was published. The worker's
    // pointer has a reference count of its own, which holds one reference to the published
    // snapshot: every request copies the worker's pointer, and a count shared by all workers
    // would move its cache line between their cores on each copy.
    const Snapshot& refresh(std::shared_ptr<const Snapshot>& cached,
                            std::uint64_t& cachedVersion) const {
        const auto latest = version();
        if (!cached || cachedVersion != latest) {
            std::shared_ptr<const Snapshot> published;
            {
                std::lock_guard lock(m_mutex);
                published = m_current;
            }
            const Snapshot* snapshot = published.get();
            cached = std::shared_ptr<const Snapshot>(
                snapshot, [published = std::move(published)](const Snapshot*) {});
            cachedVersion = snapshot->version;
        }
        return *cached;
    }

private:
    mutable std::mutex m_mutex;
    std::shared_ptr<const Snapshot> m_current;
    std::atomic<std::uint64_t> m_version{0};
};

} // namespace portico::gateway
