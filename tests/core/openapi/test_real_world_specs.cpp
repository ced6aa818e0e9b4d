#include "openapi_test_support.h"

#include <QTest>

#include <filesystem>

using namespace portico;
using namespace openapi_test;

namespace {

// Installed by `npm ci --prefix tests/fixtures/npm` (scripts/test does it before ctest).
std::string npmFile(const std::string& relative) {
    return std::string(PORTICO_SOURCE_DIR) + "/tests/fixtures/npm/node_modules/" + relative;
}

#define REQUIRE_NPM_FILE(path)                                                                     \
    QVERIFY2(std::filesystem::exists(path),                                                        \
             qPrintable(QStringLiteral("missing fixture %1: run `npm ci --no-audit --no-fund "     \
                                       "--prefix tests/fixtures/npm` first")                       \
                            .arg(q(path))))

Loaded loadNpm(const std::string& path) {
    Loaded loaded;
    loaded.spec = openapi::loadSpecification(path, loaded.diagnostics);
    return loaded;
}

QStringList scopesOf(const openapi::Operation& op) {
    QStringList out;
    for (const auto& s : op.requiredScopes)
        out << q(s);
    return out;
}

} // namespace

class TestRealWorldSpecs : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void importsThePetstore_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("server");
        const char* base = "@readme/oas-examples/";
        QTest::newRow("2.0 json") << QString::fromLatin1(base) +
                                         QStringLiteral("2.0/json/petstore.json")
                                  << QStringLiteral("swagger 2.0")
                                  << QStringLiteral("http://petstore.swagger.io/v2");
        QTest::newRow("2.0 yaml") << QString::fromLatin1(base) +
                                         QStringLiteral("2.0/yaml/petstore.yaml")
                                  << QStringLiteral("swagger 2.0")
                                  << QStringLiteral("http://petstore.swagger.io/v2");
        QTest::newRow("3.0 json") << QString::fromLatin1(base) +
                                         QStringLiteral("3.0/json/petstore.json")
                                  << QStringLiteral("openapi 3.0.0")
                                  << QStringLiteral("http://petstore.swagger.io/v2");
        QTest::newRow("3.0 yaml") << QString::fromLatin1(base) +
                                         QStringLiteral("3.0/yaml/petstore.yaml")
                                  << QStringLiteral("openapi 3.0.0")
                                  << QStringLiteral("http://petstore.swagger.io/v2");
        QTest::newRow("3.1 json") << QString::fromLatin1(base) +
                                         QStringLiteral("3.1/json/petstore.json")
                                  << QStringLiteral("openapi 3.1.0")
                                  << QStringLiteral("http://petstore.swagger.io/v2");
        QTest::newRow("3.1 yaml") << QString::fromLatin1(base) +
                                         QStringLiteral("3.1/yaml/petstore.yaml")
                                  << QStringLiteral("openapi 3.1.0")
                                  << QStringLiteral("http://petstore.swagger.io/v2");
    }

    void importsThePetstore() {
        QFETCH(QString, file);
        QFETCH(QString, format);
        QFETCH(QString, server);
        const std::string path = npmFile(file.toStdString());
        REQUIRE_NPM_FILE(path);
        auto loaded = loadNpm(path);
        QVERIFY2(loaded.spec, qPrintable(dump(loaded.diagnostics)));
        QVERIFY2(loaded.diagnostics.empty(), qPrintable(dump(loaded.diagnostics)));
        const auto& spec = *loaded.spec;
        QCOMPARE(q(spec.format), format);
        QCOMPARE(q(spec.title), QStringLiteral("Swagger Petstore"));
        QCOMPARE(q(spec.serverUrls.at(0)), server);
        QCOMPARE(spec.operations.size(), std::size_t(20));

        QStringList ids;
        for (const auto& op : spec.operations) {
            ids << q(op.id);
            QVERIFY(!op.idGenerated);
        }
        QCOMPARE(ids, (QStringList{QStringLiteral("addPet"),
                                   QStringLiteral("updatePet"),
                                   QStringLiteral("findPetsByStatus"),
                                   QStringLiteral("findPetsByTags"),
                                   QStringLiteral("getPetById"),
                                   QStringLiteral("updatePetWithForm"),
                                   QStringLiteral("deletePet"),
                                   QStringLiteral("uploadFile"),
                                   QStringLiteral("getInventory"),
                                   QStringLiteral("placeOrder"),
                                   QStringLiteral("getOrderById"),
                                   QStringLiteral("deleteOrder"),
                                   QStringLiteral("createUser"),
                                   QStringLiteral("createUsersWithArrayInput"),
                                   QStringLiteral("createUsersWithListInput"),
                                   QStringLiteral("loginUser"),
                                   QStringLiteral("logoutUser"),
                                   QStringLiteral("getUserByName"),
                                   QStringLiteral("updateUser"),
                                   QStringLiteral("deleteUser")}));

        const auto* get = spec.findOperation("getPetById");
        QCOMPARE(q(get->method), QStringLiteral("GET"));
        QCOMPARE(q(get->urlTemplate), QStringLiteral("/pet/{petId}"));
        QCOMPARE(get->parameters.size(), std::size_t(1));
        QCOMPARE(q(get->parameters[0].name), QStringLiteral("petId"));
        QCOMPARE(q(get->parameters[0].in), QStringLiteral("path"));
        QVERIFY(get->parameters[0].required);
        QVERIFY(q(get->parameters[0].schemaJson).contains(QStringLiteral(R"("format":"int64")")));
        QVERIFY(get->requiredScopes.empty()); // api_key only

        const auto* del = spec.findOperation("deletePet");
        QCOMPARE(q(del->method), QStringLiteral("DELETE"));
        QCOMPARE(del->parameters.size(), std::size_t(2));
        QCOMPARE(q(del->parameters[0].name), QStringLiteral("api_key"));
        QCOMPARE(q(del->parameters[0].in), QStringLiteral("header"));

        const auto* add = spec.findOperation("addPet");
        QCOMPARE(q(add->method), QStringLiteral("POST"));
        QCOMPARE(q(add->urlTemplate), QStringLiteral("/pet"));
        QVERIFY(add->parameters.empty());
        QVERIFY(add->requestBodyRequired);
        QVERIFY(!add->requestBody.empty());
        QCOMPARE(q(add->requestBody[0].contentType), QStringLiteral("application/json"));
        QVERIFY(q(add->requestBody[0].schemaJson).contains(QStringLiteral(R"("photoUrls")")));
        QCOMPARE(scopesOf(*add),
                 (QStringList{QStringLiteral("write:pets"), QStringLiteral("read:pets")}));

        const auto* form = spec.findOperation("updatePetWithForm");
        QVERIFY(!form->requestBody.empty());
        QCOMPARE(q(form->requestBody[0].contentType),
                 QStringLiteral("application/x-www-form-urlencoded"));
        QVERIFY(q(form->requestBody[0].schemaJson).contains(QStringLiteral(R"("status")")));

        const auto* upload = spec.findOperation("uploadFile");
        QVERIFY(!upload->requestBody.empty());

        const auto* login = spec.findOperation("loginUser");
        QCOMPARE(login->parameters.size(), std::size_t(2));
        QCOMPARE(q(login->parameters[1].name), QStringLiteral("password"));
        QCOMPARE(q(login->responses.at(0).status), QStringLiteral("200"));

        auto scopes = spec.oauthScopes();
        QCOMPARE(scopes.size(), std::size_t(2));
        QCOMPARE(q(scopes[0].first), QStringLiteral("write:pets"));
        QCOMPARE(q(scopes[0].second), QStringLiteral("modify pets in your account"));
        QCOMPARE(q(scopes[1].first), QStringLiteral("read:pets"));
    }

    void importsTheGitHubRestApi() {
        const std::string path = npmFile("@octokit/openapi/generated/api.github.com.json");
        REQUIRE_NPM_FILE(path);
        auto loaded = loadNpm(path);
        QVERIFY2(loaded.spec, qPrintable(dump(loaded.diagnostics)));
        QVERIFY2(!loaded.diagnostics.hasErrors(), qPrintable(dump(loaded.diagnostics)));
        const auto& spec = *loaded.spec;
        QCOMPARE(q(spec.format), QStringLiteral("openapi 3.0.3"));
        QCOMPARE(spec.operations.size(), std::size_t(1223));
        QCOMPARE(q(spec.serverUrls.at(0)), QStringLiteral("https://api.github.com"));

        const auto* repo = spec.findOperation("repos/get");
        QVERIFY(repo);
        QCOMPARE(q(repo->method), QStringLiteral("GET"));
        QCOMPARE(q(repo->urlTemplate), QStringLiteral("/repos/{owner}/{repo}"));
        QCOMPARE(repo->parameters.size(), std::size_t(2));
        QCOMPARE(q(repo->parameters[0].name), QStringLiteral("owner"));
        QVERIFY(q(repo->responses.at(0).content.at(0).schemaJson)
                    .contains(QStringLiteral(R"("full_name")")));

        const auto* issue = spec.findOperation("issues/get");
        QVERIFY(issue);
        QCOMPARE(q(issue->urlTemplate),
                 QStringLiteral("/repos/{owner}/{repo}/issues/{issue_number}"));
        QCOMPARE(issue->parameters.size(), std::size_t(3));
        QCOMPARE(q(issue->parameters[2].name), QStringLiteral("issue_number"));

        const auto* create = spec.findOperation("issues/create");
        QVERIFY(create);
        QCOMPARE(q(create->method), QStringLiteral("POST"));
        QVERIFY(create->requestBodyRequired);
        QCOMPARE(q(create->requestBody.at(0).contentType), QStringLiteral("application/json"));

        const auto* root = spec.findOperation("meta/root");
        QVERIFY(root);
        QCOMPARE(q(root->urlTemplate), QStringLiteral("/"));
    }
};

QTEST_GUILESS_MAIN(TestRealWorldSpecs)
#include "test_real_world_specs.moc"
