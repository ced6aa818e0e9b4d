#include "core/model/diagnostic_codes.h"
#include "core/model/workspace_loader.h"
#include "core/security/key_hash.h"
#include "test_helpers.h"

#include <QTest>

#include <algorithm>

using namespace portico::model;

namespace {
const std::filesystem::path kSample = PORTICO_SOURCE_DIR "/resources/sample-workspace";
const std::filesystem::path kData = PORTICO_TEST_DATA;

// The keys behind the sample subscription's hashes; only tests know them, and `portico init`
// replaces them in every new workspace.
constexpr char kSamplePrimaryKey[] = "7zf3dHZS1Uubw_fWhnc_-MDGmgpcadRoPjtuRN-QitI";
constexpr char kSampleSecondaryKey[] = "ZDpRX5H2OzDectjeVVAi2Rhn2PnWoCVI3DEYhbUB29U";
} // namespace

class TestWorkspaceLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsSampleWorkspaceWithoutDiagnostics() {
        const LoadResult result = loadWorkspace(kSample);
        QVERIFY2(result.diagnostics.empty(), qPrintable(describe(result.diagnostics)));
    }

    void loadsSampleApisWithScopesOperationsAndPolicies() {
        const Workspace ws = loadWorkspace(kSample).workspace;
        QCOMPARE(ws.name, std::string("Portico sample"));
        QCOMPARE(ws.apis.size(), std::size_t(2));
        QCOMPARE(ws.apis[0].id, std::string("inventory")); // sorted by id
        const Api* orders = ws.findApi("orders");
        QVERIFY(orders);
        QCOMPARE(orders->path, std::string("orders"));
        QCOMPARE(orders->backendId, std::string("orders-backend"));
        QCOMPARE(orders->oauthScopes.size(), std::size_t(2));
        QCOMPARE(orders->oauthScopes[0].name, std::string("Orders.Read"));
        QCOMPARE(orders->oauthScopes[1].name, std::string("Orders.Write"));
        QCOMPARE(orders->specification.operations.size(), std::size_t(5));
        const auto* create = orders->specification.findOperation("createOrder");
        QVERIFY(create);
        QCOMPARE(create->requiredScopes, std::vector<std::string>{"Orders.Write"});
        QVERIFY(orders->policyXml.find("<include-fragment fragment-id=\"cors-defaults\" />") !=
                std::string::npos);
        QCOMPARE(orders->operationPolicies.size(), std::size_t(2));
        QVERIFY(orders->operationPolicies.count("createOrder"));
        QVERIFY(!orders->specificationText.empty());
        QVERIFY(ws.globalPolicyXml.find("{{environment-name}}") != std::string::npos);
    }

    void loadsSampleProductsSubscriptionsAndGateway() {
        const Workspace ws = loadWorkspace(kSample).workspace;
        const Product* starter = ws.findProduct("starter");
        const Product* unlimited = ws.findProduct("unlimited");
        QVERIFY(starter && unlimited);
        QVERIFY(!starter->subscriptionRequired);
        QVERIFY(!starter->policyXml.empty());
        QVERIFY(unlimited->approvalRequired);
        QCOMPARE(unlimited->subscriptionsLimit.value_or(-1), 10);

        const Subscription* sub = ws.findSubscription("ada-unlimited");
        QVERIFY(sub);
        QCOMPARE(sub->scope, std::string("/products/unlimited"));
        QCOMPARE(sub->owner, std::string("ada"));
        QVERIFY(portico::security::verifySubscriptionKey(kSamplePrimaryKey, sub->primaryKeyHash));
        QVERIFY(
            portico::security::verifySubscriptionKey(kSampleSecondaryKey, sub->secondaryKeyHash));

        QCOMPARE(ws.gateways.size(), std::size_t(1));
        QCOMPARE(ws.gateways[0].listen, std::vector<std::string>{"127.0.0.1:8080"});
        QCOMPARE(ws.gateways[0].admin, std::string("127.0.0.1:9090"));
    }

    void loadsSampleNamedValuesBackendAndFragment() {
        const Workspace ws = loadWorkspace(kSample).workspace;
        QCOMPARE(ws.namedValues.size(), std::size_t(3));
        const NamedValue* plain = ws.findNamedValue("environment-name");
        QVERIFY(plain && plain->value && !plain->secret);
        QCOMPARE(*plain->value, std::string("local"));
        const NamedValue* keychain = ws.findNamedValue("orders-backend-key");
        QVERIFY(keychain && keychain->secret && !keychain->value);
        QCOMPARE(keychain->secret->kind, SecretReference::Kind::Keychain);
        const NamedValue* vault = ws.findNamedValue("inventory-signing-key");
        QVERIFY(vault && vault->secret);
        QCOMPARE(vault->secret->kind, SecretReference::Kind::KeyVault);
        QCOMPARE(vault->secret->account, std::string("inventory-signing-key"));

        const Backend* backend = ws.findBackend("orders-backend");
        QVERIFY(backend);
        QCOMPARE(backend->url, std::string("https://orders.example.com/api"));
        QCOMPARE(backend->credentialsReference, std::string("{{orders-backend-key}}"));
        QVERIFY(ws.findFragment("cors-defaults"));
        QCOMPARE(ws.users.size(), std::size_t(1));
    }

    void reportsProblemAtExactLocation_data() {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("isError");

        auto row = [](const char* fixture, const char* file, int line, int column, const char* code,
                      bool isError = true) {
            QTest::newRow(fixture) << QString::fromLatin1(fixture) << QString::fromLatin1(file)
                                   << line << column << QString::fromLatin1(code) << isError;
        };
        row("not-utf8", "users/jose.yaml", 2, 15, codes::kNotUtf8);
        row("malformed-yaml", "apis/orders/api.yaml", 2, 13, codes::kMalformedYaml);
        row("deep-nesting", "users/ada.yaml", 2, 6009, codes::kMalformedYaml); // yaml-cpp's mark
        row("empty-required-value", "apis/orders/api.yaml", 2, 1, codes::kMissingKey);
        row("malformed-yaml-indent", "products/starter/product.yaml", 4, 2, codes::kMalformedYaml);
        row("wrong-type-list", "products/starter/product.yaml", 2, 7, codes::kWrongType);
        row("wrong-type-bool", "products/starter/product.yaml", 2, 23, codes::kWrongType);
        row("wrong-type-int", "products/starter/product.yaml", 2, 21, codes::kWrongType);
        row("wrong-type-mapping", "apis/orders/api.yaml", 1, 1, codes::kWrongType);
        row("unknown-key", "users/ada.yaml", 2, 1, codes::kUnknownKey, false);
        row("missing-key", "apis/orders/api.yaml", 1, 1, codes::kMissingKey);
        row("bad-url", "backends/orders.yaml", 2, 6, codes::kBadUrl);
        row("bad-url-port", "apis/orders/api.yaml", 3, 13, codes::kBadUrl);
        row("bad-secret-reference", "named-values/orders-key.yaml", 1, 25,
            codes::kBadSecretReference);
        row("bad-secret-reference-keyvault", "named-values/vault-key.yaml", 1, 28,
            codes::kBadSecretReference);
        row("bad-secret-scheme", "named-values/vault-key.yaml", 1, 9, codes::kBadSecretReference);
        row("clear-credentials", "backends/orders.yaml", 4, 10, codes::kBadSecretReference);
        row("clear-certificate", "certificates/orders-client.yaml", 2, 7,
            codes::kBadSecretReference);
        row("clear-logger", "loggers/audit.yaml", 2, 20, codes::kBadSecretReference);
        row("duplicate-id", "apis/orders/api.yaml", 1, 1, codes::kDuplicateId);
        row("duplicate-key", "users/ada.yaml", 3, 1, codes::kDuplicateKey);
        row("duplicate-list-item", "products/starter/product.yaml", 4, 5,
            codes::kDuplicateListItem);
        row("invalid-id", "apis/orders api", 0, 0, codes::kInvalidId);
        row("invalid-id-file", "users/-ada.yaml", 0, 0, codes::kInvalidId);
        row("bad-enum", "subscriptions/s1.yaml", 2, 8, codes::kBadEnumValue);
        row("unreadable", "apis/orders/api.yaml", 0, 0, codes::kFileUnreadable);
        row("clear-key", "subscriptions/s1.yaml", 2, 1, codes::kBadKeyHash);
        row("bad-key-hash", "subscriptions/s1.yaml", 2, 17, codes::kBadKeyHash);
        row("missing-api-yaml", "apis/orders/api.yaml", 0, 0, codes::kMissingFile);
        row("missing-portico-yaml", "portico.yaml", 0, 0, codes::kMissingFile);
        row("missing-spec-file", "apis/orders/api.yaml", 3, 16, codes::kMissingFile);
        row("bad-xml-root", "fragments/cors.xml", 3, 1, codes::kBadXmlRoot);
        row("unsupported-format-version", "portico.yaml", 2, 16, codes::kUnsupportedFormatVersion);
        row("conflicting-keys", "named-values/mode.yaml", 2, 1, codes::kConflictingKeys);
        row("bad-api-path", "apis/orders/api.yaml", 2, 7, codes::kInvalidValue);
        row("bad-listen-address", "portico.yaml", 6, 9, codes::kInvalidValue);
        row("bad-trusted-proxy", "portico.yaml", 9, 9, codes::kInvalidValue);
        row("bad-email", "users/ada.yaml", 1, 8, codes::kInvalidValue);
        // Cross-references, found by the validator with positions from the files.
        row("unknown-named-value", "apis/orders/policy.xml", 4, 20, codes::kUnknownNamedValue);
        row("unknown-api-in-product", "products/starter/product.yaml", 3, 5,
            codes::kUnknownApiInProduct);
        row("unknown-product-in-scope", "subscriptions/s1.yaml", 1, 8,
            codes::kUnknownProductInScope);
        row("unknown-owner", "subscriptions/s1.yaml", 2, 8, codes::kUnknownOwner);
        row("unknown-backend", "apis/orders/api.yaml", 3, 10, codes::kUnknownBackend);
        row("path-clash", "apis/orders-v2/api.yaml", 2, 7, codes::kApiPathClash);
    }

    void reportsProblemAtExactLocation() {
        QFETCH(QString, fixture);
        QFETCH(QString, file);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, code);
        QFETCH(bool, isError);

        const LoadResult result = loadWorkspace(kData / fixture.toStdString());
        QVERIFY2(result.diagnostics.items().size() == 1, qPrintable(describe(result.diagnostics)));
        const Diagnostic& d = result.diagnostics.items().front();
        QCOMPARE(QString::fromStdString(d.where.file), file);
        QCOMPARE(d.where.line, line);
        QCOMPARE(d.where.column, column);
        QCOMPARE(QString::fromStdString(d.code), code);
        QCOMPARE(d.severity == Severity::Error, isError);
        QVERIFY2(d.message.find("expected") != std::string::npos || d.code == codes::kUnknownKey,
                 d.message.c_str());
    }

    void collectsEveryProblemInsteadOfStoppingAtTheFirst() {
        const LoadResult result = loadWorkspace(kData / "many-problems");
        QCOMPARE(result.diagnostics.errorCount(), std::size_t(4));
        const auto& items = result.diagnostics.items();
        QCOMPARE(items[0].where.file, std::string("apis/orders/api.yaml"));
        QCOMPARE(items[1].where.file, std::string("backends/b.yaml"));
        QCOMPARE(items[2].where.file, std::string("named-values/key.yaml"));
        QCOMPARE(items[3].where.file, std::string("users/ada.yaml"));
    }

    void neverEchoesAKeyInClear() {
        const LoadResult result = loadWorkspace(kData / "clear-key");
        QCOMPARE(result.diagnostics.errorCount(), std::size_t(1));
        const std::string& message = result.diagnostics.items().front().message;
        QVERIFY(message.find("in clear") != std::string::npos);
        QVERIFY(message.find("7zf3dHZS") == std::string::npos);
        QVERIFY(result.workspace.subscriptions.front().primaryKeyHash.empty());
    }

    void reportsMissingWorkspaceFolder() {
        const LoadResult result = loadWorkspace(kData / "does-not-exist");
        QCOMPARE(result.diagnostics.errorCount(), std::size_t(1));
        QCOMPARE(result.diagnostics.items().front().code, std::string(codes::kFileUnreadable));
    }

    void warnsButKeepsLoadingOnUnknownKeys() {
        const LoadResult result = loadWorkspace(kData / "unknown-key");
        QVERIFY(!result.diagnostics.hasErrors());
        QCOMPARE(result.workspace.users.size(), std::size_t(1));
        QCOMPARE(result.workspace.users.front().email, std::string("ada@example.com"));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceLoader)
#include "test_workspace_loader.moc"
