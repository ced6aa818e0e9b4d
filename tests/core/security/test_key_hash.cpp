#include "core/security/key_hash.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QRegularExpression>
#include <QTest>

using namespace portico::security;

namespace {
QByteArray fromBase64Url(const QString& text) {
    return QByteArray::fromBase64(text.toLatin1(),
                                  QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}
} // namespace

class TestKeyHash : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void generatesKeysOf32RandomBytesInBase64Url() {
        const QString key = QString::fromStdString(generateSubscriptionKey());
        QVERIFY2(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]{43}$")).match(key).hasMatch(),
                 qPrintable(key));
        QCOMPARE(fromBase64Url(key).size(), 32);
    }

    void generatesADifferentKeyEachTime() {
        QVERIFY(generateSubscriptionKey() != generateSubscriptionKey());
    }

    void hashesAsSha256DollarSaltDollarDigestDollarTag() {
        const QString stored = QString::fromStdString(hashSubscriptionKey("my key"));
        const auto match =
            QRegularExpression(QStringLiteral("^sha256\\$([A-Za-z0-9_-]{22})\\$([A-"
                                              "Za-z0-9_-]{43})\\$([A-Za-z0-9_-]{11})$"))
                .match(stored);
        QVERIFY2(match.hasMatch(), qPrintable(stored));
        QCOMPARE(fromBase64Url(match.captured(1)).size(), 16);
        QCOMPARE(fromBase64Url(match.captured(2)).size(), 32);
        QCOMPARE(fromBase64Url(match.captured(3)).size(), 8);
    }

    void hashIsSha256OfSaltFollowedByKey() {
        const std::string key = generateSubscriptionKey();
        const QStringList parts = QString::fromStdString(hashSubscriptionKey(key)).split(u'$');
        QCOMPARE(parts.size(), 4);
        const QByteArray salt = fromBase64Url(parts[1]);
        const QByteArray expected = QCryptographicHash::hash(salt + QByteArray::fromStdString(key),
                                                             QCryptographicHash::Sha256);
        QCOMPARE(fromBase64Url(parts[2]), expected);
    }

    void tagIsTheFirst8BytesOfTheDomainSeparatedUnsaltedDigest() {
        const std::string key = generateSubscriptionKey();
        const QStringList parts = QString::fromStdString(hashSubscriptionKey(key)).split(u'$');
        const QByteArray digest = QCryptographicHash::hash(
            QByteArrayLiteral("portico-subscription-key-tag/v1") + QByteArray::fromStdString(key),
            QCryptographicHash::Sha256);
        QCOMPARE(fromBase64Url(parts[3]), digest.left(8));
        quint64 expected = 0;
        for (int i = 0; i < 8; ++i)
            expected = (expected << 8) | static_cast<unsigned char>(digest[i]);
        QCOMPARE(static_cast<quint64>(subscriptionKeyTag(key)), expected);
        // The same key hashed twice: different salts, one tag.
        QCOMPARE(QString::fromStdString(hashSubscriptionKey(key)).split(u'$')[3], parts[3]);
    }

    void parsesTheTagOfNewHashesAndNoTagOfLegacyOnes() {
        const std::string key = generateSubscriptionKey();
        const auto tagged = parseSubscriptionKeyHash(hashSubscriptionKey(key));
        QVERIFY(tagged && tagged->tag);
        QCOMPARE(*tagged->tag, subscriptionKeyTag(key));
        QVERIFY(verifySubscriptionKey(key, *tagged));
        // A hash from before lookup tags: the sample workspace's "ada-unlimited" primary key.
        const auto legacy = parseSubscriptionKeyHash(
            "sha256$KAx0N0C1q38Rz-N6FkzqHg$i-_HzyTbqMYCWY_NITuXX7GezVwSLcO8otRwhftVEN0");
        QVERIFY(legacy);
        QVERIFY(!legacy->tag);
    }

    void verifiesLegacyHashesWithoutTag() {
        const std::string key = generateSubscriptionKey();
        const QStringList parts = QString::fromStdString(hashSubscriptionKey(key)).split(u'$');
        const std::string legacy = (parts[0] + u'$' + parts[1] + u'$' + parts[2]).toStdString();
        QVERIFY(isSubscriptionKeyHash(legacy));
        QVERIFY(verifySubscriptionKey(key, legacy));
        QVERIFY(!verifySubscriptionKey(generateSubscriptionKey(), legacy));
    }

    void usesAFreshSaltForEachHash() {
        QVERIFY(hashSubscriptionKey("same key") != hashSubscriptionKey("same key"));
    }

    void verifiesTheKeyThatWasHashed() {
        const std::string key = generateSubscriptionKey();
        QVERIFY(verifySubscriptionKey(key, hashSubscriptionKey(key)));
    }

    void rejectsAnyOtherKey() {
        const std::string key = generateSubscriptionKey();
        const std::string stored = hashSubscriptionKey(key);
        QVERIFY(!verifySubscriptionKey(generateSubscriptionKey(), stored));
        QVERIFY(!verifySubscriptionKey(key.substr(1), stored));
        QVERIFY(!verifySubscriptionKey("", stored));
    }

    void rejectsMalformedStoredHashes_data() {
        QTest::addColumn<QString>("stored");
        QTest::addColumn<QString>("why");
        const QString salt = QStringLiteral("KAx0N0C1q38Rz-N6FkzqHg");
        const QString digest = QStringLiteral("i-_HzyTbqMYCWY_NITuXX7GezVwSLcO8otRwhftVEN0");
        QTest::newRow("empty") << QString() << QStringLiteral("does not start with 'sha256$'");
        QTest::newRow("key in clear")
            << QStringLiteral("7zf3dHZS1Uubw_fWhnc_-MDGmgpcadRoPjtuRN-QitI")
            << QStringLiteral("never stored in clear");
        QTest::newRow("other algorithm") << QStringLiteral("md5$") + salt + u'$' + digest
                                         << QStringLiteral("does not start with 'sha256$'");
        QTest::newRow("no hash part")
            << QStringLiteral("sha256$") + salt << QStringLiteral("too few '$'-separated parts");
        QTest::newRow("empty tag") << QStringLiteral("sha256$") + salt + u'$' + digest + u'$'
                                   << QStringLiteral("lookup tag to be 8 bytes");
        QTest::newRow("short tag")
            << QStringLiteral("sha256$") + salt + u'$' + digest + QStringLiteral("$AAAA")
            << QStringLiteral("lookup tag to be 8 bytes");
        QTest::newRow("five parts")
            << QStringLiteral("sha256$") + salt + u'$' + digest + QStringLiteral("$AAAAAAAAAAA$x")
            << QStringLiteral("too many '$'-separated parts");
        QTest::newRow("short salt") << QStringLiteral("sha256$KAx0N0C1q38Rz$") + digest
                                    << QStringLiteral("salt to be 16 bytes");
        QTest::newRow("padded salt")
            << QStringLiteral("sha256$") + salt + QStringLiteral("==$") + digest
            << QStringLiteral("salt to be 16 bytes");
        QTest::newRow("standard base64 alphabet")
            << QStringLiteral("sha256$") + salt + u'$' +
                   QStringLiteral("i+/HzyTbqMYCWY/NITuXX7GezVwSLcO8otRwhftVEN0")
            << QStringLiteral("SHA-256 digest");
        QTest::newRow("short digest") << QStringLiteral("sha256$") + salt + QStringLiteral("$abc")
                                      << QStringLiteral("SHA-256 digest");
        QTest::newRow("stray bits")
            << QStringLiteral("sha256$") + salt + u'$' +
                   QStringLiteral("i-_HzyTbqMYCWY_NITuXX7GezVwSLcO8otRwhftVEN1")
            << QStringLiteral("SHA-256 digest");
    }

    void rejectsMalformedStoredHashes() {
        QFETCH(QString, stored);
        QFETCH(QString, why);
        std::string reason;
        QVERIFY(!isSubscriptionKeyHash(stored.toStdString(), &reason));
        QVERIFY2(reason.find(why.toStdString()) != std::string::npos, reason.c_str());
        QVERIFY(!verifySubscriptionKey("anything", stored.toStdString()));
        if (!stored.isEmpty())
            QVERIFY(reason.find(stored.toStdString()) == std::string::npos); // never echoed
    }

    void acceptsTheHashesItMakes() {
        std::string reason;
        QVERIFY(isSubscriptionKeyHash(hashSubscriptionKey("k"), &reason));
        QVERIFY(reason.empty());
    }
};

QTEST_GUILESS_MAIN(TestKeyHash)
#include "test_key_hash.moc"
