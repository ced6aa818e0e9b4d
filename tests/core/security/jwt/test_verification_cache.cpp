#include "core/security/jwt/validator.h"
#include "core/security/jwt/verification_cache.h"
#include "jwt_test_support.h"

#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace portico::security::jwt;
using namespace portico::security::jwt::test;

namespace {

std::shared_ptr<const VerifiedToken> entry(const char* sub) {
    auto token = std::make_shared<VerifiedToken>();
    token->kid = sub;
    return token;
}

} // namespace

class TestVerificationCache : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void answersForTheSameTokenAndKeyGeneration();
    void neverOutlivesTheTokenExpiry();
    void forgetsEntriesOfAnotherKeyGeneration();
    void evictsTheLeastRecentlyUsedEntry();
    void staysWithinCapacity();
    void servesConcurrentReadersAndWriters();
    void aRecentHitStillObeysExpiryKeysAndClear();
    void aCacheNeverAnswersWithAnotherCachesRecentHit();
    void countsTheHitsOfEveryThread();
    void validatorSkipsVerificationOnHitButStillChecksClaims();
    void validatorDropsEntriesWhenKeysRotate();
    void validatorDoesNotCacheFailedSignatures();
};

void TestVerificationCache::answersForTheSameTokenAndKeyGeneration() {
    VerificationCache cache(100);
    const auto digest = tokenDigest("token-a");
    cache.insert(digest, 7, kNow + 60, kNow, entry("a"));
    const auto found = cache.find(digest, 7, kNow);
    QVERIFY(found);
    QCOMPARE(found->kid, std::string("a"));
    QVERIFY(!cache.find(tokenDigest("token-b"), 7, kNow));
    QCOMPARE(cache.hits(), std::uint64_t(1));
    QCOMPARE(cache.misses(), std::uint64_t(1));
}

void TestVerificationCache::neverOutlivesTheTokenExpiry() {
    VerificationCache cache(100);
    const auto digest = tokenDigest("token");
    cache.insert(digest, 1, kNow + 60, kNow, entry("a"));
    QVERIFY(cache.find(digest, 1, kNow + 59));
    QVERIFY(!cache.find(digest, 1, kNow + 60));
    QCOMPARE(cache.size(), std::size_t(0));
    cache.insert(digest, 1, kNow, kNow, entry("already expired"));
    QCOMPARE(cache.size(), std::size_t(0));
}

void TestVerificationCache::forgetsEntriesOfAnotherKeyGeneration() {
    VerificationCache cache(100);
    const auto digest = tokenDigest("token");
    cache.insert(digest, 1, kNow + 60, kNow, entry("a"));
    QVERIFY(!cache.find(digest, 2, kNow));
    QVERIFY(!cache.find(digest, 1, kNow)); // removed, not just hidden
}

void TestVerificationCache::evictsTheLeastRecentlyUsedEntry() {
    VerificationCache cache(2, 1);
    const auto a = tokenDigest("a");
    const auto b = tokenDigest("b");
    const auto c = tokenDigest("c");
    cache.insert(a, 1, kNow + 60, kNow, entry("a"));
    cache.insert(b, 1, kNow + 60, kNow, entry("b"));
    QVERIFY(cache.find(a, 1, kNow)); // a is now the most recent
    cache.insert(c, 1, kNow + 60, kNow, entry("c"));
    QVERIFY(cache.find(a, 1, kNow));
    QVERIFY(!cache.find(b, 1, kNow));
    QVERIFY(cache.find(c, 1, kNow));
}

void TestVerificationCache::staysWithinCapacity() {
    VerificationCache cache(64);
    for (int i = 0; i < 1000; ++i) {
        cache.insert(tokenDigest(std::to_string(i)), 1, kNow + 60, kNow, entry("x"));
    }
    QVERIFY(cache.size() <= 64);
    QVERIFY(cache.size() > 0);
}

void TestVerificationCache::servesConcurrentReadersAndWriters() {
    VerificationCache cache(256);
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 2000; ++i) {
                const std::string token = std::to_string((i * 7 + t) % 300);
                const auto digest = tokenDigest(token);
                if (auto found = cache.find(digest, 1, kNow)) {
                    if (found->kid != token) {
                        ++wrong;
                    }
                } else {
                    auto value = std::make_shared<VerifiedToken>();
                    value->kid = token;
                    cache.insert(digest, 1, kNow + 60, kNow, std::move(value));
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    QCOMPARE(wrong.load(), 0);
    QVERIFY(cache.size() <= 256);
    QVERIFY(cache.hits() > 0);
}

void TestVerificationCache::validatorSkipsVerificationOnHitButStillChecksClaims() {
    VerificationCache cache(100);
    const KeySet keys = standardKeySet();
    const std::string token = mintDefault(Algorithm::RS256, "rsa");
    const auto validator = compileOrDie(standardConfig());
    const auto first = validator.validate(token, keys, &cache);
    QVERIFY(first.ok());
    QVERIFY(!first.fromCache);
    const auto second = validator.validate(token, keys, &cache);
    QVERIFY(second.ok());
    QVERIFY(second.fromCache);

    // Another validator sharing the cache: audience and algorithms are its own.
    ValidatorConfig otherAudience = standardConfig();
    otherAudience.audiences = {"api://other"};
    const auto third = compileOrDie(otherAudience).validate(token, keys, &cache);
    QVERIFY(third.fromCache);
    QCOMPARE(third.error, JwtError::AudienceNotAllowed);
    ValidatorConfig onlyEs = standardConfig();
    onlyEs.algorithms = {Algorithm::ES256};
    QCOMPARE(compileOrDie(onlyEs).validate(token, keys, &cache).error,
             JwtError::UnsupportedAlgorithm);

    // Time moves on: the entry dies with the token.
    ValidatorConfig later = standardConfig();
    later.clock = fixedClock(kNow + 3600 + 301);
    const auto expired = compileOrDie(later).validate(token, keys, &cache);
    QCOMPARE(expired.error, JwtError::Expired);
    QVERIFY(!expired.fromCache);
}

void TestVerificationCache::validatorDropsEntriesWhenKeysRotate() {
    VerificationCache cache(100);
    const std::string token = mintDefault(Algorithm::ES256, "p256");
    const auto validator = compileOrDie(standardConfig());
    QVERIFY(validator.validate(token, standardKeySet(), &cache).ok());
    // The signing key was removed in the new key set: the cached success must not be reused.
    const KeySet rotated(
        {*otherSigningKey(KeyKind::EcP256).verificationKey({"p256-next", {}}).key});
    const auto result = validator.validate(token, rotated, &cache);
    QCOMPARE(result.error, JwtError::SignatureInvalid);
    QVERIFY(!result.fromCache);
}

void TestVerificationCache::validatorDoesNotCacheFailedSignatures() {
    VerificationCache cache(100);
    const std::string token = mint(Algorithm::RS256, otherSigningKey(KeyKind::Rsa),
                                   headerJson(Algorithm::RS256), claimsJson());
    const auto validator = compileOrDie(standardConfig());
    QCOMPARE(validator.validate(token, standardKeySet(), &cache).error, JwtError::SignatureInvalid);
    QCOMPARE(cache.size(), std::size_t(0));
}

// Each thread keeps the tokens it found last in front of the shards: what it answers from there
// must follow every rule the shards follow.
void TestVerificationCache::aRecentHitStillObeysExpiryKeysAndClear() {
    VerificationCache cache(100);
    const auto digest = tokenDigest("token");
    cache.insert(digest, 1, kNow + 60, kNow, entry("a"));
    QVERIFY(cache.find(digest, 1, kNow));       // now a recent hit of this thread
    QVERIFY(!cache.find(digest, 1, kNow + 60)); // expired
    cache.insert(digest, 1, kNow + 60, kNow, entry("a"));
    QVERIFY(cache.find(digest, 1, kNow));
    QVERIFY(!cache.find(digest, 2, kNow)); // keys rotated
    cache.insert(digest, 1, kNow + 60, kNow, entry("a"));
    QVERIFY(cache.find(digest, 1, kNow));
    cache.clear();
    QVERIFY(!cache.find(digest, 1, kNow));
    QCOMPARE(cache.size(), std::size_t(0));
}

void TestVerificationCache::aCacheNeverAnswersWithAnotherCachesRecentHit() {
    const auto digest = tokenDigest("token");
    {
        VerificationCache first(100);
        first.insert(digest, 1, kNow + 60, kNow, entry("a"));
        QVERIFY(first.find(digest, 1, kNow));
    }
    VerificationCache second(100); // perhaps where the first one was
    QVERIFY(!second.find(digest, 1, kNow));
}

void TestVerificationCache::countsTheHitsOfEveryThread() {
    VerificationCache cache(100);
    const auto digest = tokenDigest("token");
    cache.insert(digest, 1, kNow + 60, kNow, entry("a"));
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 100; ++i) {
                cache.find(digest, 1, kNow);
            }
            cache.find(tokenDigest("unknown"), 1, kNow);
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    QCOMPARE(cache.hits(), std::uint64_t(400));
    QCOMPARE(cache.misses(), std::uint64_t(4));
}

QTEST_GUILESS_MAIN(TestVerificationCache)
#include "test_verification_cache.moc"
