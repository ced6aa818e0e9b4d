#include "core/security/jwt/verification_cache.h"

#include "core/security/sha256.h"

#include <array>
#include <atomic>
#include <cstring>
#include <list>
#include <mutex>
#include <unordered_map>

namespace portico::security::jwt {
namespace {

struct DigestHash {
    std::size_t operator()(const TokenDigest& digest) const {
        std::size_t value = 0;
        std::memcpy(&value, digest.data(), sizeof value);
        return value;
    }
};

struct Entry {
    TokenDigest digest{};
    std::uint64_t keyGeneration = 0;
    std::int64_t expiresAt = 0;
    std::shared_ptr<const VerifiedToken> verified;
};

// A token this thread lately found in a cache: checked before the cache's shards.
struct RecentHit {
    std::uint64_t cache = 0; // the cache's id; 0 when empty
    std::uint64_t clears = 0;
    Entry entry;
};
constexpr std::size_t kRecentHits = 8;
thread_local std::array<RecentHit, kRecentHits> t_recentHits;

RecentHit& recentHitFor(const TokenDigest& digest) {
    // Byte 16: independent of the bytes the shard and the map use.
    return t_recentHits[digest[16] % kRecentHits];
}

std::uint64_t nextCacheId() {
    static std::atomic<std::uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
}

std::size_t threadSlot() {
    static std::atomic<std::size_t> next{0};
    thread_local const std::size_t slot = next.fetch_add(1, std::memory_order_relaxed);
    return slot;
}

} // namespace

struct VerificationCache::Shard {
    std::mutex mutex;
    std::list<Entry> lru; // front = most recently used
    std::unordered_map<TokenDigest, std::list<Entry>::iterator, DigestHash> index;
    std::size_t capacity = 1;

    void erase(std::list<Entry>::iterator it) {
        index.erase(it->digest);
        lru.erase(it);
    }
};

TokenDigest tokenDigest(std::string_view token) {
    return security::sha256Of({token});
}

VerificationCache::VerificationCache(std::size_t capacity, std::size_t shardCount)
    : m_capacity(capacity)
    , m_id(nextCacheId()) {
    if (shardCount == 0) {
        shardCount = 1;
    }
    if (shardCount > capacity && capacity > 0) {
        shardCount = capacity;
    }
    const std::size_t perShard = capacity / shardCount;
    const std::size_t extra = capacity % shardCount;
    for (std::size_t i = 0; i < shardCount; ++i) {
        auto shard = std::make_unique<Shard>();
        shard->capacity = perShard + (i < extra ? 1 : 0);
        m_shards.push_back(std::move(shard));
    }
}

VerificationCache::~VerificationCache() = default;

VerificationCache::Shard& VerificationCache::shardFor(const TokenDigest& digest) {
    // Bytes 8..15: independent of the bytes the map hashes with.
    std::size_t value = 0;
    std::memcpy(&value, digest.data() + 8, sizeof value);
    return *m_shards[value % m_shards.size()];
}

VerificationCache::Counts& VerificationCache::counts() {
    return m_counts[threadSlot() % m_counts.size()];
}

std::uint64_t VerificationCache::total(std::atomic<std::uint64_t> Counts::*count) const {
    std::uint64_t sum = 0;
    for (const auto& counts : m_counts) {
        sum += (counts.*count).load(std::memory_order_relaxed);
    }
    return sum;
}

std::uint64_t VerificationCache::hits() const {
    return total(&Counts::hits);
}

std::uint64_t VerificationCache::misses() const {
    return total(&Counts::misses);
}

std::shared_ptr<const VerifiedToken> VerificationCache::find(const TokenDigest& digest,
                                                             std::uint64_t keyGeneration,
                                                             std::int64_t nowSeconds) {
    const auto clears = m_clears.load(std::memory_order_acquire);
    auto& recent = recentHitFor(digest);
    if (recent.cache == m_id && recent.clears == clears && recent.entry.digest == digest) {
        if (recent.entry.keyGeneration == keyGeneration && nowSeconds < recent.entry.expiresAt) {
            counts().hits.fetch_add(1, std::memory_order_relaxed);
            return recent.entry.verified;
        }
        recent = {}; // the shard drops its copy below
    }
    Shard& shard = shardFor(digest);
    std::lock_guard lock(shard.mutex);
    const auto found = shard.index.find(digest);
    if (found == shard.index.end()) {
        counts().misses.fetch_add(1, std::memory_order_relaxed);
        return nullptr;
    }
    const auto it = found->second;
    if (it->keyGeneration != keyGeneration || nowSeconds >= it->expiresAt) {
        shard.erase(it);
        counts().misses.fetch_add(1, std::memory_order_relaxed);
        return nullptr;
    }
    shard.lru.splice(shard.lru.begin(), shard.lru, it);
    counts().hits.fetch_add(1, std::memory_order_relaxed);
    // The recent hit points at the same token through a count of its own, which holds one
    // reference to the shard's: the requests of this thread copy it without touching a count
    // that other threads write.
    const std::shared_ptr<const VerifiedToken> own(
        it->verified.get(), [shared = it->verified](const VerifiedToken*) {});
    recent = RecentHit{m_id, clears, Entry{digest, it->keyGeneration, it->expiresAt, own}};
    return own;
}

void VerificationCache::insert(const TokenDigest& digest, std::uint64_t keyGeneration,
                               std::int64_t expiresAt, std::int64_t nowSeconds,
                               std::shared_ptr<const VerifiedToken> verified) {
    if (m_capacity == 0 || !verified || nowSeconds >= expiresAt) {
        return;
    }
    Shard& shard = shardFor(digest);
    std::lock_guard lock(shard.mutex);
    if (const auto found = shard.index.find(digest); found != shard.index.end()) {
        shard.erase(found->second);
    }
    while (shard.lru.size() >= shard.capacity && !shard.lru.empty()) {
        shard.erase(std::prev(shard.lru.end()));
    }
    shard.lru.push_front(Entry{digest, keyGeneration, expiresAt, std::move(verified)});
    shard.index.emplace(digest, shard.lru.begin());
}

void VerificationCache::clear() {
    m_clears.fetch_add(1, std::memory_order_release);
    for (auto& shard : m_shards) {
        std::lock_guard lock(shard->mutex);
        shard->index.clear();
        shard->lru.clear();
    }
}

std::size_t VerificationCache::size() const {
    std::size_t total = 0;
    for (const auto& shard : m_shards) {
        std::lock_guard lock(shard->mutex);
        total += shard->lru.size();
    }
    return total;
}

} // namespace portico::security::jwt
