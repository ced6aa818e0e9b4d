// The key provider against a real HTTP server on loopback (loopback_http_server.h).

#include "core/identity/key_provider.h"
#include "core/security/jwt/signing_key.h"
#include "loopback_http_server.h"

#include <QElapsedTimer>
#include <QTest>

#include <atomic>
#include <future>
#include <thread>

using namespace portico::identity;
using namespace portico::identity::test;
using namespace std::chrono_literals;
using portico::security::jwt::KeyKind;
using portico::security::jwt::SigningKey;

namespace {

const char kConfigPath[] = "/tenant/v2.0/.well-known/openid-configuration";
const char kKeysPath[] = "/tenant/discovery/v2.0/keys";

std::string jwks(std::initializer_list<std::string> kids) {
    static const auto key = SigningKey::generate(KeyKind::EcP256);
    std::string text = R"({"keys":[)";
    bool first = true;
    for (const auto& kid : kids) {
        text += (first ? "" : ",") + key->publicJwk(kid);
        first = false;
    }
    return text + "]}";
}

struct Idp {
    LoopbackHttpServer server;
    Idp() {
        server.answer(kConfigPath, 200,
                      R"({"issuer":"https://idp.test/tenant/v2.0","jwks_uri":")" +
                          server.url(kKeysPath) + "\"}");
        server.answer(kKeysPath, 200, jwks({"k1"}));
    }
    std::string configUrl() const { return server.url(kConfigPath); }
};

KeyProvider::Options fastOptions() {
    KeyProvider::Options options;
    options.refreshInterval = 1h;
    options.minRefetchInterval = 400ms;
    options.http.timeout = 2s;
    return options;
}

// Asks for a refresh and waits (bounded) until `done` has run; returns the thread it ran on.
std::thread::id refreshAndWait(KeyProvider& provider, const std::string& url,
                               KeyProvider::Reason reason) {
    std::promise<std::thread::id> ran;
    auto future = ran.get_future();
    provider.refresh(url, reason, [&ran] { ran.set_value(std::this_thread::get_id()); });
    if (future.wait_for(10s) != std::future_status::ready)
        return {};
    return future.get();
}

bool hasKid(const std::shared_ptr<const ProviderKeys>& keys, const char* kid) {
    return keys && keys->keys && keys->keys->containsId(kid);
}

} // namespace

class TestKeyProvider : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fetchesConfigurationAndKeysOverRealHttp();
    void neverBlocksTheCallerAndCallsBackOnItsOwnThread();
    void servesCachedKeysWithoutFetchingAgain();
    void refetchesForAnUnknownKidAtMostOncePerInterval();
    void keepsTheLastGoodKeysWhenTheProviderFails();
    void throttlesRetriesAfterAFailedFirstFetch();
    void refreshesPeriodicallyOnItsOwn();
    void givesUpOnAHangingProviderWithinTheTimeout();
    void joinsConcurrentRequestsIntoOneFetch();
    void runsPendingCallbacksWhenDestroyed();
    void refusesUnusableConfigurations_data();
    void refusesUnusableConfigurations();
    void allowsPlainHttpOnlyToLoopback_data();
    void allowsPlainHttpOnlyToLoopback();
    void refusesResponsesOverTheSizeLimit();
};

void TestKeyProvider::fetchesConfigurationAndKeysOverRealHttp() {
    Idp idp;
    KeyProvider provider(fastOptions());
    QVERIFY(!provider.current(idp.configUrl()));
    QVERIFY(refreshAndWait(provider, idp.configUrl(), KeyProvider::Reason::Initial) !=
            std::thread::id{});
    const auto keys = provider.current(idp.configUrl());
    QVERIFY(hasKid(keys, "k1"));
    QCOMPARE(keys->issuer, std::string("https://idp.test/tenant/v2.0"));
    QCOMPARE(idp.server.hits(kConfigPath), 1);
    QCOMPARE(idp.server.hits(kKeysPath), 1);
    QVERIFY(provider.lastError(idp.configUrl()).empty());
}

void TestKeyProvider::neverBlocksTheCallerAndCallsBackOnItsOwnThread() {
    Idp idp;
    idp.server.setSilent(true);
    auto options = fastOptions();
    options.http.timeout = 1500ms;
    KeyProvider provider(options);
    QElapsedTimer timer;
    timer.start();
    std::promise<std::thread::id> ran;
    provider.refresh(idp.configUrl(), KeyProvider::Reason::Initial,
                     [&ran] { ran.set_value(std::this_thread::get_id()); });
    QVERIFY2(timer.elapsed() < 100, "refresh() waited for the network");
    auto future = ran.get_future();
    QVERIFY(future.wait_for(10s) == std::future_status::ready);
    QVERIFY(future.get() != std::this_thread::get_id());
}

void TestKeyProvider::servesCachedKeysWithoutFetchingAgain() {
    Idp idp;
    KeyProvider provider(fastOptions());
    refreshAndWait(provider, idp.configUrl(), KeyProvider::Reason::Initial);
    for (int i = 0; i < 5; ++i) {
        QVERIFY(refreshAndWait(provider, idp.configUrl(), KeyProvider::Reason::Initial) !=
                std::this_thread::get_id());
        QVERIFY(hasKid(provider.current(idp.configUrl()), "k1"));
    }
    QCOMPARE(provider.attempts(idp.configUrl()), 1);
    QCOMPARE(idp.server.hits(kKeysPath), 1);
}

void TestKeyProvider::refetchesForAnUnknownKidAtMostOncePerInterval() {
    Idp idp;
    KeyProvider provider(fastOptions());
    refreshAndWait(provider, idp.configUrl(), KeyProvider::Reason::Initial);
    idp.server.answer(kKeysPath, 200, jwks({"k1", "k2"})); // the IdP rotates
    // Within the interval of the last fetch: no refetch, however many tokens ask.
    for (int i = 0; i < 3; ++i)
        refreshAndWait(provider, idp.configUrl(), KeyProvider::Reason::UnknownKid);
    QCOMPARE(provider.attempts(idp.configUrl()), 1);
    QVERIFY(!hasKid(provider.current(idp.configUrl()), "k2"));
    std::this_thread::sleep_for(450ms);
    refreshAndWait(provider, idp.configUrl(), KeyProvider::Reason::UnknownKid);
    QCOMPARE(provider.attempts(idp.configUrl()), 2);
    QVERIFY(hasKid(provider.current(idp.configUrl()), "k2"));
    refreshAndWait(provider, idp.configUrl(), KeyProvider::Reason::UnknownKid);
    QCOMPARE(provider.attempts(idp.configUrl()), 2);
}

void TestKeyProvider::keepsTheLastGoodKeysWhenTheProviderFails() {
    Idp idp;
    KeyProvider provider(fastOptions());
    refreshAndWait(provider, idp.configUrl(), KeyProvider::Reason::Initial);
    const auto good = provider.current(idp.configUrl());
    for (auto [status, body] :
         {std::pair{500, std::string("{}")}, std::pair{200, std::string("not json")},
          std::pair{200, std::string(R"({"keys":[]})")}}) {
        idp.server.answer(kKeysPath, status, body);
        const int before = provider.attempts(idp.configUrl());
        // The next attempt comes from a token's unknown kid or, after a failure, from the
        // provider's own retry once the refetch interval has passed.
        std::this_thread::sleep_for(450ms);
        refreshAndWait(provider, idp.configUrl(), KeyProvider::Reason::UnknownKid);
        QTRY_VERIFY_WITH_TIMEOUT(provider.attempts(idp.configUrl()) > before, 3000);
        QVERIFY2(!provider.lastError(idp.configUrl()).empty(), body.c_str());
        QCOMPARE(provider.current(idp.configUrl()), good);
    }
    QVERIFY(provider.lastError(idp.configUrl()).find("no usable signing key") != std::string::npos);
}

void TestKeyProvider::throttlesRetriesAfterAFailedFirstFetch() {
    LoopbackHttpServer down; // answers 404 to everything
    KeyProvider provider(fastOptions());
    const std::string url = down.url(kConfigPath);
    refreshAndWait(provider, url, KeyProvider::Reason::Initial);
    refreshAndWait(provider, url, KeyProvider::Reason::Initial);
    QCOMPARE(provider.attempts(url), 1);
    QVERIFY(provider.lastError(url).find("HTTP status 404") != std::string::npos);
    QVERIFY(!provider.current(url));
    std::this_thread::sleep_for(450ms);
    refreshAndWait(provider, url, KeyProvider::Reason::Initial);
    QCOMPARE(provider.attempts(url), 2);
}

void TestKeyProvider::refreshesPeriodicallyOnItsOwn() {
    Idp idp;
    auto options = fastOptions();
    options.refreshInterval = 300ms;
    KeyProvider provider(options);
    refreshAndWait(provider, idp.configUrl(), KeyProvider::Reason::Initial);
    idp.server.answer(kKeysPath, 200, jwks({"rotated"}));
    QTRY_VERIFY_WITH_TIMEOUT(hasKid(provider.current(idp.configUrl()), "rotated"), 5000);
    QVERIFY(provider.attempts(idp.configUrl()) >= 2);
}

void TestKeyProvider::givesUpOnAHangingProviderWithinTheTimeout() {
    Idp idp;
    idp.server.setSilent(true);
    auto options = fastOptions();
    options.http.timeout = 300ms;
    KeyProvider provider(options);
    QElapsedTimer timer;
    timer.start();
    refreshAndWait(provider, idp.configUrl(), KeyProvider::Reason::Initial);
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(!provider.current(idp.configUrl()));
    QVERIFY2(!provider.lastError(idp.configUrl()).empty(),
             provider.lastError(idp.configUrl()).c_str());
}

void TestKeyProvider::joinsConcurrentRequestsIntoOneFetch() {
    Idp idp;
    auto options = fastOptions();
    options.fetcher = [](const std::string& url) {
        std::this_thread::sleep_for(200ms); // a slow IdP: the others arrive meanwhile
        return httpGet(url);
    };
    KeyProvider provider(options);
    std::vector<std::promise<void>> done(5);
    for (auto& promise : done)
        provider.refresh(idp.configUrl(), KeyProvider::Reason::Initial,
                         [&promise] { promise.set_value(); });
    for (auto& promise : done)
        QVERIFY(promise.get_future().wait_for(10s) == std::future_status::ready);
    QCOMPARE(provider.attempts(idp.configUrl()), 1);
    QCOMPARE(idp.server.hits(kConfigPath), 1);
    QVERIFY(hasKid(provider.current(idp.configUrl()), "k1"));
}

void TestKeyProvider::runsPendingCallbacksWhenDestroyed() {
    Idp idp;
    auto options = fastOptions();
    options.fetcher = [](const std::string& url) {
        std::this_thread::sleep_for(100ms);
        return httpGet(url);
    };
    std::atomic<int> called{0};
    {
        KeyProvider provider(options);
        provider.refresh(idp.configUrl(), KeyProvider::Reason::Initial, [&] { ++called; });
        provider.refresh(idp.server.url("/other"), KeyProvider::Reason::Initial, [&] { ++called; });
    }
    QCOMPARE(called.load(), 2);
}

void TestKeyProvider::refusesUnusableConfigurations_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("not json") << "<html>"
                              << "not a JSON object";
    QTest::newRow("array") << "[]"
                           << "not a JSON object";
    QTest::newRow("no issuer") << R"({"jwks_uri":"https://idp.test/keys"})"
                               << "no \"issuer\"";
    QTest::newRow("empty issuer") << R"({"issuer":"","jwks_uri":"https://idp.test/keys"})"
                                  << "no \"issuer\"";
    QTest::newRow("no jwks_uri") << R"({"issuer":"https://idp.test"})"
                                 << "no \"jwks_uri\"";
    QTest::newRow("jwks over plain http")
        << R"({"issuer":"https://idp.test","jwks_uri":"http://idp.test/keys"})"
        << "http:// is allowed only for loopback";
    QTest::newRow("jwks as a file") << R"({"issuer":"x","jwks_uri":"file:///etc/passwd"})"
                                    << "not an http:// or https:// URL";
}

void TestKeyProvider::refusesUnusableConfigurations() {
    QFETCH(QString, json);
    QFETCH(QString, error);
    const auto config = parseOpenIdConfiguration(json.toStdString());
    QVERIFY2(config.error.find(error.toStdString()) != std::string::npos, config.error.c_str());
}

void TestKeyProvider::allowsPlainHttpOnlyToLoopback_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("https") << "https://login.microsoftonline.com/t/v2.0" << true;
    QTest::newRow("http loopback v4") << "http://127.0.0.1:8081/t" << true;
    QTest::newRow("http localhost") << "http://localhost:8081/t" << true;
    QTest::newRow("http loopback v6") << "http://[::1]:8081/t" << true;
    QTest::newRow("http remote") << "http://idp.test/t" << false;
    QTest::newRow("http loopback lookalike") << "http://127.0.0.1.evil.test/t" << false;
    QTest::newRow("userinfo") << "https://user@idp.test/t" << false;
    QTest::newRow("no host") << "https:///t" << false;
    QTest::newRow("ftp") << "ftp://idp.test/t" << false;
}

void TestKeyProvider::allowsPlainHttpOnlyToLoopback() {
    QFETCH(QString, url);
    QFETCH(bool, allowed);
    QCOMPARE(checkIdentityUrl(url.toStdString()).empty(), allowed);
}

void TestKeyProvider::refusesResponsesOverTheSizeLimit() {
    LoopbackHttpServer server;
    server.answer("/big", 200, std::string(5000, 'x'));
    HttpGetOptions options;
    options.maxBodySize = 4096;
    const auto response = httpGet(server.url("/big"), options);
    QVERIFY2(!response.ok(), qPrintable(QString::number(response.body.size())));
    QVERIFY2(response.error.find("larger than 4096") != std::string::npos, response.error.c_str());
    options.maxBodySize = 8192;
    QVERIFY(httpGet(server.url("/big"), options).ok());
}

QTEST_GUILESS_MAIN(TestKeyProvider)
#include "test_key_provider.moc"
