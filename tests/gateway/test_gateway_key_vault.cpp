#include "azure_stand_in_process.h"
#include "gateway_harness.h"
#include "test_certificates.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

using harness::exchange;
using testcerts::issue;
using testcerts::writePem;

namespace {

const QString kVault = QStringLiteral("portico-test.vault.azure.net");
const char* kSecretValue = "backend-key-value-1";
const QString kOldVersion = QStringLiteral("0123456789abcdef0123456789abcdef");

const char* kPolicy = R"xml(<policies>
  <inbound>
    <base/>
    <set-header name="X-Backend-Key" exists-action="override"><value>{{backend-key}}</value></set-header>
  </inbound>
  <backend><base/></backend>
  <outbound><base/></outbound>
  <on-error><base/></on-error>
</policies>)xml";

QByteArray getThrough() {
    return "GET /vault/anything HTTP/1.1\r\nHost: gw.test\r\nConnection: close\r\n\r\n";
}

// What the test backend saw of a header on a call through `api` (X-Backend-Key, which the
// vault API's policy sets), or the status when the call failed.
QString keySeenByBackend(quint16 port, const QByteArray& api = "vault",
                         QLatin1String header = QLatin1String("x-backend-key")) {
    const auto response = exchange(port, "GET /" + api +
                                             "/anything HTTP/1.1\r\nHost: gw.test\r\nConnection: "
                                             "close\r\n\r\n");
    if (!response || response->status != 200)
        return QStringLiteral("<status %1>").arg(response ? response->status : 0);
    return QJsonDocument::fromJson(response->body)
        .object()
        .value(QLatin1String("headers"))
        .toObject()
        .value(header)
        .toString();
}

bool writeFile(const QString& path, const QByteArray& text) {
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text) == text.size();
}

} // namespace

// keyvault: named values read from Key Vault through Microsoft Entra ID, over the services'
// documented REST protocols (a stand-in serves them with a certificate the test issues).
class TestGatewayKeyVault : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void readsNamedValuesWithAClientSecret();
    void readsTheVersionAReferenceNames();
    void signsInAsAManagedIdentity();
    void readsTheSignInFromTheGatewaysSettings();
    void reportsWhatKeyVaultAnswered();
    void addsBackendCredentialsFromKeyVault();
    void reportsARefusedSignInWithoutTheSecret();
    void picksUpRotatedValuesAndKeepsTheLastWhenTheVaultIsDown();
    void signsInAgainWhenTheVaultRefusesAToken();
    void refusesIncompleteSignInOptions_data();
    void refusesIncompleteSignInOptions();

private:
    QString path(const QString& name) const { return m_dir.path() + QLatin1Char('/') + name; }
    void writeConfig(const QJsonObject& secrets, int tokenLifetime = 3600, qint64 revokeBefore = 0);
    void writeNamedValue(const QString& reference);
    QStringList clientSecretArguments(const QString& secretFile);
    QStringList connectArguments() const;

    QTemporaryDir m_dir;
    harness::Backend m_backend;
    AzureStandIn m_azure;
    QByteArray m_clientSecret;
};

void TestGatewayKeyVault::initTestCase() {
    QVERIFY(m_dir.isValid());
    const auto ca = issue({.commonName = "Portico Azure Test CA"}, nullptr);
    QVERIFY(writePem(ca, path(QStringLiteral("ca.pem")), path(QStringLiteral("ca.key"))));
    QVERIFY(writePem(issue({.commonName = "stand-in",
                            .extendedUsage = "serverAuth",
                            .subjectAltNames = "DNS:login.microsoftonline.com,"
                                               "DNS:portico-test.vault.azure.net,IP:127.0.0.1"},
                           &ca),
                     path(QStringLiteral("azure.pem")), path(QStringLiteral("azure.key"))));
    m_clientSecret = "Qm8~client-secret-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch());
    QVERIFY(writeFile(path(QStringLiteral("client-secret")), m_clientSecret + "\n"));
    writeConfig({});
    QVERIFY(m_azure.start(path(QStringLiteral("azure.pem")), path(QStringLiteral("azure.key")),
                          path(QStringLiteral("azure.json"))));
    QVERIFY(m_backend.start());
    QVERIFY(harness::writeWorkspace(path(QStringLiteral("ws")),
                                    {{QStringLiteral("vault"),
                                      QStringLiteral("vault"),
                                      m_backend.url() + QStringLiteral("/api"),
                                      {harness::op("GET", "/{rest}", "get")},
                                      {}}}));
    harness::writeOrFail(path(QStringLiteral("ws/apis/vault/policy.xml")), kPolicy);
}

void TestGatewayKeyVault::init() {
    writeConfig(
        {{QStringLiteral("backend-key"), QLatin1String(kSecretValue)},
         {QStringLiteral("backend-key/") + kOldVersion, QStringLiteral("backend-key-old-version")},
         {QStringLiteral("disabled-key"), QJsonValue::Null}});
    writeNamedValue(QStringLiteral("keyvault:https://%1/secrets/backend-key").arg(kVault));
    m_azure.requests(); // what earlier cases left
}

void TestGatewayKeyVault::writeConfig(const QJsonObject& secrets, int tokenLifetime,
                                      qint64 revokeBefore) {
    const QJsonObject config{{QStringLiteral("tenant"), QStringLiteral("contoso")},
                             {QStringLiteral("clientId"), QStringLiteral("portico-gateway")},
                             {QStringLiteral("clientSecret"), QString::fromUtf8(m_clientSecret)},
                             {QStringLiteral("tokenLifetime"), tokenLifetime},
                             {QStringLiteral("revokeBefore"), revokeBefore},
                             {QStringLiteral("secrets"), secrets}};
    QVERIFY(writeFile(path(QStringLiteral("azure.json")), QJsonDocument(config).toJson()));
}

void TestGatewayKeyVault::writeNamedValue(const QString& reference) {
    QVERIFY(writeFile(path(QStringLiteral("ws/named-values/backend-key.yaml")),
                      "displayName: Backend key\nsecret: " + reference.toUtf8() + "\n"));
}

QStringList TestGatewayKeyVault::connectArguments() const {
    const QString to = QStringLiteral("=127.0.0.1:%1").arg(m_azure.port());
    return {QStringLiteral("--no-watch"),
            QStringLiteral("--keyvault-ca"),
            path(QStringLiteral("ca.pem")),
            QStringLiteral("--keyvault-connect-to"),
            QStringLiteral("login.microsoftonline.com") + to,
            QStringLiteral("--keyvault-connect-to"),
            kVault + to};
}

QStringList TestGatewayKeyVault::clientSecretArguments(const QString& secretFile) {
    return connectArguments() +
           QStringList{
               QStringLiteral("--keyvault-tenant"),        QStringLiteral("contoso"),
               QStringLiteral("--keyvault-client-id"),     QStringLiteral("portico-gateway"),
               QStringLiteral("--keyvault-client-secret"), QStringLiteral("file:") + secretFile};
}

void TestGatewayKeyVault::readsNamedValuesWithAClientSecret() {
    harness::Gateway gateway;
    QString error;
    QVERIFY2(gateway.start(path(QStringLiteral("ws")),
                           clientSecretArguments(path(QStringLiteral("client-secret"))), &error),
             qPrintable(error));
    QCOMPARE(keySeenByBackend(gateway.port()), QLatin1String(kSecretValue));
    QCOMPARE(m_azure.requests(), (QStringList{QStringLiteral("POST /contoso/oauth2/v2.0/token 200"),
                                              QStringLiteral("GET /secrets/backend-key 200")}));
    // Read once per snapshot: further calls do not go to the vault.
    QCOMPARE(keySeenByBackend(gateway.port()), QLatin1String(kSecretValue));
    QCOMPARE(m_azure.requests(), QStringList{});
    const auto log = gateway.standardError();
    QVERIFY2(!log.contains(kSecretValue) && !log.contains(m_clientSecret), log.constData());
    QVERIFY2(!log.contains("PT3016"), log.constData());
}

void TestGatewayKeyVault::readsTheVersionAReferenceNames() {
    writeNamedValue(
        QStringLiteral("keyvault:https://%1/secrets/backend-key/%2").arg(kVault, kOldVersion));
    harness::Gateway gateway;
    QString error;
    QVERIFY2(gateway.start(path(QStringLiteral("ws")),
                           clientSecretArguments(path(QStringLiteral("client-secret"))), &error),
             qPrintable(error));
    QCOMPARE(keySeenByBackend(gateway.port()), QStringLiteral("backend-key-old-version"));
    QVERIFY(m_azure.requests().contains(
        QStringLiteral("GET /secrets/backend-key/%1 200").arg(kOldVersion)));
}

void TestGatewayKeyVault::signsInAsAManagedIdentity() {
    harness::Gateway gateway;
    QString error;
    QVERIFY2(gateway.start(path(QStringLiteral("ws")),
                           connectArguments() +
                               QStringList{QStringLiteral("--keyvault-managed-identity"),
                                           QStringLiteral("--keyvault-identity-endpoint"),
                                           QStringLiteral("https://127.0.0.1:%1/metadata/identity/"
                                                          "oauth2/token")
                                               .arg(m_azure.port())},
                           &error),
             qPrintable(error));
    QCOMPARE(keySeenByBackend(gateway.port()), QLatin1String(kSecretValue));
    QCOMPARE(m_azure.requests(),
             (QStringList{QStringLiteral("GET /metadata/identity/oauth2/token 200"),
                          QStringLiteral("GET /secrets/backend-key 200")}));
}

void TestGatewayKeyVault::readsTheSignInFromTheGatewaysSettings() {
    const QString settings = path(QStringLiteral("ws/portico.yaml"));
    QFile original(settings);
    QVERIFY(original.open(QIODevice::ReadOnly));
    const QByteArray before = original.readAll();
    original.close();
    QVERIFY(writeFile(path(QStringLiteral("ws/secrets/key-vault-client")), m_clientSecret));
    QVERIFY(writeFile(settings, before + "gateways:\n  - name: local\n    listen: 127.0.0.1:8080\n"
                                         "    keyVault:\n      tenantId: contoso\n"
                                         "      clientId: portico-gateway\n"
                                         "      clientSecret: file:secrets/key-vault-client\n"));
    harness::Gateway gateway;
    QString error;
    // Only the reaching of the stand-in comes from the command line.
    const bool started = gateway.start(path(QStringLiteral("ws")), connectArguments(), &error);
    QVERIFY(writeFile(settings, before));
    QVERIFY2(started, qPrintable(error));
    QCOMPARE(keySeenByBackend(gateway.port()), QLatin1String(kSecretValue));
    QCOMPARE(m_azure.requests().value(0), QStringLiteral("POST /contoso/oauth2/v2.0/token 200"));
}

// backends/<id>.yaml `credentials`: the header goes to the backend with its secret, read here from
// Key Vault; one that cannot be read makes the calls answer 500, never go without it.
void TestGatewayKeyVault::addsBackendCredentialsFromKeyVault() {
    const QString dir = path(QStringLiteral("ws"));
    const auto backendYaml = [&](const QString& secret) {
        return "url: " + m_backend.url().toUtf8() +
               "/api\ncredentials:\n  header: x-functions-key\n"
               "  value: keyvault:https://" +
               kVault.toUtf8() + "/secrets/" + secret.toUtf8() + "\n";
    };
    QVERIFY(writeFile(dir + QStringLiteral("/backends/functions.yaml"),
                      backendYaml(QStringLiteral("backend-key"))));
    QVERIFY(writeFile(dir + QStringLiteral("/apis/keyed/api.yaml"),
                      "displayName: keyed\npath: keyed\nbackend: functions\n"
                      "subscriptionRequired: false\nspecification: openapi.yaml\n"));
    QVERIFY(writeFile(dir + QStringLiteral("/apis/keyed/openapi.yaml"),
                      "openapi: 3.0.3\ninfo: {title: keyed, version: 1.0.0}\npaths:\n  /{rest}:\n"
                      "    get:\n      operationId: get\n      parameters:\n"
                      "        - {name: rest, in: path, required: true, schema: {type: string}}\n"
                      "      responses: {'200': {description: ok}}\n"));
    auto cleanUp = qScopeGuard([&] {
        QDir(dir + QStringLiteral("/apis/keyed")).removeRecursively();
        QFile::remove(dir + QStringLiteral("/backends/functions.yaml"));
    });
    auto keySeen = [](quint16 port) {
        return keySeenByBackend(port, "keyed", QLatin1String("x-functions-key"));
    };
    {
        harness::Gateway gateway;
        QString error;
        QVERIFY2(gateway.start(dir, clientSecretArguments(path(QStringLiteral("client-secret"))),
                               &error),
                 qPrintable(error));
        QCOMPARE(keySeen(gateway.port()), QLatin1String(kSecretValue));
        QVERIFY(!gateway.standardError().contains(kSecretValue));
    }
    QVERIFY(writeFile(dir + QStringLiteral("/backends/functions.yaml"),
                      backendYaml(QStringLiteral("missing-key"))));
    harness::Gateway gateway;
    QString error;
    QVERIFY2(
        gateway.start(dir, clientSecretArguments(path(QStringLiteral("client-secret"))), &error),
        qPrintable(error));
    QCOMPARE(keySeen(gateway.port()), QStringLiteral("<status 500>"));
    const auto log = gateway.standardError();
    QVERIFY2(log.contains("PT3016 the credentials of backend 'functions'"), log.constData());
}

void TestGatewayKeyVault::reportsWhatKeyVaultAnswered() {
    QVERIFY(writeFile(
        path(QStringLiteral("ws/named-values/missing-key.yaml")),
        QStringLiteral("secret: keyvault:https://%1/secrets/missing-key\n").arg(kVault).toUtf8()));
    QVERIFY(writeFile(
        path(QStringLiteral("ws/named-values/disabled-key.yaml")),
        QStringLiteral("secret: keyvault:https://%1/secrets/disabled-key\n").arg(kVault).toUtf8()));
    const QString policyFile = path(QStringLiteral("ws/apis/vault/operations/get/policy.xml"));
    harness::writeOrFail(policyFile,
                         "<policies><inbound><base/><set-header name=\"X-Missing\" "
                         "exists-action=\"override\"><value>{{missing-key}}{{disabled-key}}"
                         "</value></set-header></inbound></policies>");
    harness::Gateway gateway;
    QString error;
    const bool started =
        gateway.start(path(QStringLiteral("ws")),
                      clientSecretArguments(path(QStringLiteral("client-secret"))), &error);
    QFile::remove(policyFile);
    QFile::remove(path(QStringLiteral("ws/named-values/missing-key.yaml")));
    QFile::remove(path(QStringLiteral("ws/named-values/disabled-key.yaml")));
    QVERIFY2(started, qPrintable(error));
    const auto log = gateway.standardError();
    QVERIFY2(log.contains("PT3016 named value 'missing-key'") &&
                 log.contains("Key Vault answered 404 (SecretNotFound: A secret with (name/id) "
                              "missing-key was not found in this key vault.)"),
             log.constData());
    QVERIFY2(log.contains("PT3016 named value 'disabled-key'") &&
                 log.contains("Key Vault answered 403 (Forbidden/SecretDisabled: Operation get "
                              "is not allowed on a disabled secret.)"),
             log.constData());
    const auto response = exchange(gateway.port(), getThrough());
    QVERIFY(response);
    QCOMPARE(response->status, 500);
}

void TestGatewayKeyVault::reportsARefusedSignInWithoutTheSecret() {
    const QByteArray wrong = "not-the-secret-" + m_clientSecret;
    QVERIFY(writeFile(path(QStringLiteral("wrong-secret")), wrong));
    harness::Gateway gateway;
    QString error;
    QVERIFY2(gateway.start(path(QStringLiteral("ws")),
                           clientSecretArguments(path(QStringLiteral("wrong-secret"))), &error),
             qPrintable(error));
    const auto log = gateway.standardError();
    QVERIFY2(log.contains("PT3016 named value 'backend-key'") &&
                 log.contains("no access token for Key Vault: the token endpoint of tenant "
                              "contoso answered 401 (invalid_client: AADSTS7000215: Invalid "
                              "client secret provided.)"),
             log.constData());
    QVERIFY2(!log.contains(wrong), log.constData());
    QCOMPARE(m_azure.requests(),
             QStringList{QStringLiteral("POST /contoso/oauth2/v2.0/token 401")});
    const auto response = exchange(gateway.port(), getThrough());
    QVERIFY(response);
    QCOMPARE(response->status, 500);
}

void TestGatewayKeyVault::picksUpRotatedValuesAndKeepsTheLastWhenTheVaultIsDown() {
    harness::Gateway gateway;
    QString error;
    QVERIFY2(gateway.start(
                 path(QStringLiteral("ws")),
                 clientSecretArguments(path(QStringLiteral("client-secret"))) +
                     QStringList{QStringLiteral("--keyvault-refresh-ms"), QStringLiteral("700")},
                 &error),
             qPrintable(error));
    QCOMPARE(keySeenByBackend(gateway.port()), QLatin1String(kSecretValue));
    writeConfig({{QStringLiteral("backend-key"), QStringLiteral("backend-key-value-2")}});
    QTRY_COMPARE_WITH_TIMEOUT(keySeenByBackend(gateway.port()),
                              QStringLiteral("backend-key-value-2"), 10000);
    // The token outlives the refreshes: one sign-in, several reads.
    const auto served = m_azure.requests();
    QCOMPARE(served.count(QStringLiteral("POST /contoso/oauth2/v2.0/token 200")), 1);
    QVERIFY(served.count(QStringLiteral("GET /secrets/backend-key 200")) >= 2);

    m_azure.stop();
    QTest::qWait(2000); // two refreshes, both failing
    const bool stillServed =
        keySeenByBackend(gateway.port()) == QLatin1String("backend-key-value-2");
    const auto log = gateway.standardError();
    QVERIFY(m_azure.start(path(QStringLiteral("azure.pem")), path(QStringLiteral("azure.key")),
                          path(QStringLiteral("azure.json"))));
    QVERIFY(stillServed);
    QVERIFY2(log.contains("PT3018 named value 'backend-key'") &&
                 log.contains("refreshing it failed, so its last value stays in use: cannot "
                              "reach Key Vault"),
             log.constData());
    QVERIFY2(!log.contains("backend-key-value"), log.constData());
}

void TestGatewayKeyVault::signsInAgainWhenTheVaultRefusesAToken() {
    harness::Gateway gateway;
    QString error;
    QVERIFY2(gateway.start(
                 path(QStringLiteral("ws")),
                 clientSecretArguments(path(QStringLiteral("client-secret"))) +
                     QStringList{QStringLiteral("--keyvault-refresh-ms"), QStringLiteral("700")},
                 &error),
             qPrintable(error));
    QCOMPARE(keySeenByBackend(gateway.port()), QLatin1String(kSecretValue));
    m_azure.requests();
    // The vault stops honouring every token issued so far, as after a revocation: a second
    // later, so that the cut falls after the gateway's token and before any new one.
    QTest::qWait(1100);
    writeConfig({{QStringLiteral("backend-key"), QStringLiteral("backend-key-value-3")}}, 3600,
                QDateTime::currentSecsSinceEpoch());
    QTRY_COMPARE_WITH_TIMEOUT(keySeenByBackend(gateway.port()),
                              QStringLiteral("backend-key-value-3"), 10000);
    const auto served = m_azure.requests();
    const auto refused = served.indexOf(QStringLiteral("GET /secrets/backend-key 401"));
    QVERIFY2(refused >= 0 && served.size() > refused + 2 &&
                 served[refused + 1] == QStringLiteral("POST /contoso/oauth2/v2.0/token 200") &&
                 served[refused + 2] == QStringLiteral("GET /secrets/backend-key 200"),
             qPrintable(served.join(QLatin1Char('\n'))));
}

void TestGatewayKeyVault::refusesIncompleteSignInOptions_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");
    QTest::newRow("secret without tenant")
        << QStringList{QStringLiteral("--keyvault-client-id"), QStringLiteral("app"),
                       QStringLiteral("--keyvault-client-secret"), QStringLiteral("env:SECRET")}
        << QStringLiteral("Key Vault sign-in needs --keyvault-tenant, --keyvault-client-id and "
                          "--keyvault-client-secret together");
    QTest::newRow("a secret in argv")
        << QStringList{QStringLiteral("--keyvault-client-secret"), QStringLiteral("Qm8~abc")}
        << QStringLiteral("--keyvault-client-secret: expected env:NAME, file:PATH or keychain:");
    QTest::newRow("the sign-in secret in Key Vault")
        << QStringList{QStringLiteral("--keyvault-client-secret"),
                       QStringLiteral("keyvault:https://vault-one.vault.azure.net/secrets/s")}
        << QStringLiteral("cannot itself live in Key Vault");
    QTest::newRow("two ways of signing in")
        << QStringList{QStringLiteral("--keyvault-managed-identity"),
                       QStringLiteral("--keyvault-tenant"), QStringLiteral("contoso")}
        << QStringLiteral("give one way of signing in");
    QTest::newRow("plain http authority")
        << QStringList{QStringLiteral("--keyvault-authority"),
                       QStringLiteral("http://login.example")}
        << QStringLiteral("--keyvault-authority: http:// is allowed only for loopback");
    QTest::newRow("tuning without a sign-in")
        << QStringList{QStringLiteral("--keyvault-ca"), QStringLiteral("ca.pem")}
        << QStringLiteral("--keyvault-* options tune a Key Vault sign-in, and none is given");
    QTest::newRow("connect-to without address")
        << QStringList{QStringLiteral("--keyvault-connect-to"), QStringLiteral("v.vault.azure.net")}
        << QStringLiteral("--keyvault-connect-to: expected HOST=ADDR:PORT");
}

void TestGatewayKeyVault::refusesIncompleteSignInOptions() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    const auto result = harness::runGatewayToEnd(
        QStringList{QStringLiteral("--workspace"), path(QStringLiteral("ws"))} + arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.standardError.contains(error.toUtf8()), result.standardError.constData());
    QVERIFY2(!result.standardError.contains("Qm8~abc"), result.standardError.constData());
}

QTEST_GUILESS_MAIN(TestGatewayKeyVault)
#include "test_gateway_key_vault.moc"
