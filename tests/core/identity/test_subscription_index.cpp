#include "core/identity/subscription_index.h"
#include "core/model/workspace.h"
#include "core/security/key_hash.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <array>

using namespace portico;
using namespace portico::identity;
using model::SubscriptionState;

Q_DECLARE_METATYPE(portico::model::SubscriptionState)

namespace {

constexpr std::int64_t kNow = 1'800'000'000; // 2027-01-15T08:00:00Z

struct Keys {
    std::string primary = security::generateSubscriptionKey();
    std::string secondary = security::generateSubscriptionKey();
};

model::Api api(std::string id, bool subscriptionRequired = true) {
    model::Api a;
    a.id = std::move(id);
    a.path = a.id;
    a.subscriptionRequired = subscriptionRequired;
    return a;
}

model::Product product(std::string id, std::vector<std::string> apis,
                       bool subscriptionRequired = true) {
    model::Product p;
    p.id = std::move(id);
    p.apis = std::move(apis);
    p.subscriptionRequired = subscriptionRequired;
    return p;
}

model::Subscription subscription(std::string id, std::string scope, const Keys& keys,
                                 SubscriptionState state = SubscriptionState::Active) {
    model::Subscription s;
    s.id = std::move(id);
    s.scope = std::move(scope);
    s.state = state;
    s.primaryKeyHash = security::hashSubscriptionKey(keys.primary);
    s.secondaryKeyHash = security::hashSubscriptionKey(keys.secondary);
    return s;
}

// Drops the lookup tag: the hash as Portico stored it before tags.
std::string legacyHash(const std::string& key) {
    const std::string tagged = security::hashSubscriptionKey(key);
    return tagged.substr(0, tagged.rfind('$'));
}

PresentedKey header(const std::string& key) {
    return {PresentedKey::Source::Header, key, false};
}

const PresentedKey kNoKey{};

// orders and billing are in "starter"; reports is in the open product "public";
// status needs no subscription at all.
struct Fixture {
    Keys starter, ordersOnly, everything, suspended;
    model::Workspace workspace;

    Fixture() {
        workspace.apis = {api("billing"), api("orders"), api("reports"), api("status", false)};
        workspace.products = {product("public", {"reports"}, false),
                              product("starter", {"orders", "billing"})};
        workspace.subscriptions = {
            subscription("all", "/apis", everything),
            subscription("orders-only", "/apis/orders", ordersOnly),
            subscription("paused", "/products/starter", suspended, SubscriptionState::Suspended),
            subscription("starter-1", "/products/starter", starter),
        };
        workspace.subscriptions.back().owner = "ada";
    }

    std::shared_ptr<const SubscriptionIndex> index() const {
        auto built = SubscriptionIndex::build(workspace);
        return built.index;
    }
};

} // namespace

class TestSubscriptionIndex : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void admitsPrimaryAndSecondaryKeysOfAProductSubscription();
    void reportsTheMatchedSubscriptionProductAndOwner();
    void deniesAMissingKeyWithApimsMessage();
    void deniesAnUnknownKeyWithApimsMessage();
    void deniesAProductKeyForAnApiOutsideTheProduct();
    void admitsAnApiScopedKeyOnlyForItsApi();
    void admitsAnAllApisKeyForEveryApi();
    void admitsOnlyActiveSubscriptions_data();
    void admitsOnlyActiveSubscriptions();
    void honoursStartAndEndDates_data();
    void honoursStartAndEndDates();
    void refusesEverythingForAnUnreadableDateAndSaysSo();
    void deniesSubscriptionsOfBlockedUsers();
    void admitsCallsWithoutKeyThroughAnOpenProduct();
    void admitsCallsWithoutKeyToAnApiNeedingNoSubscription();
    void stillChecksAKeyPresentedWhereNoneIsRequired();
    void prefersTheOpenProductOverTheOpenApi();
    void warnsAboutASecondOpenProductForOneApi();
    void readsTheQueryParameterOnlyWithoutTheHeader();
    void refusesTwoKeysInOneRequest();
    void refusesAnEmptyKey();
    void usesTheApisConfiguredKeyNames();
    void checksLegacyHashesWithoutTagByScanningOnlyThem();
    void ignoresLegacyHashesOfSubscriptionsThatDoNotCoverTheApi();
    void parsesIsoDateTimes_data();
    void parsesIsoDateTimes();
    void costsTheSameWith100000SubscriptionsAsWith10();
};

void TestSubscriptionIndex::admitsPrimaryAndSecondaryKeysOfAProductSubscription() {
    Fixture f;
    const auto index = f.index();
    for (const auto& [key, slot] : {std::pair{f.starter.primary, KeySlot::Primary},
                                    std::pair{f.starter.secondary, KeySlot::Secondary}}) {
        for (const char* apiId : {"orders", "billing"}) {
            const auto decision = index->decide(apiId, header(key), kNow);
            QVERIFY(decision.admitted);
            QCOMPARE(decision.match.key, slot);
            QCOMPARE(decision.match.context, AccessContext::Subscription);
        }
    }
}

void TestSubscriptionIndex::reportsTheMatchedSubscriptionProductAndOwner() {
    Fixture f;
    const auto index = f.index(); // the decision's views point into it
    const auto decision = index->decide("orders", header(f.starter.primary), kNow);
    QVERIFY(decision.admitted);
    QCOMPARE(decision.match.subscriptionId, std::string_view("starter-1"));
    QCOMPARE(decision.match.scope, std::string_view("/products/starter"));
    QCOMPARE(decision.match.productId, std::string_view("starter"));
    QCOMPARE(decision.match.ownerUserId, std::string_view("ada"));
    QCOMPARE(decision.match.state, SubscriptionState::Active);
    QCOMPARE(decision.statusCode, 200);
    QVERIFY(decision.message.empty());
}

void TestSubscriptionIndex::deniesAMissingKeyWithApimsMessage() {
    Fixture f;
    const auto decision = f.index()->decide("orders", kNoKey, kNow);
    QVERIFY(!decision.admitted);
    QCOMPARE(decision.statusCode, 401);
    QCOMPARE(decision.reason, DenyReason::MissingKey);
    QCOMPARE(decision.message,
             std::string_view("Access denied due to missing subscription key. Make sure to "
                              "include subscription key when making requests to an API."));
}

void TestSubscriptionIndex::deniesAnUnknownKeyWithApimsMessage() {
    Fixture f;
    const auto decision =
        f.index()->decide("orders", header(security::generateSubscriptionKey()), kNow);
    QVERIFY(!decision.admitted);
    QCOMPARE(decision.statusCode, 401);
    QCOMPARE(decision.reason, DenyReason::InvalidKey);
    QCOMPARE(decision.message,
             std::string_view("Access denied due to invalid subscription key. Make sure to "
                              "provide a valid key for an active subscription."));
}

void TestSubscriptionIndex::deniesAProductKeyForAnApiOutsideTheProduct() {
    Fixture f;
    const auto index = f.index();
    QCOMPARE(index->decide("reports", header(f.starter.primary), kNow).reason,
             DenyReason::InvalidKey);
    QCOMPARE(index->decide("no-such-api", header(f.starter.primary), kNow).reason,
             DenyReason::InvalidKey);
}

void TestSubscriptionIndex::admitsAnApiScopedKeyOnlyForItsApi() {
    Fixture f;
    const auto index = f.index();
    const auto decision = index->decide("orders", header(f.ordersOnly.secondary), kNow);
    QVERIFY(decision.admitted);
    QCOMPARE(decision.match.subscriptionId, std::string_view("orders-only"));
    QVERIFY(decision.match.productId.empty());
    QVERIFY(!index->decide("billing", header(f.ordersOnly.primary), kNow).admitted);
}

void TestSubscriptionIndex::admitsAnAllApisKeyForEveryApi() {
    Fixture f;
    const auto index = f.index();
    for (const char* apiId : {"billing", "orders", "reports", "status"})
        QVERIFY2(index->decide(apiId, header(f.everything.primary), kNow).admitted, apiId);
}

void TestSubscriptionIndex::admitsOnlyActiveSubscriptions_data() {
    QTest::addColumn<SubscriptionState>("state");
    QTest::addColumn<bool>("admitted");
    QTest::newRow("active") << SubscriptionState::Active << true;
    QTest::newRow("suspended") << SubscriptionState::Suspended << false;
    QTest::newRow("cancelled") << SubscriptionState::Cancelled << false;
    QTest::newRow("expired") << SubscriptionState::Expired << false;
    QTest::newRow("submitted") << SubscriptionState::Submitted << false;
    QTest::newRow("rejected") << SubscriptionState::Rejected << false;
}

void TestSubscriptionIndex::admitsOnlyActiveSubscriptions() {
    QFETCH(SubscriptionState, state);
    QFETCH(bool, admitted);
    Fixture f;
    f.workspace.findSubscription("starter-1")->state = state;
    const auto decision = f.index()->decide("orders", header(f.starter.primary), kNow);
    QCOMPARE(decision.admitted, admitted);
    if (!admitted)
        QCOMPARE(decision.message, kInvalidKeyMessage);
}

void TestSubscriptionIndex::honoursStartAndEndDates_data() {
    QTest::addColumn<QString>("startDate");
    QTest::addColumn<QString>("endDate");
    QTest::addColumn<bool>("admitted");
    // kNow is 2027-01-15T08:00:00Z.
    QTest::newRow("no dates") << ""
                              << "" << true;
    QTest::newRow("started yesterday") << "2027-01-14"
                                       << "" << true;
    QTest::newRow("starts tomorrow") << "2027-01-16"
                                     << "" << false;
    QTest::newRow("starts in a second") << "2027-01-15T08:00:01Z"
                                        << "" << false;
    QTest::newRow("started this second") << "2027-01-15T08:00:00Z"
                                         << "" << true;
    QTest::newRow("ends tomorrow") << ""
                                   << "2027-01-16" << true;
    QTest::newRow("ended this second (end is exclusive)") << ""
                                                          << "2027-01-15T08:00:00Z" << false;
    QTest::newRow("ended at midnight") << ""
                                       << "2027-01-15" << false;
    QTest::newRow("ends at 09:00 in +02:00, i.e. 07:00Z") << ""
                                                          << "2027-01-15T09:00:00+02:00" << false;
    QTest::newRow("ends at 03:30 in -05:00, i.e. 08:30Z") << ""
                                                          << "2027-01-15T03:30-05:00" << true;
    QTest::newRow("within a window") << "2027-01-01"
                                     << "2027-02-01T00:00:00.000Z" << true;
}

void TestSubscriptionIndex::honoursStartAndEndDates() {
    QFETCH(QString, startDate);
    QFETCH(QString, endDate);
    QFETCH(bool, admitted);
    Fixture f;
    auto* s = f.workspace.findSubscription("starter-1");
    s->startDate = startDate.toStdString();
    s->endDate = endDate.toStdString();
    const auto built = SubscriptionIndex::build(f.workspace);
    QVERIFY(built.warnings.empty());
    QCOMPARE(built.index->decide("orders", header(f.starter.primary), kNow).admitted, admitted);
}

void TestSubscriptionIndex::refusesEverythingForAnUnreadableDateAndSaysSo() {
    Fixture f;
    f.workspace.findSubscription("starter-1")->endDate = "2027-13-01";
    const auto built = SubscriptionIndex::build(f.workspace);
    QVERIFY(!built.index->decide("orders", header(f.starter.primary), kNow).admitted);
    QCOMPARE(built.warnings.size(), std::size_t(1));
    QVERIFY(built.warnings[0].find("subscription 'starter-1': endDate '2027-13-01'") !=
            std::string::npos);
}

void TestSubscriptionIndex::deniesSubscriptionsOfBlockedUsers() {
    Fixture f;
    model::User ada;
    ada.id = "ada";
    f.workspace.users = {ada};
    QVERIFY(f.index()->decide("orders", header(f.starter.primary), kNow).admitted);
    f.workspace.users[0].state = "blocked";
    QVERIFY(!f.index()->decide("orders", header(f.starter.primary), kNow).admitted);
}

void TestSubscriptionIndex::admitsCallsWithoutKeyThroughAnOpenProduct() {
    Fixture f;
    const auto index = f.index();
    const auto decision = index->decide("reports", kNoKey, kNow);
    QVERIFY(decision.admitted);
    QCOMPARE(decision.match.context, AccessContext::OpenProduct);
    QCOMPARE(decision.match.productId, std::string_view("public"));
    QVERIFY(decision.match.subscriptionId.empty());
}

void TestSubscriptionIndex::admitsCallsWithoutKeyToAnApiNeedingNoSubscription() {
    Fixture f;
    const auto index = f.index();
    const auto decision = index->decide("status", kNoKey, kNow);
    QVERIFY(decision.admitted);
    QCOMPARE(decision.match.context, AccessContext::OpenApi);
    QVERIFY(decision.match.productId.empty());
}

void TestSubscriptionIndex::stillChecksAKeyPresentedWhereNoneIsRequired() {
    Fixture f;
    const auto index = f.index();
    for (const char* apiId : {"reports", "status"}) {
        QCOMPARE(index->decide(apiId, header(security::generateSubscriptionKey()), kNow).reason,
                 DenyReason::InvalidKey);
        // A key that does not cover the API is just as invalid there.
        QCOMPARE(index->decide(apiId, header(f.ordersOnly.primary), kNow).reason,
                 DenyReason::InvalidKey);
    }
    const auto decision = index->decide("reports", header(f.everything.primary), kNow);
    QVERIFY(decision.admitted);
    QCOMPARE(decision.match.context, AccessContext::Subscription);
}

void TestSubscriptionIndex::prefersTheOpenProductOverTheOpenApi() {
    Fixture f;
    f.workspace.findApi("reports")->subscriptionRequired = false;
    QCOMPARE(f.index()->decide("reports", kNoKey, kNow).match.context, AccessContext::OpenProduct);
}

void TestSubscriptionIndex::warnsAboutASecondOpenProductForOneApi() {
    Fixture f;
    f.workspace.products.push_back(product("zz-open", {"reports"}, false));
    const auto built = SubscriptionIndex::build(f.workspace);
    QCOMPARE(built.index->decide("reports", kNoKey, kNow).match.productId,
             std::string_view("public"));
    QCOMPARE(built.warnings.size(), std::size_t(1));
    QVERIFY(built.warnings[0].find("API 'reports' is in more than one open product") !=
            std::string::npos);
}

void TestSubscriptionIndex::readsTheQueryParameterOnlyWithoutTheHeader() {
    const std::vector<std::string> headerValue{"from-header"};
    const std::vector<std::string> queryValue{"from-query"};
    const std::vector<std::string> none;
    auto both = presentedKey(headerValue, queryValue);
    QCOMPARE(both.source, PresentedKey::Source::Header);
    QCOMPARE(both.value, std::string_view("from-header"));
    auto query = presentedKey(none, queryValue);
    QCOMPARE(query.source, PresentedKey::Source::Query);
    QCOMPARE(query.value, std::string_view("from-query"));
    QCOMPARE(presentedKey(none, none).source, PresentedKey::Source::None);

    Fixture f;
    const std::vector<std::string> valid{f.starter.primary};
    const std::vector<std::string> bogus{security::generateSubscriptionKey()};
    const auto index = f.index();
    QVERIFY(index->decide("orders", presentedKey(none, valid), kNow).admitted);
    // A wrong header is not rescued by a right query parameter.
    QVERIFY(!index->decide("orders", presentedKey(bogus, valid), kNow).admitted);
}

void TestSubscriptionIndex::refusesTwoKeysInOneRequest() {
    Fixture f;
    const std::vector<std::string> twice{f.starter.primary, f.starter.secondary};
    const std::vector<std::string> none;
    const auto key = presentedKey(twice, none);
    QVERIFY(key.ambiguous);
    QCOMPARE(f.index()->decide("orders", key, kNow).reason, DenyReason::InvalidKey);
}

void TestSubscriptionIndex::refusesAnEmptyKey() {
    Fixture f;
    QCOMPARE(f.index()->decide("status", header(""), kNow).reason, DenyReason::InvalidKey);
}

void TestSubscriptionIndex::usesTheApisConfiguredKeyNames() {
    Fixture f;
    f.workspace.findApi("orders")->subscriptionKeyHeaderName = "X-Api-Key";
    f.workspace.findApi("orders")->subscriptionKeyQueryParamName = "apikey";
    const auto index = f.index();
    QCOMPARE(index->keyNames("orders").header, std::string("X-Api-Key"));
    QCOMPARE(index->keyNames("orders").query, std::string("apikey"));
    QCOMPARE(index->keyNames("billing").header, std::string("Ocp-Apim-Subscription-Key"));
    QCOMPARE(index->keyNames("billing").query, std::string("subscription-key"));
}

void TestSubscriptionIndex::checksLegacyHashesWithoutTagByScanningOnlyThem() {
    Fixture f;
    auto* s = f.workspace.findSubscription("starter-1");
    s->primaryKeyHash = legacyHash(f.starter.primary);
    const auto built = SubscriptionIndex::build(f.workspace);
    const auto& index = *built.index;
    QCOMPARE(index.legacyKeyCount(), std::size_t(1));
    QCOMPARE(index.taggedKeyCount(), std::size_t(7));
    const auto decision = index.decide("orders", header(f.starter.primary), kNow);
    QVERIFY(decision.admitted);
    QCOMPARE(decision.match.key, KeySlot::Primary);
    QVERIFY(index.decide("orders", header(f.starter.secondary), kNow).admitted);
    QVERIFY(!index.decide("orders", header(security::generateSubscriptionKey()), kNow).admitted);
    QVERIFY(std::any_of(built.warnings.begin(), built.warnings.end(), [](const auto& warning) {
        return warning.find("portico subscription regenerate") != std::string::npos;
    }));
}

void TestSubscriptionIndex::ignoresLegacyHashesOfSubscriptionsThatDoNotCoverTheApi() {
    Fixture f;
    f.workspace.findSubscription("orders-only")->primaryKeyHash = legacyHash(f.ordersOnly.primary);
    const auto index = f.index();
    QVERIFY(index->decide("orders", header(f.ordersOnly.primary), kNow).admitted);
    QVERIFY(!index->decide("billing", header(f.ordersOnly.primary), kNow).admitted);
}

void TestSubscriptionIndex::parsesIsoDateTimes_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("expected"); // -1: refused
    QTest::newRow("date") << "2027-01-15" << qint64(1'799'971'200);
    QTest::newRow("utc") << "2027-01-15T08:00:00Z" << qint64(kNow);
    QTest::newRow("no zone is utc") << "2027-01-15T08:00:00" << qint64(kNow);
    QTest::newRow("minutes only") << "2027-01-15T08:00" << qint64(kNow);
    QTest::newRow("fraction") << "2027-01-15T08:00:00.123456Z" << qint64(kNow);
    QTest::newRow("offset") << "2027-01-15T10:00:00+02:00" << qint64(kNow);
    QTest::newRow("epoch") << "1970-01-01" << qint64(0);
    QTest::newRow("leap day") << "2028-02-29" << qint64(1'835'395'200);
    QTest::newRow("no leap day") << "2027-02-29" << qint64(-1);
    QTest::newRow("month 13") << "2027-13-01" << qint64(-1);
    QTest::newRow("hour 24") << "2027-01-15T24:00:00Z" << qint64(-1);
    QTest::newRow("space separator") << "2027-01-15 08:00:00" << qint64(-1);
    QTest::newRow("trailing text") << "2027-01-15T08:00:00Zjunk" << qint64(-1);
    QTest::newRow("empty fraction") << "2027-01-15T08:00:00.Z" << qint64(-1);
    QTest::newRow("short year") << "27-01-15" << qint64(-1);
    QTest::newRow("bad offset") << "2027-01-15T08:00:00+2" << qint64(-1);
}

void TestSubscriptionIndex::parsesIsoDateTimes() {
    QFETCH(QString, text);
    QFETCH(qint64, expected);
    const auto parsed = parseIsoDateTime(text.toStdString());
    if (expected == -1) {
        QVERIFY2(!parsed, qPrintable(text));
    } else {
        QVERIFY2(parsed, qPrintable(text));
        QCOMPARE(qint64(*parsed), expected);
    }
}

namespace {

model::Workspace manySubscriptions(int count, std::vector<std::string>& sampleKeys) {
    model::Workspace workspace;
    workspace.apis = {api("orders")};
    workspace.products = {product("starter", {"orders"})};
    workspace.subscriptions.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        Keys keys;
        workspace.subscriptions.push_back(
            subscription("s" + std::to_string(i), "/products/starter", keys));
        if (i % std::max(1, count / 8) == 0)
            sampleKeys.push_back(keys.primary);
    }
    return workspace;
}

// Nanoseconds per decision: the best of several rounds, so that a busy machine's noise (which
// only ever adds time) is filtered out.
double nanosPerDecision(const SubscriptionIndex& index, const std::vector<std::string>& keys) {
    constexpr int kRounds = 7;
    constexpr int kPerRound = 4000;
    double best = 1e18;
    for (int round = 0; round < kRounds; ++round) {
        QElapsedTimer timer;
        timer.start();
        int admitted = 0;
        for (int i = 0; i < kPerRound; ++i)
            admitted += index.decide("orders", header(keys[i % keys.size()]), kNow).admitted;
        const double elapsed = static_cast<double>(timer.nsecsElapsed());
        if (admitted != kPerRound)
            return -1;
        best = std::min(best, elapsed / kPerRound);
    }
    return best;
}

} // namespace

void TestSubscriptionIndex::costsTheSameWith100000SubscriptionsAsWith10() {
    std::vector<std::string> smallKeys;
    std::vector<std::string> largeKeys;
    QElapsedTimer buildTimer;
    const auto small = SubscriptionIndex::build(manySubscriptions(10, smallKeys));
    const auto largeWorkspace = manySubscriptions(100'000, largeKeys);
    buildTimer.start();
    const auto large = SubscriptionIndex::build(largeWorkspace);
    const qint64 buildMs = buildTimer.elapsed();
    QCOMPARE(large.index->subscriptionCount(), std::size_t(100'000));
    QCOMPARE(large.index->taggedKeyCount(), std::size_t(200'000));
    QCOMPARE(large.index->legacyKeyCount(), std::size_t(0));

    const double smallNs = nanosPerDecision(*small.index, smallKeys);
    const double largeNs = nanosPerDecision(*large.index, largeKeys);
    QVERIFY(smallNs > 0 && largeNs > 0);
    qInfo("decide(): %.0f ns with 10 subscriptions, %.0f ns with 100,000 (index built in %lld ms)",
          smallNs, largeNs, static_cast<long long>(buildMs));
    // A scan would be ~10,000x slower; a cache-missing hash probe is allowed to cost a little.
    QVERIFY2(largeNs < smallNs * 3, "the per-request cost grows with the subscription count");
}

QTEST_GUILESS_MAIN(TestSubscriptionIndex)
#include "test_subscription_index.moc"
