#include "core/model/secret_reference.h"

#include <QTest>

using namespace portico::model;
using Kind = SecretReference::Kind;

Q_DECLARE_METATYPE(SecretReference::Kind)

class TestSecretReference : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesEachKindOfReference_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<QString>("service");
        QTest::addColumn<QString>("account");
        QTest::addColumn<QString>("version");

        QTest::newRow("keychain") << QStringLiteral("keychain:portico/orders-api") << Kind::Keychain
                                  << QStringLiteral("portico") << QStringLiteral("orders-api")
                                  << QString();
        QTest::newRow("keychain account with slash")
            << QStringLiteral("keychain:portico/team/orders") << Kind::Keychain
            << QStringLiteral("portico") << QStringLiteral("team/orders") << QString();
        QTest::newRow("env") << QStringLiteral("env:ORDERS_KEY_2") << Kind::Env
                             << QStringLiteral("ORDERS_KEY_2") << QString() << QString();
        QTest::newRow("file") << QStringLiteral("file:/run/secrets/orders key.pem") << Kind::File
                              << QStringLiteral("/run/secrets/orders key.pem") << QString()
                              << QString();
        QTest::newRow("keyvault")
            << QStringLiteral("keyvault:https://contoso-kv.vault.azure.net/secrets/key-1")
            << Kind::KeyVault << QStringLiteral("contoso-kv.vault.azure.net")
            << QStringLiteral("key-1") << QString();
        QTest::newRow("keyvault with version")
            << QStringLiteral("keyvault:https://contoso.vault.azure.net/secrets/key/"
                              "0123456789abcdef0123456789ABCDEF")
            << Kind::KeyVault << QStringLiteral("contoso.vault.azure.net") << QStringLiteral("key")
            << QStringLiteral("0123456789abcdef0123456789ABCDEF");
    }

    void parsesEachKindOfReference() {
        QFETCH(QString, text);
        QFETCH(Kind, kind);
        QFETCH(QString, service);
        QFETCH(QString, account);
        QFETCH(QString, version);

        const auto parsed = parseSecretReference(text.toStdString());
        QVERIFY2(parsed.ok(), parsed.error.c_str());
        QCOMPARE(parsed.reference->kind, kind);
        QCOMPARE(QString::fromStdString(parsed.reference->text), text);
        QCOMPARE(QString::fromStdString(parsed.reference->service), service);
        QCOMPARE(QString::fromStdString(parsed.reference->account), account);
        QCOMPARE(QString::fromStdString(parsed.reference->version), version);
    }

    void rejectsMalformedReferencesWithThePlaceAndWhatWasExpected_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("offset");
        QTest::addColumn<QString>("expected");

        QTest::newRow("unknown scheme")
            << QStringLiteral("vault:orders") << 0 << QStringLiteral("starting with keychain:");
        QTest::newRow("empty") << QString() << 0 << QStringLiteral("starting with keychain:");
        QTest::newRow("keychain without account")
            << QStringLiteral("keychain:portico") << 16 << QStringLiteral("no '/'");
        QTest::newRow("keychain empty service")
            << QStringLiteral("keychain:/orders") << 9 << QStringLiteral("service name");
        QTest::newRow("keychain empty account")
            << QStringLiteral("keychain:portico/") << 17 << QStringLiteral("account name");
        QTest::newRow("keychain with space")
            << QStringLiteral("keychain:por tico/a") << 12 << QStringLiteral("spaces");
        QTest::newRow("env empty")
            << QStringLiteral("env:") << 4 << QStringLiteral("environment variable name");
        QTest::newRow("env leading digit")
            << QStringLiteral("env:1KEY") << 4 << QStringLiteral("may not start with a digit");
        QTest::newRow("env bad character")
            << QStringLiteral("env:ORDERS-KEY") << 10 << QStringLiteral("unexpected character");
        QTest::newRow("file empty") << QStringLiteral("file:") << 5 << QStringLiteral("file path");
        QTest::newRow("keyvault http")
            << QStringLiteral("keyvault:http://kv1.vault.azure.net/secrets/a") << 9
            << QStringLiteral("https://");
        QTest::newRow("keyvault other host")
            << QStringLiteral("keyvault:https://kv1.example.com/secrets/a") << 17
            << QStringLiteral("vault.azure.net");
        QTest::newRow("keyvault short name")
            << QStringLiteral("keyvault:https://kv.vault.azure.net/secrets/a") << 17
            << QStringLiteral("3 to 24");
        QTest::newRow("keyvault name with underscore")
            << QStringLiteral("keyvault:https://my_vault.vault.azure.net/secrets/a") << 19
            << QStringLiteral("only letters, digits and '-'");
        QTest::newRow("keyvault double hyphen")
            << QStringLiteral("keyvault:https://my--vault.vault.azure.net/secrets/a") << 19
            << QStringLiteral("'--'");
        QTest::newRow("keyvault not secrets")
            << QStringLiteral("keyvault:https://myvault.vault.azure.net/keys/a") << 40
            << QStringLiteral("/secrets/");
        QTest::newRow("keyvault empty name")
            << QStringLiteral("keyvault:https://myvault.vault.azure.net/secrets/") << 49
            << QStringLiteral("secret name");
        QTest::newRow("keyvault bad name")
            << QStringLiteral("keyvault:https://myvault.vault.azure.net/secrets/a.b") << 50
            << QStringLiteral("secret name of only");
        QTest::newRow("keyvault bad version")
            << QStringLiteral("keyvault:https://myvault.vault.azure.net/secrets/a/v1") << 51
            << QStringLiteral("32 hexadecimal digits");
        QTest::newRow("keyvault trailing slash")
            << QStringLiteral("keyvault:https://myvault.vault.azure.net/secrets/a/") << 51
            << QStringLiteral("secret version");
    }

    void rejectsMalformedReferencesWithThePlaceAndWhatWasExpected() {
        QFETCH(QString, text);
        QFETCH(int, offset);
        QFETCH(QString, expected);

        const auto parsed = parseSecretReference(text.toStdString());
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error.find(expected.toStdString()) != std::string::npos,
                 parsed.error.c_str());
        QCOMPARE(int(parsed.offset), offset);
    }

    void recognisesTheSchemesAsSecretReferences() {
        QVERIFY(hasSecretScheme("env:X"));
        QVERIFY(hasSecretScheme("keyvault:"));
        QVERIFY(!hasSecretScheme("{{orders-key}}"));
        QVERIFY(!hasSecretScheme("https://example.com"));
    }
};

QTEST_GUILESS_MAIN(TestSecretReference)
#include "test_secret_reference.moc"
