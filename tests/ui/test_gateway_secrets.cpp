#include "ui/gateway/gateway_secrets.h"

#include "core/model/secret_reference.h"

#include <QTest>

using namespace portico;

// What the studio reads from the keychain before it starts the gateway.
class TestGatewaySecrets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void listsEveryKeychainReferenceOnce() {
        model::Workspace ws;
        auto secretNamedValue = [&](const std::string& name, const std::string& reference) {
            model::NamedValue nv;
            nv.name = name;
            nv.secret = model::parseSecretReference(reference).reference;
            ws.namedValues.push_back(nv);
        };
        secretNamedValue("orders-key", "keychain:portico/orders-key");
        secretNamedValue("from-env", "env:ORDERS_KEY");
        secretNamedValue("from-vault", "keyvault:https://vault-one.vault.azure.net/secrets/k");
        model::Backend backend;
        backend.credentialsReference = "keychain:portico/orders-key"; // the same one again
        backend.clientCertificate = "keychain:portico/backend-cert";
        ws.backends.push_back(backend);
        model::GatewaySettings gateway;
        gateway.keyVault = model::KeyVaultSignInSettings{};
        gateway.keyVault->clientSecret = "keychain:portico/key-vault-client";
        ws.gateways.push_back(gateway);

        QCOMPARE(ui::keychainReferences(ws),
                 (QStringList{QStringLiteral("keychain:portico/orders-key"),
                              QStringLiteral("keychain:portico/backend-cert"),
                              QStringLiteral("keychain:portico/key-vault-client")}));
    }
};

QTEST_GUILESS_MAIN(TestGatewaySecrets)
#include "test_gateway_secrets.moc"
