#include "core/model/canonical_yaml.h"
#include "core/model/workspace_loader.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace portico::model;

namespace {

LoadResult loadGateway(const QByteArray& keyVaultLines) {
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("portico.yaml")));
    file.open(QIODevice::WriteOnly);
    file.write("name: demo\nformatVersion: 1\ngateways:\n  - name: local\n"
               "    listen: 127.0.0.1:8080\n    keyVault:\n" +
               keyVaultLines);
    file.close();
    return loadWorkspace(dir.path().toStdString());
}

QString problemsOf(const LoadResult& result) {
    QStringList lines;
    for (const auto& d : result.diagnostics.items())
        lines << QString::fromStdString(d.toString());
    return lines.join(QLatin1Char('\n'));
}

} // namespace

// The Key Vault sign-in of a gateway entry in portico.yaml: read, checked, written back.
class TestKeyVaultSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsAClientSecretSignInAndWritesItBack() {
        const QByteArray lines = "      tenantId: contoso.onmicrosoft.com\n"
                                 "      clientId: 8d1e2f3a-0000-4000-8000-000000000001\n"
                                 "      clientSecret: keychain:portico/key-vault-client\n"
                                 "      authority: https://login.microsoftonline.us\n"
                                 "      caFile: certs/proxy-ca.pem\n";
        const auto result = loadGateway(lines);
        QVERIFY2(result.diagnostics.empty(), qPrintable(problemsOf(result)));
        const auto& k = result.workspace.gateways.at(0).keyVault;
        QVERIFY(k);
        QCOMPARE(k->tenantId, std::string("contoso.onmicrosoft.com"));
        QCOMPARE(k->clientSecret, std::string("keychain:portico/key-vault-client"));
        QCOMPARE(k->authority, std::string("https://login.microsoftonline.us"));
        QVERIFY(!k->managedIdentity);
        const auto text = canonicalWorkspaceYaml(result.workspace);
        QVERIFY2(text.find("    keyVault:\n      tenantId: contoso.onmicrosoft.com\n") !=
                         std::string::npos &&
                     text.find("      caFile: certs/proxy-ca.pem\n") != std::string::npos,
                 text.c_str());
    }

    void readsAManagedIdentitySignIn() {
        const auto result = loadGateway("      managedIdentity: true\n");
        QVERIFY2(result.diagnostics.empty(), qPrintable(problemsOf(result)));
        QVERIFY(result.workspace.gateways.at(0).keyVault->managedIdentity);
        QVERIFY(canonicalWorkspaceYaml(result.workspace)
                    .find("    keyVault:\n      managedIdentity: true\n") != std::string::npos);
    }

    void refusesBadSignInsNamingWhere_data() {
        QTest::addColumn<QByteArray>("lines");
        QTest::addColumn<QString>("expected");
        QTest::newRow("secret in clear")
            << QByteArray("      tenantId: t\n      clientId: c\n      clientSecret: Qm8~abc\n")
            << "portico.yaml:9:21: error: PT1009 'keyVault.clientSecret' must be a secret "
               "reference";
        QTest::newRow("secret in Key Vault")
            << QByteArray("      tenantId: t\n      clientId: c\n      clientSecret: "
                          "keyvault:https://vault-one.vault.azure.net/secrets/s\n")
            << "cannot itself live in Key Vault";
        QTest::newRow("incomplete") << QByteArray("      clientId: c\n") << "keyVault.tenantId";
        QTest::newRow("two ways") << QByteArray("      managedIdentity: true\n      tenantId: t\n")
                                  << "either as the managed identity or with tenantId";
        QTest::newRow("plain http authority")
            << QByteArray("      managedIdentity: true\n      authority: http://login.example\n")
            << "bad URL in 'keyVault.authority': http:// is allowed only for loopback";
        QTest::newRow("CA outside the workspace")
            << QByteArray("      managedIdentity: true\n      caFile: ../ca.pem\n")
            << "expected a relative path inside the workspace for 'caFile'";
    }

    void refusesBadSignInsNamingWhere() {
        QFETCH(QByteArray, lines);
        QFETCH(QString, expected);
        const auto result = loadGateway(lines);
        QVERIFY(result.diagnostics.hasErrors());
        QVERIFY2(problemsOf(result).contains(expected), qPrintable(problemsOf(result)));
        QVERIFY2(!problemsOf(result).contains(QStringLiteral("Qm8~abc")),
                 qPrintable(problemsOf(result)));
    }
};

QTEST_GUILESS_MAIN(TestKeyVaultSettings)
#include "test_key_vault_settings.moc"
