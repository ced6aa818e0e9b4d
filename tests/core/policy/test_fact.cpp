#include "core/policy/expr/expression_context.h"
#include "core/policy/fact.h"

#include <QTest>

#include <memory>
#include <optional>

using portico::policy::Fact;
using portico::policy::expr::NamedInfo;

// A request's facts refer to what the snapshot holds or own what the request made; copies and
// moves must keep pointing at valid storage either way.
class TestFact : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void startsEmptyAndReadsWhatItOwns();
    void refersToSharedStorageWithoutCopyingIt();
    void aCopyOfAnOwnedFactOwnsItsOwnCopy();
    void aCopyOfAReferringFactRefersToTheSameStorage();
    void aMovedFactStillReadsItsValue();
    void refersToAnOptionalOnlyWhenItHoldsAValue();
    void ownsAgainAfterReferring();
};

void TestFact::startsEmptyAndReadsWhatItOwns() {
    Fact<NamedInfo> fact;
    QVERIFY(!fact);
    QCOMPARE(fact.get(), nullptr);
    fact = NamedInfo{"starter", "Starter"};
    QVERIFY(fact);
    QCOMPARE(fact->name, std::string("Starter"));
    fact.emplace().id = "gold";
    QCOMPARE((*fact).id, std::string("gold"));
    QVERIFY(fact->name.empty());
    fact.reset();
    QVERIFY(!fact);
}

void TestFact::refersToSharedStorageWithoutCopyingIt() {
    NamedInfo shared{"starter", "Starter"};
    Fact<NamedInfo> fact;
    fact.refer(shared);
    QCOMPARE(fact.get(), &shared);
    shared.name = "Renamed";
    QCOMPARE(fact->name, std::string("Renamed"));
}

void TestFact::aCopyOfAnOwnedFactOwnsItsOwnCopy() {
    auto original = std::make_unique<Fact<NamedInfo>>();
    *original = NamedInfo{"starter", "Starter"};
    const Fact<NamedInfo> copy = *original;
    Fact<NamedInfo> assigned;
    assigned = *original;
    QVERIFY(copy.get() != original->get());
    QVERIFY(assigned.get() != original->get());
    original.reset(); // the copies must not point into it
    QCOMPARE(copy->id, std::string("starter"));
    QCOMPARE(assigned->name, std::string("Starter"));
}

void TestFact::aCopyOfAReferringFactRefersToTheSameStorage() {
    const NamedInfo shared{"starter", "Starter"};
    Fact<NamedInfo> original;
    original.refer(shared);
    const Fact<NamedInfo> copy = original;
    QCOMPARE(copy.get(), &shared);
}

void TestFact::aMovedFactStillReadsItsValue() {
    Fact<NamedInfo> owned;
    owned = NamedInfo{"starter", "Starter"};
    const Fact<NamedInfo> moved = std::move(owned);
    QCOMPARE(moved->name, std::string("Starter"));
    QVERIFY(!owned); // NOLINT(bugprone-use-after-move): a moved-from fact is empty
    const NamedInfo shared{"gold", "Gold"};
    Fact<NamedInfo> referring;
    referring.refer(shared);
    Fact<NamedInfo> target;
    target = std::move(referring);
    QCOMPARE(target.get(), &shared);
}

void TestFact::refersToAnOptionalOnlyWhenItHoldsAValue() {
    std::optional<NamedInfo> none;
    Fact<NamedInfo> fact;
    fact = NamedInfo{"old", "Old"};
    fact.refer(none);
    QVERIFY(!fact);
    const std::optional<NamedInfo> some = NamedInfo{"starter", "Starter"};
    fact.refer(some);
    QCOMPARE(fact.get(), &*some);
}

void TestFact::ownsAgainAfterReferring() {
    const NamedInfo shared{"starter", "Starter"};
    Fact<NamedInfo> fact;
    fact.refer(shared);
    fact.emplace().id = "own";
    QVERIFY(fact.get() != &shared);
    QCOMPARE(shared.id, std::string("starter")); // never written through
    QCOMPARE(fact->id, std::string("own"));
}

QTEST_GUILESS_MAIN(TestFact)
#include "test_fact.moc"
