#include "core/openapi/diagnostic_codes.h"
#include "core/openapi/import.h"
#include "openapi_test_support.h"

#include <QTest>

#include <filesystem>
#include <fstream>

using namespace portico;
using namespace openapi_test;
namespace codes = portico::openapi::codes;

class TestOpenApiParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reportsEachProblemWithCodeFileLineAndColumn_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("isError");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        auto row = [](const char* file, const char* code, bool isError, int line, int column) {
            QTest::newRow(file) << QString::fromLatin1(file) << QString::fromLatin1(code) << isError
                                << line << column;
        };
        row("not-openapi.yaml", codes::kNotOpenApiDocument, true, 1, 1);
        row("top-level-list.json", codes::kNotOpenApiDocument, true, 1, 1);
        row("missing-info.yaml", codes::kMissingRequiredField, true, 1, 1);
        row("unsupported-version.yaml", codes::kUnsupportedVersion, true, 1, 10);
        row("swagger-1.2.json", codes::kUnsupportedVersion, true, 2, 14);
        row("malformed.json", codes::kMalformedJson, true, 3, 46);
        row("malformed.yaml", codes::kMalformedYaml, true, 8, 1);
        row("path-without-slash.yaml", codes::kPathWithoutLeadingSlash, true, 7, 3);
        row("unresolvable-ref.yaml", codes::kUnresolvableRef, true, 12, 23);
        row("ref-cycle.yaml", codes::kRefCycle, true, 14, 13);
        row("external-ref.yaml", codes::kExternalRef, false, 12, 23);
        row("duplicate-operation-id.yaml", codes::kDuplicateOperationId, true, 9, 20);
        row("undeclared-path-parameter.yaml", codes::kUndeclaredPathParameter, true, 7, 5);
        row("wrong-type.yaml", codes::kWrongType, true, 4, 3);
        row("unknown-security-scheme.yaml", codes::kUnknownSecurityScheme, true, 4, 5);
        row("invalid-security-scheme.yaml", codes::kInvalidSecurityScheme, true, 7, 7);
        row("invalid-path-template.yaml", codes::kInvalidPathTemplate, true, 4, 3);
        row("invalid-parameter.yaml", codes::kInvalidParameter, true, 8, 15);
        row("server-variable-without-default.yaml", codes::kServerVariableWithoutDefault, false, 4,
            10);
        row("duplicate-key.json", codes::kDuplicateKey, true, 5, 3);
        row("duplicate-operation.yaml", codes::kDuplicateOperation, true, 9, 5);
        row("invalid-response-status.yaml", codes::kInvalidResponseStatus, false, 8, 9);
    }

    void reportsEachProblemWithCodeFileLineAndColumn() {
        QFETCH(QString, file);
        QFETCH(QString, code);
        QFETCH(bool, isError);
        QFETCH(int, line);
        QFETCH(int, column);
        auto loaded = load(file.toStdString());
        const auto* found = find(loaded.diagnostics, code.toStdString());
        QVERIFY2(found,
                 qPrintable(QStringLiteral("no %1 in:\n%2").arg(code, dump(loaded.diagnostics))));
        QVERIFY2(q(found->where.file).endsWith(file), qPrintable(q(found->where.file)));
        QCOMPARE(found->severity == model::Severity::Error, isError);
        QCOMPARE(found->where.line, line);
        QCOMPARE(found->where.column, column);
        QVERIFY(!found->message.empty());
    }

    void rejectsTextThatIsNotUtf8() {
        auto loaded = parse("openapi: 3.0.3\ninfo: {title: \"caf\xE9\", version: '1'}\n");
        QVERIFY(!loaded.spec);
        const auto* found = find(loaded.diagnostics, codes::kNotUtf8);
        QVERIFY(found);
        QCOMPARE(found->where.line, 2);
        QCOMPARE(found->where.column, 19);
    }

    void rejectsNestingDeeperThanTheLimit_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("json") << QString(300, QLatin1Char('[')) + QString(300, QLatin1Char(']'));
        QTest::newRow("yaml flow") << QStringLiteral("a: ") + QString(300, QLatin1Char('[')) +
                                          QString(300, QLatin1Char(']'));
    }

    void rejectsNestingDeeperThanTheLimit() {
        QFETCH(QString, text);
        auto loaded = parse(text.toStdString());
        QVERIFY(!loaded.spec);
        QVERIFY2(find(loaded.diagnostics, codes::kNestingTooDeep),
                 qPrintable(dump(loaded.diagnostics)));
    }

    void rejectsEmptyDocument() {
        auto loaded = parse("");
        QVERIFY(!loaded.spec);
        QVERIFY(find(loaded.diagnostics, codes::kNotOpenApiDocument));
    }

    void reportsUnreadableFile() {
        auto loaded = load("does-not-exist.yaml");
        QVERIFY(!loaded.spec);
        const auto* found = find(loaded.diagnostics, codes::kFileNotReadable);
        QVERIFY(found);
        QVERIFY(q(found->where.file).endsWith(QStringLiteral("does-not-exist.yaml")));
    }

    void readsInfoAndFormat() {
        auto loaded = load("features-3.0.yaml");
        QVERIFY2(loaded.spec, qPrintable(dump(loaded.diagnostics)));
        QVERIFY2(loaded.diagnostics.empty(), qPrintable(dump(loaded.diagnostics)));
        QCOMPARE(q(loaded.spec->format), QStringLiteral("openapi 3.0.3"));
        QCOMPARE(q(loaded.spec->title), QStringLiteral("Orders API"));
        QCOMPARE(q(loaded.spec->description), QStringLiteral("Orders of the shop"));
        QCOMPARE(q(loaded.spec->version), QStringLiteral("2.1"));
    }

    void substitutesServerVariablesWithTheirDefaults() {
        auto loaded = load("features-3.0.yaml");
        QVERIFY(loaded.spec);
        QCOMPARE(loaded.spec->serverUrls.size(), std::size_t(2));
        QCOMPARE(q(loaded.spec->serverUrls[0]), QStringLiteral("https://eu.shop.example.com/v2"));
        QCOMPARE(q(loaded.spec->serverUrls[1]), QStringLiteral("http://localhost:8080"));
    }

    void readsOperationsInDocumentOrder() {
        auto loaded = load("features-3.0.yaml");
        QVERIFY(loaded.spec);
        QStringList seen;
        for (const auto& op : loaded.spec->operations)
            seen << q(op.method + " " + op.urlTemplate);
        QCOMPARE(seen, (QStringList{QStringLiteral("GET /orders"), QStringLiteral("POST /orders"),
                                    QStringLiteral("GET /orders/{orderId}"),
                                    QStringLiteral("DELETE /orders/{orderId}"),
                                    QStringLiteral("GET /orders/{orderId}/lines"),
                                    QStringLiteral("GET /orders-{orderId}-lines")}));
        const auto& list = loaded.spec->operations[0];
        QCOMPARE(q(list.summary), QStringLiteral("List orders"));
        QCOMPARE(list.where.line, 14);
        QCOMPARE(list.where.column, 5);
        QVERIFY(loaded.spec->operations[3].deprecated);
        QVERIFY(!loaded.spec->operations[2].deprecated);
    }

    void generatesStableUniqueOperationIdsWhenAbsent() {
        auto loaded = load("features-3.0.yaml");
        QVERIFY(loaded.spec);
        QStringList ids;
        for (const auto& op : loaded.spec->operations)
            ids << q(op.id);
        QCOMPARE(ids,
                 (QStringList{QStringLiteral("get-orders"), QStringLiteral("post-orders"),
                              QStringLiteral("getOrder"), QStringLiteral("delete-orders-orderid"),
                              QStringLiteral("get-orders-orderid-lines"),
                              QStringLiteral("get-orders-orderid-lines-2")}));
        QVERIFY(loaded.spec->operations[0].idGenerated);
        QVERIFY(!loaded.spec->operations[2].idGenerated);
        auto again = load("features-3.0.yaml");
        for (int i = 0; i < ids.size(); ++i)
            QCOMPARE(q(again.spec->operations[std::size_t(i)].id), ids[i]);
    }

    void keepsDuplicateOperationIdsDistinctAfterReportingThem() {
        auto loaded = load("duplicate-operation-id.yaml");
        QVERIFY(loaded.spec);
        QCOMPARE(q(loaded.spec->operations[0].id), QStringLiteral("listPets"));
        QCOMPARE(q(loaded.spec->operations[1].id), QStringLiteral("listPets-2"));
    }

    void generatedIdsAvoidExplicitOnes() {
        auto loaded = parse(R"(openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    get: {responses: {"200": {description: ok}}}
  /b:
    get: {operationId: get-a, responses: {"200": {description: ok}}}
)");
        QVERIFY2(loaded.diagnostics.empty(), qPrintable(dump(loaded.diagnostics)));
        QCOMPARE(q(loaded.spec->operations[0].id), QStringLiteral("get-a-2"));
        QCOMPARE(q(loaded.spec->operations[1].id), QStringLiteral("get-a"));
    }

    void mergesPathLevelParametersOverriddenByNameAndLocation() {
        auto loaded = load("features-3.0.yaml");
        QVERIFY(loaded.spec);
        const auto* op = loaded.spec->findOperation("getOrder");
        QVERIFY(op);
        QCOMPARE(op->parameters.size(), std::size_t(2));
        QCOMPARE(q(op->parameters[0].name), QStringLiteral("orderId"));
        QCOMPARE(q(op->parameters[0].in), QStringLiteral("path"));
        QVERIFY(op->parameters[0].required);
        QCOMPARE(q(op->parameters[0].schemaJson), QStringLiteral(R"({"type":"integer"})"));
        QCOMPARE(q(op->parameters[1].name), QStringLiteral("verbose"));
        QVERIFY(op->parameters[1].required); // the operation's declaration wins
        QCOMPARE(q(op->parameters[1].schemaJson), QStringLiteral(R"({"type":"string"})"));
        const auto* del = loaded.spec->findOperation("delete-orders-orderid");
        QVERIFY(del);
        QCOMPARE(del->parameters.size(), std::size_t(2));
        QVERIFY(!del->parameters[1].required);
    }

    void resolvesParameterRequestBodyAndResponseRefs() {
        auto loaded = load("features-3.0.yaml");
        QVERIFY(loaded.spec);
        const auto& list = loaded.spec->operations[0];
        QCOMPARE(list.parameters.size(), std::size_t(2));
        QCOMPARE(q(list.parameters[0].name), QStringLiteral("limit"));
        QCOMPARE(q(list.parameters[0].in), QStringLiteral("query"));
        QCOMPARE(q(list.parameters[0].schemaJson),
                 QStringLiteral(R"({"type":"integer","maximum":100})"));
        QCOMPARE(q(list.parameters[1].in), QStringLiteral("header"));

        const QString order = QStringLiteral(
            R"({"type":"object","required":["id"],"properties":{"id":{"type":"integer"},"total":{"type":"number"}}})");
        const auto& post = loaded.spec->operations[1];
        QVERIFY(post.requestBodyRequired);
        QCOMPARE(post.requestBody.size(), std::size_t(2));
        QCOMPARE(q(post.requestBody[0].contentType), QStringLiteral("application/json"));
        QCOMPARE(q(post.requestBody[1].contentType), QStringLiteral("application/xml"));
        QCOMPARE(q(post.requestBody[0].schemaJson), order);
        QCOMPARE(post.responses.size(), std::size_t(3));
        QCOMPARE(q(post.responses[0].status), QStringLiteral("201"));
        QCOMPARE(q(post.responses[0].description), QStringLiteral("created"));
        QCOMPARE(q(post.responses[0].content.at(0).schemaJson), order);
        QCOMPARE(q(post.responses[1].status), QStringLiteral("4XX"));
        QCOMPARE(q(post.responses[2].status), QStringLiteral("default"));
        QVERIFY(post.responses[2].content.empty());
        QCOMPARE(q(list.responses.at(0).content.at(0).schemaJson),
                 QStringLiteral(R"({"type":"array","items":)") + order + QLatin1Char('}'));
    }

    // validate-headers checks answers against these.
    void readsResponseHeadersOfBothDialects() {
        const std::string v3 = "openapi: 3.0.3\n"
                               "info: { title: t, version: '1' }\n"
                               "paths:\n"
                               "  /a:\n"
                               "    get:\n"
                               "      responses:\n"
                               "        '200':\n"
                               "          description: ok\n"
                               "          headers:\n"
                               "            X-Rate: { required: true, schema: { type: integer } }\n"
                               "            X-Trace: { $ref: '#/components/headers/Trace' }\n"
                               "components:\n"
                               "  headers:\n"
                               "    Trace: { schema: { type: string } }\n";
        auto loaded = parse(v3);
        QVERIFY2(loaded.spec, qPrintable(dump(loaded.diagnostics)));
        const auto& headers = loaded.spec->operations.at(0).responses.at(0).headers;
        QCOMPARE(headers.size(), std::size_t(2));
        QCOMPARE(q(headers[0].name), QStringLiteral("X-Rate"));
        QVERIFY(headers[0].required);
        QCOMPARE(q(headers[0].schemaJson), QStringLiteral("{\"type\":\"integer\"}"));
        QCOMPARE(q(headers[1].name), QStringLiteral("X-Trace"));
        QVERIFY(!headers[1].required);
        QCOMPARE(q(headers[1].schemaJson), QStringLiteral("{\"type\":\"string\"}"));

        const std::string v2 = "swagger: '2.0'\n"
                               "info: { title: t, version: '1' }\n"
                               "paths:\n"
                               "  /a:\n"
                               "    get:\n"
                               "      responses:\n"
                               "        '200':\n"
                               "          description: ok\n"
                               "          headers:\n"
                               "            X-Rate: { type: integer, description: per hour }\n";
        loaded = parse(v2);
        QVERIFY2(loaded.spec, qPrintable(dump(loaded.diagnostics)));
        const auto& swagger = loaded.spec->operations.at(0).responses.at(0).headers;
        QCOMPARE(swagger.size(), std::size_t(1));
        QCOMPARE(q(swagger[0].schemaJson), QStringLiteral("{\"type\":\"integer\"}"));
    }

    void takesTheExampleOrTheFirstNamedExample() {
        auto loaded = load("features-3.0.yaml");
        QVERIFY(loaded.spec);
        QCOMPARE(q(loaded.spec->operations[0].responses.at(0).content.at(0).exampleJson),
                 QStringLiteral(R"([{"id":1,"total":9.5}])"));
        QCOMPARE(
            q(loaded.spec->findOperation("getOrder")->responses.at(0).content.at(0).exampleJson),
            QStringLiteral(R"({"id":7,"total":1.25})"));
        QVERIFY(loaded.spec->operations[1].requestBody[0].exampleJson.empty());
    }

    void turnsSwagger2BodyParameterIntoTheRequestBody() {
        auto loaded = load("swagger2-body.yaml");
        QVERIFY2(loaded.spec, qPrintable(dump(loaded.diagnostics)));
        QVERIFY2(loaded.diagnostics.empty(), qPrintable(dump(loaded.diagnostics)));
        QCOMPARE(q(loaded.spec->format), QStringLiteral("swagger 2.0"));
        const auto* add = loaded.spec->findOperation("addPet");
        QVERIFY(add);
        QVERIFY(add->parameters.empty());
        QVERIFY(add->requestBodyRequired);
        QCOMPARE(add->requestBody.size(), std::size_t(2)); // global consumes
        QCOMPARE(q(add->requestBody[1].contentType), QStringLiteral("application/xml"));
        const QString pet = QStringLiteral(
            R"({"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"}}})");
        QCOMPARE(q(add->requestBody[0].schemaJson), pet);
        QCOMPARE(add->responses.size(), std::size_t(1));
        QCOMPARE(add->responses[0].content.size(), std::size_t(1)); // global produces
        QCOMPARE(q(add->responses[0].content[0].contentType), QStringLiteral("application/json"));
        QCOMPARE(q(add->responses[0].content[0].schemaJson), pet);
        QCOMPARE(q(add->responses[0].content[0].exampleJson),
                 QStringLiteral(R"({"id":1,"name":"Rex"})"));
    }

    void turnsSwagger2FormDataParametersIntoAnObjectSchema() {
        auto loaded = load("swagger2-body.yaml");
        QVERIFY(loaded.spec);
        const auto* form = loaded.spec->findOperation("updatePetWithForm");
        QVERIFY(form);
        QCOMPARE(form->parameters.size(), std::size_t(1));
        QCOMPARE(q(form->parameters[0].schemaJson),
                 QStringLiteral(R"({"type":"integer","format":"int64"})"));
        QVERIFY(form->requestBodyRequired);
        QCOMPARE(form->requestBody.size(), std::size_t(1));
        QCOMPARE(q(form->requestBody[0].contentType),
                 QStringLiteral("application/x-www-form-urlencoded"));
        QCOMPARE(
            q(form->requestBody[0].schemaJson),
            QStringLiteral(
                R"({"type":"object","properties":{"name":{"type":"string"},"status":{"type":"string","enum":["available","sold"]}},"required":["name"]})"));
        const auto& upload = loaded.spec->operations[2];
        QCOMPARE(q(upload.requestBody.at(0).contentType), QStringLiteral("multipart/form-data"));
        QVERIFY(!upload.requestBodyRequired);
        QCOMPARE(q(upload.responses.at(0).description), QStringLiteral("something went wrong"));
    }

    void buildsSwagger2ServerUrlsFromSchemesHostAndBasePath() {
        auto loaded = load("swagger2-body.yaml");
        QVERIFY(loaded.spec);
        QCOMPARE(loaded.spec->serverUrls.size(), std::size_t(2));
        QCOMPARE(q(loaded.spec->serverUrls[0]), QStringLiteral("https://api.example.com/v1"));
        QCOMPARE(q(loaded.spec->serverUrls[1]), QStringLiteral("http://api.example.com/v1"));
    }

    void readsOpenApi31AndIgnoresWebhooks() {
        auto loaded = load("openapi-3.1.yaml");
        QVERIFY2(loaded.spec, qPrintable(dump(loaded.diagnostics)));
        QVERIFY2(loaded.diagnostics.empty(), qPrintable(dump(loaded.diagnostics)));
        QCOMPARE(q(loaded.spec->format), QStringLiteral("openapi 3.1.0"));
        QCOMPARE(loaded.spec->operations.size(), std::size_t(2));
        const auto& get = loaded.spec->operations[0];
        QCOMPARE(q(get.parameters.at(0).schemaJson),
                 QStringLiteral(R"({"type":["string","integer"]})"));
        QCOMPARE(
            q(get.responses.at(0).content.at(0).schemaJson),
            QStringLiteral(
                R"({"type":"object","properties":{"id":{"type":"integer"},"tag":{"type":["string","null"]},"const":{"const":"pet"}}})"));
        const auto& put = loaded.spec->operations[1];
        QVERIFY(put.responses.empty()); // optional since 3.1
        QVERIFY(q(put.requestBody.at(0).schemaJson)
                    .contains(QStringLiteral(R"("examples":[{"nickname":null}])")));
        QCOMPARE(loaded.spec->securitySchemes.size(), std::size_t(1));
        QCOMPARE(q(loaded.spec->securitySchemes[0].type), QStringLiteral("mutualTLS"));
    }

    void acceptsOpenApi31DocumentWithoutPaths() {
        auto loaded = load("components-only-3.1.yaml");
        QVERIFY(loaded.spec);
        QVERIFY2(loaded.diagnostics.empty(), qPrintable(dump(loaded.diagnostics)));
        QVERIFY(loaded.spec->operations.empty());
    }

    void followsYamlAnchorsAliasesAndMergeKeys() {
        auto loaded = load("anchors.yaml");
        QVERIFY2(loaded.spec, qPrintable(dump(loaded.diagnostics)));
        QVERIFY2(loaded.diagnostics.empty(), qPrintable(dump(loaded.diagnostics)));
        QCOMPARE(loaded.spec->operations.size(), std::size_t(3));
        const auto& a = loaded.spec->operations[0];
        QCOMPARE(a.parameters.size(), std::size_t(2));
        QCOMPARE(q(a.parameters[1].name), QStringLiteral("size"));
        QCOMPARE(q(a.responses.at(0).description), QStringLiteral("ok"));
        const auto& b = loaded.spec->operations[1];
        QCOMPARE(q(b.summary), QStringLiteral("merged from base-op"));
        QCOMPARE(b.responses.size(), std::size_t(1));
        QCOMPARE(q(b.responses[0].content.at(0).schemaJson),
                 QStringLiteral(R"({"type":"object"})"));
        const auto& c = loaded.spec->operations[2];
        QCOMPARE(c.responses.size(), std::size_t(1));
        QCOMPARE(q(c.responses[0].status), QStringLiteral("201"));
    }

    void rejectsNonScalarYamlKeysAndGoesOn() {
        auto loaded = parse(R"(openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  ? [/a, /b]
  : get: {responses: {'200': {description: ok}}}
  /c:
    get: {responses: {'200': {description: ok}}}
)");
        QVERIFY(loaded.spec);
        const auto* found = find(loaded.diagnostics, codes::kWrongType);
        QVERIFY2(found, qPrintable(dump(loaded.diagnostics)));
        QCOMPARE(found->where.line, 4);
        QCOMPARE(found->where.column, 5);
        QCOMPARE(loaded.spec->operations.size(), std::size_t(1));
        QCOMPARE(q(loaded.spec->operations[0].urlTemplate), QStringLiteral("/c"));
    }

    void mergesAListOfMappingsFirstOneWinning() {
        auto loaded = parse(R"(openapi: 3.0.3
info: {title: T, version: '1'}
x-a: &a {summary: from a, deprecated: true}
x-b: &b {summary: from b, operationId: fromB}
paths:
  /a:
    get:
      <<: [*a, *b]
      responses: {'200': {description: ok}}
)");
        QVERIFY2(loaded.spec, qPrintable(dump(loaded.diagnostics)));
        QVERIFY2(loaded.diagnostics.empty(), qPrintable(dump(loaded.diagnostics)));
        const auto& op = loaded.spec->operations.at(0);
        QCOMPARE(q(op.summary), QStringLiteral("from a"));
        QCOMPARE(q(op.id), QStringLiteral("fromB"));
        QVERIFY(op.deprecated);
    }

    void readsJsonAndYamlAlike() {
        const std::string yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n"
                                 "  /x:\n    get:\n      responses: {'200': {description: ok}}\n";
        const std::string json = R"({"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
            "paths": {"/x": {"get": {"responses": {"200": {"description": "ok"}}}}}})";
        auto fromYaml = parse(yaml);
        auto fromJson = parse(json, "inline.json");
        QVERIFY(fromYaml.spec && fromJson.spec);
        QCOMPARE(q(fromYaml.spec->operations.at(0).id), q(fromJson.spec->operations.at(0).id));
        QCOMPARE(fromJson.spec->operations.at(0).where.line, 2);
    }

    void writesYamlScalarsAsJsonTypes() {
        auto loaded = parse(R"(openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /x:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              example: {a: 1, b: 0x1F, c: .5, d: true, e: ~, f: "12", g: 1e3, h: text, i: "line
                one"}
)");
        QVERIFY2(loaded.spec, qPrintable(dump(loaded.diagnostics)));
        QCOMPARE(
            q(loaded.spec->operations[0].responses[0].content[0].exampleJson),
            QStringLiteral(
                R"({"a":1,"b":31,"c":0.5,"d":true,"e":null,"f":"12","g":1e3,"h":"text","i":"line one"})"));
    }
};

QTEST_GUILESS_MAIN(TestOpenApiParser)
#include "test_openapi_parser.moc"
