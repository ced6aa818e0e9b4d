#include "core/secrets/token_cache.h"

#include <QtTest>

using portico::secrets::TokenCache;
using namespace std::chrono_literals;

// The gateway's managed identity tokens: kept per resource and identity, renewed before expiry,
// fetched by one caller at a time.
class TestTokenCache : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void keepsATokenUntilFiveMinutesBeforeItExpires();
    void renewsAShortLivedTokenAtHalfItsLife();
    void keepsTokensApartByResourceAndIdentity();
    void staysBoundedWhenResourcesKeepComing();
    void letsOneCallerFetchATokenAtATime();
    void wakesTheWaitersWhenTheTokenIsKept();
    void wakesTheWaitersAndFreesTheFetchWhenItFails();
    void wakesWaitersEvenWhenTheCacheIsFull();
};

void TestTokenCache::keepsATokenUntilFiveMinutesBeforeItExpires() {
    TokenCache cache;
    const auto now = TokenCache::Clock::now();
    cache.keep("https://vault.azure.net", "", "t1", now + 1h, now);
    QCOMPARE(cache.find("https://vault.azure.net", "", now + 54min).value_or(""),
             std::string("t1"));
    QVERIFY(!cache.find("https://vault.azure.net", "", now + 55min));
}

void TestTokenCache::renewsAShortLivedTokenAtHalfItsLife() {
    TokenCache cache;
    const auto now = TokenCache::Clock::now();
    cache.keep("r", "", "t", now + 4min, now);
    QVERIFY(cache.find("r", "", now + 1min));
    QVERIFY(!cache.find("r", "", now + 2min));
}

void TestTokenCache::keepsTokensApartByResourceAndIdentity() {
    TokenCache cache;
    const auto now = TokenCache::Clock::now();
    cache.keep("r", "", "system", now + 1h, now);
    cache.keep("r", "uai", "user", now + 1h, now);
    QCOMPARE(cache.find("r", "", now).value_or(""), std::string("system"));
    QCOMPARE(cache.find("r", "uai", now).value_or(""), std::string("user"));
    QVERIFY(!cache.find("other", "", now));
    QVERIFY(!cache.find("r", "other", now));
}

void TestTokenCache::staysBoundedWhenResourcesKeepComing() {
    TokenCache cache;
    const auto now = TokenCache::Clock::now();
    for (std::size_t i = 0; i < TokenCache::kMaxEntries; ++i)
        cache.keep("r" + std::to_string(i), "", "t", now + 1h, now);
    cache.keep("one-too-many", "", "t", now + 1h, now);
    QVERIFY(!cache.find("one-too-many", "", now)); // asked for again next time instead
    QVERIFY(cache.find("r0", "", now));
    // Once the others are due for renewal, they make room.
    cache.keep("later", "", "t", now + 2h, now + 1h);
    QVERIFY(cache.find("later", "", now + 1h));
}

void TestTokenCache::letsOneCallerFetchATokenAtATime() {
    TokenCache cache;
    QCOMPARE(cache.claimFetch("r", "", {}), TokenCache::Fetch::Mine);
    QCOMPARE(cache.claimFetch("r", "", [] {}), TokenCache::Fetch::Theirs);
    // Other resources and identities are fetched on their own.
    QCOMPARE(cache.claimFetch("r", "uai", {}), TokenCache::Fetch::Mine);
    QCOMPARE(cache.claimFetch("other", "", {}), TokenCache::Fetch::Mine);
}

void TestTokenCache::wakesTheWaitersWhenTheTokenIsKept() {
    TokenCache cache;
    const auto now = TokenCache::Clock::now();
    int woken = 0;
    QCOMPARE(cache.claimFetch("r", "", {}), TokenCache::Fetch::Mine);
    QCOMPARE(cache.claimFetch("r", "", [&] { ++woken; }), TokenCache::Fetch::Theirs);
    QCOMPARE(cache.claimFetch("r", "",
                              [&] {
                                  // Called outside the cache's lock: a waiter looks again at once.
                                  QVERIFY(cache.find("r", "", now));
                                  ++woken;
                              }),
             TokenCache::Fetch::Theirs);
    cache.keep("r", "", "t", now + 1h, now);
    QCOMPARE(woken, 2);
    cache.keep("r", "", "t2", now + 1h, now); // no fetch open: nobody to wake again
    QCOMPARE(woken, 2);
}

void TestTokenCache::wakesTheWaitersAndFreesTheFetchWhenItFails() {
    TokenCache cache;
    int woken = 0;
    QCOMPARE(cache.claimFetch("r", "", {}), TokenCache::Fetch::Mine);
    QCOMPARE(cache.claimFetch("r", "", [&] { ++woken; }), TokenCache::Fetch::Theirs);
    cache.abandonFetch("r", "");
    QCOMPARE(woken, 1);
    QVERIFY(!cache.find("r", ""));
    QCOMPARE(cache.claimFetch("r", "", {}), TokenCache::Fetch::Mine); // the next one may try
}

void TestTokenCache::wakesWaitersEvenWhenTheCacheIsFull() {
    TokenCache cache;
    const auto now = TokenCache::Clock::now();
    for (std::size_t i = 0; i < TokenCache::kMaxEntries; ++i)
        cache.keep("r" + std::to_string(i), "", "t", now + 1h, now);
    int woken = 0;
    QCOMPARE(cache.claimFetch("late", "", {}), TokenCache::Fetch::Mine);
    QCOMPARE(cache.claimFetch("late", "", [&] { ++woken; }), TokenCache::Fetch::Theirs);
    cache.keep("late", "", "t", now + 1h, now); // not kept, yet its fetch is over
    QCOMPARE(woken, 1);
    QCOMPARE(cache.claimFetch("late", "", {}), TokenCache::Fetch::Mine);
}

QTEST_GUILESS_MAIN(TestTokenCache)
#include "test_token_cache.moc"
