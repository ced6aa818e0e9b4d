// The attack table (jwt_attack_table.cpp) against the validator, uncached and cached.

#include "core/security/jwt/validator.h"
#include "jwt_attack_table.h"

#include <QTest>

#include <functional>
#include <vector>

using namespace portico::security::jwt;
using namespace portico::security::jwt::test;

class TestJwtAttacks : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void refusesAttack_data();
    void refusesAttack();
    void acceptsTheUntamperedBaseline();
};

void TestJwtAttacks::refusesAttack_data() {
    QTest::addColumn<int>("index");
    const auto& table = attacks();
    for (std::size_t i = 0; i < table.size(); ++i) {
        QTest::newRow(table[i].name.c_str()) << static_cast<int>(i);
    }
}

void TestJwtAttacks::refusesAttack() {
    QFETCH(int, index);
    const Attack& attack = attacks().at(static_cast<std::size_t>(index));
    const std::string token = attack.token();
    const KeySet keys = keySetOf(attack);
    const auto validator = compileOrDie(standardConfig());
    const auto result = validator.validate(token, keys);
    QVERIFY2(!result.ok(), "the attack token was accepted");
    QVERIFY2(result.error == attack.expected,
             qPrintable(QStringLiteral("expected %1, got %2 (%3)")
                            .arg(QString::fromUtf8(errorName(attack.expected).data()),
                                 QString::fromUtf8(errorName(result.error).data()),
                                 QString::fromStdString(result.detail))));
    QVERIFY(!result.message.empty());
    QVERIFY(!result.token);
    // The cached path must refuse it the same way, twice.
    VerificationCache cache(16);
    QCOMPARE(validator.validate(token, keys, &cache).error, attack.expected);
    QCOMPARE(validator.validate(token, keys, &cache).error, attack.expected);
}

void TestJwtAttacks::acceptsTheUntamperedBaseline() {
    // Guards the table: the same keys, claims and configuration do accept honest tokens.
    const auto validator = compileOrDie(standardConfig());
    for (Algorithm algorithm : kAllAlgorithms) {
        const auto result = validator.validate(mintDefault(algorithm), standardKeySet());
        QVERIFY2(result.ok(), result.detail.c_str());
    }
}

QTEST_GUILESS_MAIN(TestJwtAttacks)
#include "test_jwt_attacks.moc"
