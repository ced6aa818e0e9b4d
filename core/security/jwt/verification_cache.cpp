#include "core/security/jwt/verification_cache.h"

#include "core/security/sha256.h"

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
    TokenDigest digest;
    std::uint64_t keyGeneration;
    std::int64_t expiresAt;
    std::shared_ptr<const VerifiedToken> verified;
};

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
    : m_capacity(capacity) {
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

std::shared_ptr<const VerifiedToken> VerificationCache::find(const TokenDigest& digest,
                                                             std::uint64_t keyGeneration,
                                                             std::int64_t nowSeconds) {
    Shard& shard = shardFor(digest);
    std::lock_guard lock(shard.mutex);
    const auto found = shard.index.find(digest);
    if (found == shard.index.end()) {
        m_misses.fetch_add(1, std::memory_order_relaxed);
        return nullptr;
    }
    const auto it = found->second;
    if (it->keyGeneration != keyGeneration || nowSeconds >= it->expiresAt) {
        shard.erase(it);
        m_misses.fetch_add(1, std::memory_order_relaxed);
        return nullptr;
    }
    shard.lru.splice(shard.lru.begin(), shard.lru, it);
    m_hits.fetch_add(1, std::memory_order_relaxed);
    return it->verified;
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
