#include "core/model/atomic_file.h"
#include "core/model/workspace_loader.h"
#include "core/model/workspace_writer.h"
#include "test_helpers.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <set>
#include <sstream>

using namespace portico::model;
namespace fs = std::filesystem;

namespace {

const fs::path kSample = PORTICO_SOURCE_DIR "/resources/sample-workspace";

std::string readFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void writeFile(const fs::path& file, const std::string& content) {
    std::ofstream(file, std::ios::binary) << content;
}

// Relative paths of all files under a folder.
std::set<std::string> filesUnder(const fs::path& root) {
    std::set<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.is_regular_file())
            files.insert(fs::relative(entry.path(), root).generic_string());
    return files;
}

std::set<std::string> sampleWorkspaceFiles() {
    std::set<std::string> files = filesUnder(kSample);
    files.erase("README.md"); // not part of the workspace format
    return files;
}

fs::path copySample(const QTemporaryDir& dir) {
    const fs::path root = fs::path(dir.path().toStdString()) / "ws";
    fs::copy(kSample, root, fs::copy_options::recursive);
    return root;
}

QStringList toList(const std::vector<std::string>& items) {
    QStringList list;
    for (const auto& item : items)
        list << QString::fromStdString(item);
    return list;
}

} // namespace

class TestWorkspaceWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void savingTheLoadedSampleReproducesEveryFileByteForByte() {
        const LoadResult loaded = loadWorkspace(kSample);
        QVERIFY2(loaded.diagnostics.empty(), qPrintable(describe(loaded.diagnostics)));
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "copy";
        const SaveResult saved = saveWorkspace(loaded.workspace, out);
        QVERIFY2(saved.ok(), saved.error.c_str());

        const std::set<std::string> expected = sampleWorkspaceFiles();
        QCOMPARE(filesUnder(out), expected);
        QCOMPARE(saved.written.size(), expected.size());
        for (const auto& file : expected)
            QVERIFY2(readFile(out / file) == readFile(kSample / file), file.c_str());
    }

    void savingAnUnchangedWorkspaceInPlaceWritesNothing() {
        QTemporaryDir dir;
        const fs::path root = copySample(dir);
        const SaveResult saved = saveWorkspace(loadWorkspace(root).workspace, root);
        QVERIFY2(saved.ok(), saved.error.c_str());
        QCOMPARE(toList(saved.written), QStringList());
        QCOMPARE(toList(saved.removed), QStringList());
    }

    void editingOneApiRewritesOnlyItsFile() {
        QTemporaryDir dir;
        const fs::path root = copySample(dir);
        Workspace ws = loadWorkspace(root).workspace;
        ws.findApi("orders")->displayName = "Orders API (v1)";
        const SaveResult saved = saveWorkspace(ws, root);
        QVERIFY2(saved.ok(), saved.error.c_str());
        QCOMPARE(toList(saved.written), QStringList{QStringLiteral("apis/orders/api.yaml")});
        QVERIFY(saved.removed.empty());

        const LoadResult again = loadWorkspace(root);
        QVERIFY2(again.diagnostics.empty(), qPrintable(describe(again.diagnostics)));
        QCOMPARE(again.workspace.findApi("orders")->displayName, std::string("Orders API (v1)"));
        QCOMPARE(readFile(root / "apis/orders/api.yaml"),
                 "displayName: Orders API (v1)\n" +
                     readFile(kSample / "apis/orders/api.yaml").substr(24));
    }

    void keepsTheHandWrittenFileOfAnUnchangedEntity() {
        QTemporaryDir dir;
        const fs::path root = copySample(dir);
        const std::string handWritten = "{email: \"ada@example.com\", firstName: Ada, "
                                        "lastName: 'Lovelace', groups: [developers]}\n";
        writeFile(root / "users/ada.yaml", handWritten);
        Workspace ws = loadWorkspace(root).workspace;
        ws.findProduct("starter")->description = "Try the APIs.";
        SaveResult saved = saveWorkspace(ws, root);
        QVERIFY2(saved.ok(), saved.error.c_str());
        QCOMPARE(toList(saved.written),
                 QStringList{QStringLiteral("products/starter/product.yaml")});
        QCOMPARE(readFile(root / "users/ada.yaml"), handWritten);

        // Once the user is edited, its file is written in the canonical form.
        ws = loadWorkspace(root).workspace;
        ws.users.front().firstName = "Augusta Ada";
        saved = saveWorkspace(ws, root);
        QCOMPARE(toList(saved.written), QStringList{QStringLiteral("users/ada.yaml")});
        QCOMPARE(readFile(root / "users/ada.yaml"),
                 std::string("email: ada@example.com\nfirstName: Augusta Ada\nlastName: Lovelace\n"
                             "groups:\n  - developers\n"));
    }

    void deletesTheFilesOfRemovedEntities() {
        QTemporaryDir dir;
        const fs::path root = copySample(dir);
        Workspace ws = loadWorkspace(root).workspace;
        ws.apis.erase(ws.apis.begin()); // inventory
        ws.findApi("orders")->operationPolicies.erase("createOrder");
        ws.findProduct("starter")->policyXml.clear();
        ws.subscriptions.clear();
        ws.fragments.clear();
        const SaveResult saved = saveWorkspace(ws, root);
        QVERIFY2(saved.ok(), saved.error.c_str());
        QCOMPARE(toList(saved.removed),
                 QStringList({QStringLiteral("apis/orders/operations/createOrder/"),
                              QStringLiteral("apis/inventory/"),
                              QStringLiteral("products/starter/policy.xml"),
                              QStringLiteral("subscriptions/ada-unlimited.yaml"),
                              QStringLiteral("fragments/cors-defaults.xml")}));
        QVERIFY(saved.written.empty());
        QVERIFY(!fs::exists(root / "apis/inventory"));
        QVERIFY(!fs::exists(root / "apis/orders/operations/createOrder"));
        QVERIFY(fs::exists(root / "apis/orders/operations/cancelOrder/policy.xml"));
        QVERIFY(fs::exists(root / "README.md")); // not the writer's to delete
    }

    void leavesNoTemporaryFilesBehind() {
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "copy";
        QVERIFY(saveWorkspace(loadWorkspace(kSample).workspace, out).ok());
        for (const auto& entry : fs::recursive_directory_iterator(out))
            QVERIFY2(entry.path().filename().string().find(".tmp-") == std::string::npos,
                     entry.path().c_str());
    }

    void atomicWriteReplacesTheFileAndCleansUpWhenItCannot() {
        QTemporaryDir dir;
        const fs::path folder = dir.path().toStdString();
        QCOMPARE(writeFileAtomically(folder / "a.yaml", "one\n"), std::string());
        QCOMPARE(writeFileAtomically(folder / "a.yaml", "two\n"), std::string());
        QCOMPARE(readFile(folder / "a.yaml"), std::string("two\n"));

        // Renaming over a non-empty folder fails: the error is reported, the temp file removed.
        fs::create_directories(folder / "b.yaml" / "inside");
        const std::string error = writeFileAtomically(folder / "b.yaml", "three\n");
        QVERIFY(!error.empty());
        QVERIFY2(error.find("b.yaml") != std::string::npos, error.c_str());
        QCOMPARE(filesUnder(folder), std::set<std::string>{"a.yaml"});
    }

    void writesCertificatesAndLoadsThemBack() {
        Workspace ws;
        ws.name = "t";
        Certificate certificate;
        certificate.id = "orders-client";
        certificate.description = "Presented to the orders backend";
        certificate.pem = "keyvault:https://contoso.vault.azure.net/secrets/orders-client";
        ws.certificates.push_back(certificate);
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        QVERIFY(saveWorkspace(ws, root).ok());
        QCOMPARE(
            readFile(root / "certificates/orders-client.yaml"),
            std::string("description: Presented to the orders backend\n"
                        "pem: keyvault:https://contoso.vault.azure.net/secrets/orders-client\n"));
        const LoadResult loaded = loadWorkspace(root);
        QVERIFY2(loaded.diagnostics.empty(), qPrintable(describe(loaded.diagnostics)));
        const Certificate* back = loaded.workspace.findCertificate("orders-client");
        QVERIFY(back);
        QCOMPARE(back->pem, certificate.pem);
        QCOMPARE(back->description, certificate.description);

        // Removed from the workspace, its file goes at the next save.
        Workspace without = loaded.workspace;
        without.certificates.clear();
        QVERIFY(saveWorkspace(without, root).ok());
        QVERIFY(!fs::exists(root / "certificates/orders-client.yaml"));
    }

    void writesLoggersAndLoadsThemBack() {
        Workspace ws;
        ws.name = "t";
        Logger logger;
        logger.id = "audit";
        logger.description = "Every call, for the SIEM";
        logger.eventHub = "apim-events";
        logger.connectionString = "keychain:portico/audit-hub";
        ws.loggers.push_back(logger);
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        QVERIFY(saveWorkspace(ws, root).ok());
        QCOMPARE(readFile(root / "loggers/audit.yaml"),
                 std::string("description: Every call, for the SIEM\n"
                             "type: azureEventHub\n"
                             "eventHub: apim-events\n"
                             "connectionString: keychain:portico/audit-hub\n"));
        const LoadResult loaded = loadWorkspace(root);
        QVERIFY2(loaded.diagnostics.empty(), qPrintable(describe(loaded.diagnostics)));
        const Logger* back = loaded.workspace.findLogger("audit");
        QVERIFY(back);
        QCOMPARE(back->connectionString, logger.connectionString);
        QCOMPARE(back->eventHub, logger.eventHub);
        QCOMPARE(back->description, logger.description);

        Workspace without = loaded.workspace;
        without.loggers.clear();
        QVERIFY(saveWorkspace(without, root).ok());
        QVERIFY(!fs::exists(root / "loggers/audit.yaml"));
    }

    void writesCanonicalKeyOrderAndOmitsDefaults() {
        Workspace ws;
        ws.name = "t";
        Api api;
        api.id = "orders";
        api.displayName = "Orders";
        api.path = "shop/orders";
        api.serviceUrl = "https://example.com";
        api.subscriptionRequired = false;
        api.subscriptionKeyHeaderName = "X-Key";
        api.versioning.scheme = VersioningScheme::Segment;
        api.versioning.version = "v1";
        api.versioning.versionSetId = "orders";
        api.oauthScopes = {{"Orders.Read", ""}, {"Orders.Write", "Write: all"}};
        ws.apis.push_back(api);
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        QVERIFY(saveWorkspace(ws, root).ok());
        QCOMPARE(readFile(root / "portico.yaml"), std::string("name: t\nformatVersion: 1\n"));
        QCOMPARE(readFile(root / "apis/orders/api.yaml"),
                 std::string("displayName: Orders\n"
                             "path: shop/orders\n"
                             "serviceUrl: https://example.com\n"
                             "subscriptionRequired: false\n"
                             "subscriptionKey:\n"
                             "  header: X-Key\n"
                             "versioning:\n"
                             "  scheme: segment\n"
                             "  version: v1\n"
                             "  versionSet: orders\n"
                             "oauthScopes:\n"
                             "  - name: Orders.Read\n"
                             "  - name: Orders.Write\n"
                             "    description: \"Write: all\"\n"));
        const LoadResult loaded = loadWorkspace(root);
        QVERIFY2(loaded.diagnostics.empty(), qPrintable(describe(loaded.diagnostics)));
        QCOMPARE(loaded.workspace.apis.front().versioning.versionSetId, std::string("orders"));
    }

    void roundTripsAwkwardStrings_data() {
        QTest::addColumn<QString>("value");
        for (const char* text : {"plain words",
                                 "true",
                                 "No",
                                 "null",
                                 "~",
                                 "123",
                                 "1.0",
                                 "-5",
                                 "2024-01-01",
                                 "12:30",
                                 "",
                                 " leading space",
                                 "trailing space ",
                                 "key: value",
                                 "trailing:",
                                 "#hash",
                                 "a #b",
                                 "- dash",
                                 "* star",
                                 "&anchor",
                                 "!tag",
                                 "%percent",
                                 "@at",
                                 "`tick",
                                 "'single'",
                                 "say \"hi\"",
                                 "back\\slash",
                                 "line\nbreak",
                                 "tab\there",
                                 "{{name}}",
                                 "[list]",
                                 "ctrl\x01",
                                 "caf\xC3\xA9 \xE2\x82\xAC",
                                 "a\xE2\x80\xA8"
                                 "b",
                                 "/apis",
                                 "https://example.com/a?b=c&d=e"})
            QTest::newRow(text) << QString::fromUtf8(text);
    }

    void roundTripsAwkwardStrings() {
        QFETCH(QString, value);
        Workspace ws;
        ws.name = value.toStdString().empty() ? "x" : value.toStdString();
        NamedValue nv;
        nv.name = "nv";
        nv.displayName = value.toStdString();
        nv.value = value.toStdString();
        ws.namedValues.push_back(nv);
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        QVERIFY(saveWorkspace(ws, root).ok());
        const LoadResult loaded = loadWorkspace(root);
        QVERIFY2(loaded.diagnostics.empty(), qPrintable(describe(loaded.diagnostics)));
        QCOMPARE(loaded.workspace.name, ws.name);
        QCOMPARE(loaded.workspace.namedValues.size(), std::size_t(1));
        QCOMPARE(loaded.workspace.namedValues.front().value.value_or("<none>"), *nv.value);
        QCOMPARE(loaded.workspace.namedValues.front().displayName, nv.displayName);
        QVERIFY(saveWorkspace(loaded.workspace, root).written.empty()); // stable
    }

    void refusesToSaveAnEntityWhoseIdIsNotAFileName() {
        Workspace ws;
        ws.name = "t";
        Api api;
        api.id = "../escape";
        api.path = "x";
        ws.apis.push_back(api);
        QTemporaryDir dir;
        const fs::path root = fs::path(dir.path().toStdString()) / "ws";
        const SaveResult saved = saveWorkspace(ws, root);
        QVERIFY(!saved.ok());
        QVERIFY2(saved.error.find("'../escape'") != std::string::npos, saved.error.c_str());
        QVERIFY(saved.written.empty());
        QVERIFY(!fs::exists(root));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceWriter)
#include "test_workspace_writer.moc"
