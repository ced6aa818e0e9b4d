#include "core/model/identity_loader.h"
#include "core/model/identity_writer.h"
#include "core/security/key_hash.h"
#include "test_helpers.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace portico::model;

namespace {

void write(const std::filesystem::path& file, const std::string& text) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << text;
}

struct Loaded {
    IdentitySettings identity;
    DiagnosticList diagnostics;
};

Loaded load(const std::string& clients, const std::string& users = {}) {
    QTemporaryDir dir;
    const std::filesystem::path root = dir.path().toStdString();
    if (!clients.empty())
        write(root / "identity/clients.yaml", clients);
    if (!users.empty())
        write(root / "identity/users.yaml", users);
    Loaded out;
    loadIdentity(root, out.identity, out.diagnostics);
    return out;
}

std::string hash() {
    static const std::string h =
        portico::security::hashSubscriptionKey(portico::security::generateSubscriptionKey());
    return h;
}

} // namespace

// identity/clients.yaml and identity/users.yaml: what the local identity provider reads, and
// every problem reported at its file:line:col.
class TestIdentityLoader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void noIdentityFolderMeansNoClientsAndNoDiagnostics();
    void readsClientsAndUsers();
    void reportsProblemsAtTheirLine_data();
    void reportsProblemsAtTheirLine();
    void derivesAStableObjectIdWhenNoneIsWritten();
    void writerOutputLoadsBackUnchanged();
};

void TestIdentityLoader::noIdentityFolderMeansNoClientsAndNoDiagnostics() {
    const auto loaded = load({});
    QVERIFY(loaded.diagnostics.empty());
    QVERIFY(loaded.identity.clients.empty());
    QVERIFY(!loaded.identity.tenant.empty());
}

void TestIdentityLoader::readsClientsAndUsers() {
    const auto loaded = load("tenant: contoso.test\n"
                             "accessTokenLifetimeSeconds: 900\n"
                             "clients:\n"
                             "  - id: orders-daemon\n"
                             "    secretHash: " +
                                 hash() +
                                 "\n"
                                 "    grantTypes: [client_credentials]\n"
                                 "    roles: [api://orders/Orders.Read.All]\n"
                                 "  - id: orders-spa\n"
                                 "    grantTypes: [authorization_code, refresh_token]\n"
                                 "    redirectUris: [http://localhost:3000/cb]\n"
                                 "    scopes: [api://orders/Orders.Read]\n",
                             "users:\n"
                             "  - username: alice@contoso.test\n"
                             "    displayName: Alice\n"
                             "    passwordHash: " +
                                 hash() + "\n");
    QVERIFY2(loaded.diagnostics.empty(), qPrintable(describe(loaded.diagnostics)));
    QCOMPARE(loaded.identity.tenant, std::string("contoso.test"));
    QCOMPARE(loaded.identity.accessTokenLifetimeSeconds, 900);
    QCOMPARE(loaded.identity.clients.size(), std::size_t(2));
    const auto* spa = loaded.identity.findClient("orders-spa");
    QVERIFY(spa && spa->isPublic());
    QCOMPARE(spa->scopes, std::vector<std::string>{"api://orders/Orders.Read"});
    QVERIFY(!loaded.identity.findClient("orders-daemon")->isPublic());
    const auto* alice = loaded.identity.findUser("Alice@Contoso.test");
    QVERIFY(alice);
    QCOMPARE(alice->displayName, std::string("Alice"));
}

void TestIdentityLoader::reportsProblemsAtTheirLine_data() {
    QTest::addColumn<QString>("clients");
    QTest::addColumn<QString>("users");
    QTest::addColumn<QString>("expected"); // a fragment of the one error's text
    const QString h = QString::fromStdString(hash());
    QTest::newRow("secret in clear")
        << "clients:\n  - id: a\n    secret: hunter2\n    grantTypes: [device_code]\n"
        << ""
        << "identity/clients.yaml:3:5: error: PT1012 'secret' holds a secret in clear";
    QTest::newRow("password in clear")
        << ""
        << "users:\n  - username: bob\n    password: hunter2\n"
        << "identity/users.yaml:3:5: error: PT1012 'password' holds a secret in clear";
    QTest::newRow("malformed hash")
        << "clients:\n  - id: a\n    secretHash: sha256$x\n    grantTypes: [device_code]\n"
        << ""
        << "identity/clients.yaml:3:17: error: PT1012 bad 'secretHash'";
    QTest::newRow("unknown grant")
        << "clients:\n  - id: a\n    grantTypes: [password]\n"
        << ""
        << "identity/clients.yaml:3:17: error: PT1007 unknown grant type 'password'";
    QTest::newRow("public client with client_credentials")
        << "clients:\n  - id: a\n    grantTypes: [client_credentials]\n"
        << ""
        << "cannot use client_credentials";
    QTest::newRow("authorization_code without redirect uri")
        << "clients:\n  - id: a\n    grantTypes: [authorization_code]\n"
        << ""
        << "needs at least one redirectUris entry";
    QTest::newRow("plain http redirect to another host")
        << "clients:\n  - id: a\n    grantTypes: [authorization_code]\n"
           "    redirectUris: [http://app.example/cb]\n"
        << ""
        << "identity/clients.yaml:4:19: error: PT1008 bad redirect URI";
    QTest::newRow("permission without resource")
        << "clients:\n  - id: a\n    grantTypes: [device_code]\n    scopes: [Orders.Read]\n"
        << ""
        << "identity/clients.yaml:4:13: error: PT1013 'Orders.Read' in 'scopes' is not a "
           "permission";
    QTest::newRow("duplicate client")
        << "clients:\n  - id: a\n    grantTypes: [device_code]\n  - id: a\n"
           "    grantTypes: [device_code]\n"
        << ""
        << "identity/clients.yaml:4:9: error: PT1020 client 'a' is defined twice";
    QTest::newRow("duplicate user, other case")
        << ""
        << QStringLiteral("users:\n  - username: bob\n    passwordHash: ") + h +
               QStringLiteral("\n  - username: BOB\n    passwordHash: ") + h + QStringLiteral("\n")
        << "identity/users.yaml:4:15: error: PT1020 user 'BOB' is defined twice";
    QTest::newRow("bad tenant") << "tenant: a/b\n"
                                << ""
                                << "identity/clients.yaml:1:9: error: PT1013 'tenant' must be";
    QTest::newRow("lifetime out of range") << "accessTokenLifetimeSeconds: 10\n"
                                           << ""
                                           << "identity/clients.yaml:1:29: error:";
    QTest::newRow("bad object id")
        << ""
        << QStringLiteral("users:\n  - username: bob\n    objectId: 42\n    passwordHash: ") + h +
               QStringLiteral("\n")
        << "identity/users.yaml:3:15: error: PT1013 'objectId' must be a GUID";
    QTest::newRow("broken yaml") << "clients: [\n"
                                 << ""
                                 << "identity/clients.yaml:2:1: error: PT1004";
}

void TestIdentityLoader::reportsProblemsAtTheirLine() {
    QFETCH(QString, clients);
    QFETCH(QString, users);
    QFETCH(QString, expected);
    const auto loaded = load(clients.toStdString(), users.toStdString());
    QCOMPARE(loaded.diagnostics.errorCount(), std::size_t(1));
    const QString text = describe(loaded.diagnostics);
    QVERIFY2(text.contains(expected), qPrintable(text));
    QVERIFY(!text.contains(QStringLiteral("hunter2")));
}

void TestIdentityLoader::derivesAStableObjectIdWhenNoneIsWritten() {
    const std::string users = "users:\n  - username: Bob\n    passwordHash: " + hash() + "\n";
    const auto first = load("tenant: t1\n", users);
    const auto again = load("tenant: t1\n", users);
    const auto other = load("tenant: t2\n", users);
    const auto& oid = first.identity.users.at(0).objectId;
    QCOMPARE(oid.size(), std::size_t(36));
    QCOMPARE(oid, again.identity.users.at(0).objectId);
    QVERIFY(oid != other.identity.users.at(0).objectId);
    QCOMPARE(oid, derivedObjectId("t1", "bob"));
}

void TestIdentityLoader::writerOutputLoadsBackUnchanged() {
    IdentitySettings identity;
    identity.tenant = "contoso.test";
    IdentityClient client;
    client.id = "cli";
    client.displayName = "CLI: \"quoted\"";
    client.grantTypes = {"device_code", "refresh_token"};
    client.scopes = {"api://orders/Orders.Read"};
    identity.clients.push_back(client);
    IdentityUser user;
    user.username = "alice@contoso.test";
    user.objectId = derivedObjectId("contoso.test", "alice@contoso.test");
    user.passwordHash = hash();
    identity.users.push_back(user);
    QTemporaryDir dir;
    const std::filesystem::path root = dir.path().toStdString();
    QVERIFY(saveIdentity(root, identity).empty());
    IdentitySettings back;
    DiagnosticList diagnostics;
    loadIdentity(root, back, diagnostics);
    QVERIFY2(diagnostics.empty(), qPrintable(describe(diagnostics)));
    QCOMPARE(identityClientsYaml(back), identityClientsYaml(identity));
    QCOMPARE(identityUsersYaml(back), identityUsersYaml(identity));
    QCOMPARE(back.clients.at(0).displayName, client.displayName);
}

QTEST_GUILESS_MAIN(TestIdentityLoader)
#include "test_identity_loader.moc"
