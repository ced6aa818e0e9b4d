#pragma once

#include "core/security/jwt/verified_token.h"
#include "core/security/sha256.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace portico::security::jwt {

using TokenDigest = Sha256Digest;

// SHA-256 of the token: the cache never holds tokens themselves.
TokenDigest tokenDigest(std::string_view token);

// Signature verifications already done, so a token seen again costs a hash and a lookup. Bounded
// (LRU per shard), an entry never outlives the token's `exp`, and an entry only answers for the
// key set generation it was verified under, so rotating keys invalidates it. Thread-safe: the
// digest picks one of several shards, each behind its own mutex. In front of them each thread
// keeps the few tokens it found last, so a token sent again and again (one client's) is found
// without a lock and without writing memory that other threads write.
class VerificationCache {
public:
    explicit VerificationCache(std::size_t capacity, std::size_t shardCount = 16);
    ~VerificationCache();
    VerificationCache(const VerificationCache&) = delete;
    VerificationCache& operator=(const VerificationCache&) = delete;

    std::shared_ptr<const VerifiedToken> find(const TokenDigest& digest,
                                              std::uint64_t keyGeneration, std::int64_t nowSeconds);
    // `expiresAt` is the token's exp (unix seconds); entries already expired are not stored.
    void insert(const TokenDigest& digest, std::uint64_t keyGeneration, std::int64_t expiresAt,
                std::int64_t nowSeconds, std::shared_ptr<const VerifiedToken> verified);
    void clear();

    std::size_t size() const;
    std::size_t capacity() const { return m_capacity; }
    std::uint64_t hits() const;
    std::uint64_t misses() const;

private:
    struct Shard;
    Shard& shardFor(const TokenDigest& digest);
    // Counted per thread (one of several slots, each on its own cache line), summed when read.
    struct alignas(64) Counts {
        std::atomic<std::uint64_t> hits{0};
        std::atomic<std::uint64_t> misses{0};
    };
    Counts& counts();
    std::uint64_t total(std::atomic<std::uint64_t> Counts::*count) const; // over every slot

    std::vector<std::unique_ptr<Shard>> m_shards;
    std::size_t m_capacity;
    const std::uint64_t m_id;               // names this cache in the threads' recent hits
    std::atomic<std::uint64_t> m_clears{0}; // recent hits from before a clear() do not count
    std::array<Counts, 16> m_counts;
};

} // namespace portico::security::jwt
