#include "core/throttle/concurrency_limiter.h"

#include <algorithm>
#include <utility>

namespace portico::throttle {

ConcurrencyLimiter::ConcurrencyLimiter(std::size_t shards) {
    for (std::size_t i = 0; i < std::max<std::size_t>(shards, 1); ++i)
        m_shards.push_back(std::make_unique<Shard>());
}

ConcurrencyLimiter::Shard& ConcurrencyLimiter::shardFor(std::string_view key) const {
    return *m_shards[std::hash<std::string_view>{}(key) % m_shards.size()];
}

ConcurrencyLimiter::Slot ConcurrencyLimiter::tryEnter(std::string_view key, std::int64_t maxCount) {
    Shard& shard = shardFor(key);
    std::lock_guard lock(shard.mutex);
    auto found = shard.counts.find(key);
    const std::int64_t held = found == shard.counts.end() ? 0 : found->second;
    if (held >= maxCount)
        return {};
    if (found == shard.counts.end())
        found = shard.counts.emplace(std::string(key), 0).first;
    ++found->second;
    return Slot(this, std::string(key));
}

void ConcurrencyLimiter::leave(const std::string& key) {
    Shard& shard = shardFor(key);
    std::lock_guard lock(shard.mutex);
    const auto found = shard.counts.find(key);
    if (found != shard.counts.end() && --found->second <= 0)
        shard.counts.erase(found);
}

std::int64_t ConcurrencyLimiter::inFlight(std::string_view key) const {
    const Shard& shard = shardFor(key);
    std::lock_guard lock(shard.mutex);
    const auto found = shard.counts.find(key);
    return found == shard.counts.end() ? 0 : found->second;
}

std::size_t ConcurrencyLimiter::keys() const {
    std::size_t total = 0;
    for (const auto& shard : m_shards) {
        std::lock_guard lock(shard->mutex);
        total += shard->counts.size();
    }
    return total;
}

ConcurrencyLimiter::Slot::Slot(Slot&& other) noexcept
    : m_limiter(std::exchange(other.m_limiter, nullptr))
    , m_key(std::move(other.m_key)) {}

ConcurrencyLimiter::Slot& ConcurrencyLimiter::Slot::operator=(Slot&& other) noexcept {
    if (this != &other) {
        if (m_limiter)
            m_limiter->leave(m_key);
        m_limiter = std::exchange(other.m_limiter, nullptr);
        m_key = std::move(other.m_key);
    }
    return *this;
}

ConcurrencyLimiter::Slot::~Slot() {
    if (m_limiter)
        m_limiter->leave(m_key);
}

} // namespace portico::throttle
