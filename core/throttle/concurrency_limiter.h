#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace portico::throttle {

// In-flight request counts per key for <limit-concurrency>. A key exists only while requests
// hold it, so memory is bounded by the requests in flight.
class ConcurrencyLimiter {
public:
    explicit ConcurrencyLimiter(std::size_t shards = 32);

    // Releases its slot when destroyed.
    class Slot {
    public:
        Slot() = default;
        Slot(Slot&& other) noexcept;
        Slot& operator=(Slot&& other) noexcept;
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
        ~Slot();
        explicit operator bool() const { return m_limiter != nullptr; }

    private:
        friend class ConcurrencyLimiter;
        Slot(ConcurrencyLimiter* limiter, std::string key)
            : m_limiter(limiter)
            , m_key(std::move(key)) {}
        ConcurrencyLimiter* m_limiter = nullptr;
        std::string m_key;
    };

    // A slot when fewer than `maxCount` requests hold `key`; an empty slot otherwise.
    Slot tryEnter(std::string_view key, std::int64_t maxCount);
    std::int64_t inFlight(std::string_view key) const;
    std::size_t keys() const;

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    struct Shard {
        mutable std::mutex mutex;
        std::unordered_map<std::string, std::int64_t, Hash, std::equal_to<>> counts;
    };
    Shard& shardFor(std::string_view key) const;
    void leave(const std::string& key);

    std::vector<std::unique_ptr<Shard>> m_shards;
};

} // namespace portico::throttle
