#include "core/model/diagnostic_codes.h"
#include "core/model/workspace_validator.h"
#include "test_helpers.h"

#include <QTest>

using namespace portico::model;

namespace {

Api makeApi(const std::string& id, const std::string& path) {
    Api api;
    api.id = id;
    api.displayName = id;
    api.path = path;
    api.origin.where = {"apis/" + id + "/api.yaml", 1, 1};
    api.origin.fields["path"] = {"apis/" + id + "/api.yaml", 2, 7};
    return api;
}

Subscription makeSubscription(const std::string& scope) {
    Subscription s;
    s.id = "s1";
    s.scope = scope;
    s.origin.where = {"subscriptions/s1.yaml", 1, 1};
    s.origin.fields["scope"] = {"subscriptions/s1.yaml", 1, 8};
    return s;
}

DiagnosticList validate(const Workspace& ws) {
    DiagnosticList diagnostics;
    validateWorkspace(ws, diagnostics);
    return diagnostics;
}

// The only diagnostic must have this code; returns it for further checks.
Diagnostic single(const DiagnosticList& list, const char* code) {
    if (list.items().size() != 1 || list.items().front().code != code)
        qWarning("%s", qPrintable(describe(list)));
    return list.items().size() == 1 && list.items().front().code == code ? list.items().front()
                                                                         : Diagnostic{};
}

} // namespace

class TestWorkspaceValidator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void acceptsAConsistentWorkspace() {
        Workspace ws;
        ws.apis.push_back(makeApi("orders", "orders"));
        Product product;
        product.id = "starter";
        product.apis = {"orders"};
        ws.products.push_back(product);
        ws.subscriptions.push_back(makeSubscription("/products/starter"));
        const DiagnosticList list = validate(ws);
        QVERIFY2(list.empty(), qPrintable(describe(list)));
    }

    void rejectsProductNamingUnknownApi() {
        Workspace ws;
        ws.apis.push_back(makeApi("orders", "orders"));
        Product product;
        product.id = "starter";
        product.apis = {"orders", "billing"};
        product.origin.fields["apis[1]"] = {"products/starter/product.yaml", 4, 5};
        ws.products.push_back(product);
        const Diagnostic d = single(validate(ws), codes::kUnknownApiInProduct);
        QCOMPARE(d.where.file, std::string("products/starter/product.yaml"));
        QCOMPARE(d.where.line, 4);
        QCOMPARE(d.where.column, 5);
        QVERIFY(d.message.find("'billing'") != std::string::npos);
    }

    void checksSubscriptionScopes_data() {
        QTest::addColumn<QString>("scope");
        QTest::addColumn<QString>("code"); // empty: valid
        QTest::newRow("all apis") << QStringLiteral("/apis") << QString();
        QTest::newRow("known product") << QStringLiteral("/products/starter") << QString();
        QTest::newRow("known api") << QStringLiteral("/apis/orders") << QString();
        QTest::newRow("unknown product") << QStringLiteral("/products/gold")
                                         << QString::fromLatin1(codes::kUnknownProductInScope);
        QTest::newRow("unknown api")
            << QStringLiteral("/apis/billing") << QString::fromLatin1(codes::kUnknownApiInScope);
        QTest::newRow("no id") << QStringLiteral("/products/")
                               << QString::fromLatin1(codes::kBadScope);
        QTest::newRow("other kind")
            << QStringLiteral("/users/ada") << QString::fromLatin1(codes::kBadScope);
        QTest::newRow("no slash") << QStringLiteral("starter")
                                  << QString::fromLatin1(codes::kBadScope);
    }

    void checksSubscriptionScopes() {
        QFETCH(QString, scope);
        QFETCH(QString, code);
        Workspace ws;
        ws.apis.push_back(makeApi("orders", "orders"));
        Product product;
        product.id = "starter";
        ws.products.push_back(product);
        ws.subscriptions.push_back(makeSubscription(scope.toStdString()));
        const DiagnosticList list = validate(ws);
        if (code.isEmpty()) {
            QVERIFY2(list.empty(), qPrintable(describe(list)));
            return;
        }
        const Diagnostic d = single(list, code.toLatin1().constData());
        QCOMPARE(d.where.line, 1);
        QCOMPARE(d.where.column, 8);
    }

    void rejectsSubscriptionOwnerThatIsNotAUser() {
        Workspace ws;
        Subscription s = makeSubscription("/apis");
        s.owner = "bob";
        s.origin.fields["owner"] = {"subscriptions/s1.yaml", 2, 8};
        ws.subscriptions.push_back(s);
        QCOMPARE(single(validate(ws), codes::kUnknownOwner).where.line, 2);

        User bob;
        bob.id = "bob";
        ws.users.push_back(bob);
        QVERIFY(validate(ws).empty());
    }

    void rejectsOperationPolicyForAnOperationTheSpecLacks() {
        Workspace ws;
        Api api = makeApi("orders", "orders");
        api.specificationFile = "openapi.yaml";
        api.specification.format = "openapi 3.0.3";
        portico::openapi::Operation op;
        op.id = "listOrders";
        api.specification.operations.push_back(op);
        api.operationPolicies["listOrders"] = "<policies />";
        api.operationPolicies["deleteAll"] = "<policies />";
        ws.apis.push_back(api);
        const Diagnostic d = single(validate(ws), codes::kUnknownOperation);
        QCOMPARE(d.where.file, std::string("apis/orders/operations/deleteAll/policy.xml"));
        QVERIFY(d.message.find("'deleteAll'") != std::string::npos);
    }

    void rejectsOperationPolicyOnAnApiWithoutSpecification() {
        Workspace ws;
        Api api = makeApi("orders", "orders");
        api.operationPolicies["listOrders"] = "<policies />";
        ws.apis.push_back(api);
        const Diagnostic d = single(validate(ws), codes::kUnknownOperation);
        QVERIFY(d.message.find("no specification") != std::string::npos);
    }

    void checksApiPaths_data() {
        QTest::addColumn<QString>("pathA");
        QTest::addColumn<QString>("setA");
        QTest::addColumn<QString>("versionA");
        QTest::addColumn<QString>("pathB");
        QTest::addColumn<QString>("setB");
        QTest::addColumn<QString>("versionB");
        QTest::addColumn<QString>("code"); // empty: valid
        const QString none;
        const QString duplicate = QString::fromLatin1(codes::kDuplicateApiPath);
        const QString clash = QString::fromLatin1(codes::kApiPathClash);
        QTest::newRow("distinct") << "orders" << none << none << "inventory" << none << none
                                  << none;
        QTest::newRow("same path")
            << "orders" << none << none << "orders" << none << none << duplicate;
        QTest::newRow("same path differing only in case")
            << "orders" << none << none << "Orders" << none << none << duplicate;
        QTest::newRow("same path, versions of one set") << "orders"
                                                        << "orders"
                                                        << "v1"
                                                        << "orders"
                                                        << "orders"
                                                        << "v2" << none;
        QTest::newRow("same path, same version of one set") << "orders"
                                                            << "orders"
                                                            << "v1"
                                                            << "orders"
                                                            << "orders"
                                                            << "v1" << duplicate;
        QTest::newRow("same path, versions of different sets") << "orders"
                                                               << "a"
                                                               << "v1"
                                                               << "orders"
                                                               << "b"
                                                               << "v2" << duplicate;
        QTest::newRow("prefix at segment boundary")
            << "orders" << none << none << "orders/v2" << none << none << clash;
        QTest::newRow("prefix inside a segment")
            << "orders" << none << none << "orders2" << none << none << none;
        QTest::newRow("an API at the root beside others")
            << "" << none << none << "orders" << none << none << none;
        QTest::newRow("two APIs at the root")
            << "" << none << none << "" << none << none << duplicate;
        QTest::newRow("versions of one set at the root") << ""
                                                         << "root"
                                                         << "v1"
                                                         << ""
                                                         << "root"
                                                         << "v2" << none;
        QTest::newRow("prefix within one version set") << "orders"
                                                       << "orders"
                                                       << "v1"
                                                       << "orders/v2"
                                                       << "orders"
                                                       << "v2" << none;
    }

    void checksApiPaths() {
        QFETCH(QString, pathA);
        QFETCH(QString, setA);
        QFETCH(QString, versionA);
        QFETCH(QString, pathB);
        QFETCH(QString, setB);
        QFETCH(QString, versionB);
        QFETCH(QString, code);
        Workspace ws;
        Api a = makeApi("a", pathA.toStdString());
        a.versioning.versionSetId = setA.toStdString();
        a.versioning.version = versionA.toStdString();
        Api b = makeApi("b", pathB.toStdString());
        b.versioning.versionSetId = setB.toStdString();
        b.versioning.version = versionB.toStdString();
        ws.apis = {a, b};
        const DiagnosticList list = validate(ws);
        if (code.isEmpty()) {
            QVERIFY2(list.empty(), qPrintable(describe(list)));
            return;
        }
        const Diagnostic d = single(list, code.toLatin1().constData());
        QCOMPARE(d.where.file, std::string("apis/b/api.yaml")); // reported once, on the later one
        QCOMPARE(d.where.line, 2);
    }

    void rejectsUnknownBackend() {
        Workspace ws;
        Api api = makeApi("orders", "orders");
        api.backendId = "orders-backend";
        api.origin.fields["backend"] = {"apis/orders/api.yaml", 3, 10};
        ws.apis.push_back(api);
        QCOMPARE(single(validate(ws), codes::kUnknownBackend).where.column, 10);
        Backend backend;
        backend.id = "orders-backend";
        ws.backends.push_back(backend);
        QVERIFY(validate(ws).empty());
    }

    void reportsUnknownNamedValueAtItsPlaceInThePolicy() {
        Workspace ws;
        Api api = makeApi("orders", "orders");
        api.policyXml =
            "<policies>\n  <inbound>\n    <set-header name=\"a\"><value>{{known}}</value>"
            "</set-header>\n    <set-header name=\"b\"><value>x {{ missing }}</value>"
            "</set-header>\n  </inbound>\n</policies>\n";
        ws.apis.push_back(api);
        NamedValue known;
        known.name = "known";
        known.value = "1";
        ws.namedValues.push_back(known);
        const Diagnostic d = single(validate(ws), codes::kUnknownNamedValue);
        QCOMPARE(d.where.file, std::string("apis/orders/policy.xml"));
        QCOMPARE(d.where.line, 4);
        QCOMPARE(d.where.column, 35);
        QVERIFY(d.message.find("{{missing}}") != std::string::npos);
    }

    void reportsUnknownNamedValuesInEveryPolicyFragmentAndBackend() {
        Workspace ws;
        ws.globalPolicyXml = "<policies>{{a}}</policies>";
        Api api = makeApi("orders", "orders");
        api.specificationFile = "openapi.yaml";
        api.specification.format = "openapi 3.0.3";
        portico::openapi::Operation op;
        op.id = "get";
        api.specification.operations.push_back(op);
        api.operationPolicies["get"] = "<policies>{{b}}</policies>";
        ws.apis.push_back(api);
        Product product;
        product.id = "p";
        product.policyXml = "<policies>\n{{c}}</policies>";
        ws.products.push_back(product);
        Fragment fragment;
        fragment.id = "f";
        fragment.xml = "<fragment>{{d}}</fragment>";
        ws.fragments.push_back(fragment);
        Backend backend;
        backend.id = "be";
        backend.credentialsReference = "{{e}}";
        backend.origin.fields["credentials.value"] = {"backends/be.yaml", 4, 10};
        ws.backends.push_back(backend);

        DiagnosticList list = validate(ws);
        list.sortByLocation();
        QCOMPARE(list.items().size(), std::size_t(5));
        QStringList where;
        for (const auto& d : list.items()) {
            QCOMPARE(d.code, std::string(codes::kUnknownNamedValue));
            where << QString::fromStdString(d.toString()).section(u' ', 0, 0);
        }
        QCOMPARE(where, QStringList({QStringLiteral("apis/orders/operations/get/policy.xml:1:11:"),
                                     QStringLiteral("backends/be.yaml:4:10:"),
                                     QStringLiteral("fragments/f.xml:1:11:"),
                                     QStringLiteral("policies/global.xml:1:11:"),
                                     QStringLiteral("products/p/policy.xml:2:1:")}));
    }

    void rejectsUnknownFragmentInclude() {
        Workspace ws;
        ws.globalPolicyXml =
            "<policies><inbound><include-fragment fragment-id=\"cors\" /></inbound></policies>";
        const Diagnostic d = single(validate(ws), codes::kUnknownFragment);
        QCOMPARE(d.where.column, 51);
        Fragment cors;
        cors.id = "cors";
        ws.fragments.push_back(cors);
        QVERIFY(validate(ws).empty());
    }

    void rejectsIdsThatDifferOnlyInCase() {
        Workspace ws;
        User a, b;
        a.id = "Ada";
        b.id = "ada";
        b.origin.where = {"users/ada.yaml", 1, 1};
        ws.users = {a, b};
        const Diagnostic d = single(validate(ws), codes::kDuplicateId);
        QCOMPARE(d.where.file, std::string("users/ada.yaml"));
    }

    void rejectsApprovalWithoutSubscription() {
        Workspace ws;
        Product product;
        product.id = "p";
        product.approvalRequired = true;
        product.subscriptionRequired = false;
        ws.products.push_back(product);
        QCOMPARE(single(validate(ws), codes::kApprovalWithoutSubscription).code,
                 std::string(codes::kApprovalWithoutSubscription));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceValidator)
#include "test_workspace_validator.moc"
