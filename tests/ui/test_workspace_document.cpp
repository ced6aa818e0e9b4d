#include "ui/explorer/workspace_tree_model.h"
#include "ui/problems/problems_model.h"
#include "ui/workspace/item_locator.h"
#include "ui/workspace/workspace_document.h"
#include "ui/workspace/yaml_key_at_line.h"

#include <QSignalSpy>
#include <QTest>

using namespace portico;
using ui::ItemKind;
using ui::ItemRef;

Q_DECLARE_METATYPE(ItemKind)

namespace {

model::Workspace makeWorkspace() {
    model::Workspace ws;
    ws.name = "In memory";
    model::Api orders;
    orders.id = "orders";
    orders.displayName = "Orders";
    orders.path = "orders";
    orders.serviceUrl = "https://orders.example.com";
    openapi::Operation list;
    list.id = "listOrders";
    list.method = "GET";
    list.urlTemplate = "/orders";
    orders.specification.operations.push_back(list);
    ws.apis.push_back(orders);
    model::Product starter;
    starter.id = "starter";
    starter.displayName = "Starter";
    starter.apis = {"orders"};
    ws.products.push_back(starter);
    model::User ada;
    ada.id = "ada";
    ada.email = "ada@example.com";
    ada.firstName = "Ada";
    ada.lastName = "Lovelace";
    ws.users.push_back(ada);
    return ws;
}

} // namespace

class TestWorkspaceDocument : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void treeHasAFolderPerKindAndOperationsBelowTheirApi();
    void treeLabelFollowsAnEditAndItsUndo();
    void consecutiveEditsOfOneFieldMergeIntoOneUndoStep();
    void editsOfDifferentFieldsStayApart();
    void noOpEditPushesNothing();
    void addedEntityAppearsInIdOrderAndUndoRemovesIt();
    void dirtyStateFollowsTheCleanIndex();
    void validationRunsAfterEditsAndFeedsTheProblemsModel();
    void mapsDiagnosticFilesToItems_data();
    void mapsDiagnosticFilesToItems();
    void findsTheYamlKeyOfALine_data();
    void findsTheYamlKeyOfALine();
};

void TestWorkspaceDocument::treeHasAFolderPerKindAndOperationsBelowTheirApi() {
    ui::WorkspaceDocument document;
    ui::WorkspaceTreeModel tree(&document);
    QCOMPARE(tree.rowCount(), 0);
    document.setWorkspace(makeWorkspace());
    // Global policy + APIs, Products, Subscriptions, Users, Named values, Backends, Fragments,
    // Gateways.
    QCOMPARE(tree.rowCount(), 9);
    const QModelIndex orders = tree.indexFor({ItemKind::Api, QStringLiteral("orders"), {}});
    QVERIFY(orders.isValid());
    QCOMPARE(orders.data().toString(), QStringLiteral("Orders"));
    QCOMPARE(tree.rowCount(orders), 1);
    QCOMPARE(tree.index(0, 0, orders).data().toString(), QStringLiteral("GET /orders"));
    QCOMPARE(
        tree.refAt(tree.index(0, 0, orders)),
        (ItemRef{ItemKind::Operation, QStringLiteral("listOrders"), QStringLiteral("orders")}));
    QCOMPARE(tree.parent(orders).data().toString(), QStringLiteral("APIs (1)"));
    QCOMPARE(tree.indexFor({ItemKind::User, QStringLiteral("ada"), {}}).data().toString(),
             QStringLiteral("Ada Lovelace"));
}

void TestWorkspaceDocument::treeLabelFollowsAnEditAndItsUndo() {
    ui::WorkspaceDocument document;
    ui::WorkspaceTreeModel tree(&document);
    document.setWorkspace(makeWorkspace());
    const ItemRef ref{ItemKind::Api, QStringLiteral("orders"), {}};
    QSignalSpy changed(&tree, &QAbstractItemModel::dataChanged);
    document.setMember<model::Api>(ref, &model::Api::displayName, std::string("Orders v2"),
                                   QStringLiteral("displayName"), QStringLiteral("Edit"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(tree.indexFor(ref).data().toString(), QStringLiteral("Orders v2"));
    document.undoStack()->undo();
    QCOMPARE(tree.indexFor(ref).data().toString(), QStringLiteral("Orders"));
}

void TestWorkspaceDocument::consecutiveEditsOfOneFieldMergeIntoOneUndoStep() {
    ui::WorkspaceDocument document;
    document.setWorkspace(makeWorkspace());
    const ItemRef ref{ItemKind::Api, QStringLiteral("orders"), {}};
    for (const char* text : {"o", "or", "ord"})
        document.setMember<model::Api>(ref, &model::Api::path, std::string(text),
                                       QStringLiteral("path"), QStringLiteral("Edit path"));
    QCOMPARE(document.undoStack()->count(), 1);
    document.undoStack()->undo();
    QCOMPARE(document.workspace().findApi("orders")->path, std::string("orders"));
}

void TestWorkspaceDocument::editsOfDifferentFieldsStayApart() {
    ui::WorkspaceDocument document;
    document.setWorkspace(makeWorkspace());
    const ItemRef ref{ItemKind::Api, QStringLiteral("orders"), {}};
    document.setMember<model::Api>(ref, &model::Api::path, std::string("a"), QStringLiteral("path"),
                                   QStringLiteral("Edit path"));
    document.setMember<model::Api>(ref, &model::Api::displayName, std::string("b"),
                                   QStringLiteral("displayName"), QStringLiteral("Edit name"));
    QCOMPARE(document.undoStack()->count(), 2);
    document.undoStack()->undo();
    QCOMPARE(document.workspace().findApi("orders")->path, std::string("a"));
    QCOMPARE(document.workspace().findApi("orders")->displayName, std::string("Orders"));
}

void TestWorkspaceDocument::noOpEditPushesNothing() {
    ui::WorkspaceDocument document;
    document.setWorkspace(makeWorkspace());
    document.setMember<model::Api>({ItemKind::Api, QStringLiteral("orders"), {}}, &model::Api::path,
                                   std::string("orders"), QStringLiteral("path"),
                                   QStringLiteral("Edit path"));
    QCOMPARE(document.undoStack()->count(), 0);
    QVERIFY(!document.isDirty());
}

void TestWorkspaceDocument::addedEntityAppearsInIdOrderAndUndoRemovesIt() {
    ui::WorkspaceDocument document;
    ui::WorkspaceTreeModel tree(&document);
    document.setWorkspace(makeWorkspace());
    model::User abe;
    abe.id = "abe";
    abe.email = "abe@example.com";
    document.addEntity(abe, QStringLiteral("Add user"));
    QCOMPARE(document.workspace().users.size(), std::size_t(2));
    QCOMPARE(document.workspace().users.front().id, std::string("abe"));
    QVERIFY(tree.indexFor({ItemKind::User, QStringLiteral("abe"), {}}).isValid());
    document.undoStack()->undo();
    QCOMPARE(document.workspace().users.size(), std::size_t(1));
    QVERIFY(!tree.indexFor({ItemKind::User, QStringLiteral("abe"), {}}).isValid());
}

void TestWorkspaceDocument::dirtyStateFollowsTheCleanIndex() {
    ui::WorkspaceDocument document;
    document.setWorkspace(makeWorkspace());
    QSignalSpy dirty(&document, &ui::WorkspaceDocument::dirtyChanged);
    document.setMember<model::User>({ItemKind::User, QStringLiteral("ada"), {}},
                                    &model::User::firstName, std::string("Augusta"),
                                    QStringLiteral("firstName"), QStringLiteral("Edit"));
    QVERIFY(document.isDirty());
    QCOMPARE(dirty.count(), 1);
    QCOMPARE(dirty.at(0).at(0).toBool(), true);
    document.undoStack()->undo();
    QVERIFY(!document.isDirty());
    QCOMPARE(dirty.count(), 2);
    QCOMPARE(dirty.at(1).at(0).toBool(), false);
}

void TestWorkspaceDocument::validationRunsAfterEditsAndFeedsTheProblemsModel() {
    ui::WorkspaceDocument document;
    ui::ProblemsModel problems(&document);
    document.setWorkspace(makeWorkspace());
    const int before = problems.rowCount();
    // A product listing an API that does not exist is a cross-reference error.
    document.setMember<model::Product>({ItemKind::Product, QStringLiteral("starter"), {}},
                                       &model::Product::apis,
                                       std::vector<std::string>{"orders", "ghost"},
                                       QStringLiteral("apis"), QStringLiteral("Edit"));
    QTRY_VERIFY(problems.rowCount() > before);
    bool found = false;
    for (int row = 0; row < problems.rowCount(); ++row)
        if (problems.index(row, ui::ProblemsModel::MessageColumn)
                .data()
                .toString()
                .contains(QStringLiteral("ghost")))
            found = true;
    QVERIFY(found);
    document.undoStack()->undo();
    QTRY_COMPARE(problems.rowCount(), before);
}

void TestWorkspaceDocument::mapsDiagnosticFilesToItems_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<ItemKind>("kind");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("parentId");
    QTest::newRow("api") << "apis/orders/api.yaml" << ItemKind::Api << "orders"
                         << "";
    QTest::newRow("api spec") << "apis/orders/openapi.yaml" << ItemKind::Api << "orders"
                              << "";
    QTest::newRow("operation policy")
        << "apis/orders/operations/listOrders/policy.xml" << ItemKind::Operation << "listOrders"
        << "orders";
    QTest::newRow("product") << "products/starter/product.yaml" << ItemKind::Product << "starter"
                             << "";
    QTest::newRow("subscription") << "subscriptions/s1.yaml" << ItemKind::Subscription << "s1"
                                  << "";
    QTest::newRow("user") << "users/ada.yaml" << ItemKind::User << "ada"
                          << "";
    QTest::newRow("named value") << "named-values/key.yaml" << ItemKind::NamedValue << "key"
                                 << "";
    QTest::newRow("backend") << "backends/b.yaml" << ItemKind::Backend << "b"
                             << "";
    QTest::newRow("fragment") << "fragments/cors.xml" << ItemKind::Fragment << "cors"
                              << "";
    QTest::newRow("global policy") << "policies/global.xml" << ItemKind::GlobalPolicy << ""
                                   << "";
    QTest::newRow("workspace file") << "portico.yaml" << ItemKind::Workspace << ""
                                    << "";
    QTest::newRow("absolute inside root") << "/ws/root/users/ada.yaml" << ItemKind::User << "ada"
                                          << "";
    QTest::newRow("dot slash") << "./backends/b.yaml" << ItemKind::Backend << "b"
                               << "";
    QTest::newRow("unknown folder") << "docs/readme.md" << ItemKind::None << ""
                                    << "";
    QTest::newRow("empty") << "" << ItemKind::None << ""
                           << "";
}

void TestWorkspaceDocument::mapsDiagnosticFilesToItems() {
    QFETCH(QString, file);
    QFETCH(ItemKind, kind);
    QFETCH(QString, id);
    QFETCH(QString, parentId);
    model::Workspace ws;
    ws.root = "/ws/root";
    const ItemRef ref = ui::itemForFile(ws, file);
    QCOMPARE(ref.kind, kind);
    QCOMPARE(ref.id, id);
    QCOMPARE(ref.parentId, parentId);
}

void TestWorkspaceDocument::findsTheYamlKeyOfALine_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("key");
    const QString product = QStringLiteral("displayName: Starter\napis:\n  - orders\n  - "
                                           "inventory\nsubscriptionRequired: false\n");
    QTest::newRow("own key") << product << 1 << "displayName";
    QTest::newRow("list item") << product << 3 << "apis";
    QTest::newRow("second list item") << product << 4 << "apis";
    QTest::newRow("after the list") << product << 5 << "subscriptionRequired";
    QTest::newRow("unindented list") << QStringLiteral("groups:\n- developers\n") << 2 << "groups";
    QTest::newRow("key inside a list item")
        << QStringLiteral("gateways:\n  - name: local\n    listen:\n      - a\n") << 2 << "name";
    QTest::newRow("nested list") << QStringLiteral(
                                        "gateways:\n  - name: local\n    listen:\n      - a\n")
                                 << 4 << "listen";
    QTest::newRow("comment lines skipped")
        << QStringLiteral("scopes:\n# note\n  - a\n") << 3 << "scopes";
    QTest::newRow("line zero") << product << 0 << "";
    QTest::newRow("past the end") << product << 99 << "";
}

void TestWorkspaceDocument::findsTheYamlKeyOfALine() {
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(QString, key);
    QCOMPARE(ui::yamlKeyAtLine(text, line), key);
}

QTEST_MAIN(TestWorkspaceDocument)
#include "test_workspace_document.moc"
