#include "core/openapi/diagnostic_codes.h"
#include "core/openapi/document.h"
#include "core/openapi/readers.h"
#include "openapi_test_support.h"

#include <QElapsedTimer>
#include <QTest>

using namespace portico;
using namespace openapi_test;
namespace codes = portico::openapi::codes;
namespace detail = portico::openapi::detail;

class TestRefResolver : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resolvesJsonPointers_data() {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("expected"); // the text of the node found, "-" when none
        QTest::newRow("member") << QStringLiteral("#/a/b") << QStringLiteral("plain");
        QTest::newRow("~1 is a slash") << QStringLiteral("#/a~1b") << QStringLiteral("slash");
        QTest::newRow("~0 is a tilde") << QStringLiteral("#/a~0b") << QStringLiteral("tilde");
        QTest::newRow("~01 is ~1") << QStringLiteral("#/a~01") << QStringLiteral("tilde-one");
        QTest::newRow("percent-encoded") << QStringLiteral("#/%7Bx%7D") << QStringLiteral("braces");
        QTest::newRow("array index") << QStringLiteral("#/list/1") << QStringLiteral("second");
        QTest::newRow("index past end") << QStringLiteral("#/list/2") << QStringLiteral("-");
        QTest::newRow("leading zero") << QStringLiteral("#/list/01") << QStringLiteral("-");
        QTest::newRow("missing") << QStringLiteral("#/a/c") << QStringLiteral("-");
        QTest::newRow("through a scalar") << QStringLiteral("#/a/b/c") << QStringLiteral("-");
        QTest::newRow("not a fragment") << QStringLiteral("a/b") << QStringLiteral("-");
    }

    void resolvesJsonPointers() {
        QFETCH(QString, pointer);
        QFETCH(QString, expected);
        model::DiagnosticList diagnostics;
        auto document = detail::readJson(
            R"({"a": {"b": "plain"}, "a/b": "slash", "a~b": "tilde", "a~1": "tilde-one",
                "{x}": "braces", "list": ["first", "second"]})",
            "p.json", diagnostics);
        QVERIFY(document);
        detail::NodeId found = document->resolvePointer(pointer.toStdString());
        QCOMPARE(found == detail::kNoNode ? QStringLiteral("-") : q(document->node(found).text),
                 expected);
    }

    void importsRecursiveSchemaKeepingTheRecursiveRef() {
        auto loaded = load("recursive-schema.yaml");
        QVERIFY2(loaded.spec, qPrintable(dump(loaded.diagnostics)));
        QVERIFY2(loaded.diagnostics.empty(), qPrintable(dump(loaded.diagnostics)));
        const QString node = QStringLiteral(
            R"({"type":"object","properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#/components/schemas/Node"}},"parent":{"type":"object","properties":{"node":{"$ref":"#/components/schemas/Node"}}}}})");
        QCOMPARE(q(loaded.spec->operations.at(0).responses.at(0).content.at(0).schemaJson), node);
        // Reached through another path, the same schema expands the same way.
        QCOMPARE(q(loaded.spec->operations.at(1).responses.at(0).content.at(0).schemaJson),
                 QStringLiteral(R"({"type":"array","items":)") + node + QLatin1Char('}'));
    }

    void expandsMutuallyRecursiveSchemasToAFiniteEquivalentSchema() {
        // Parent is first expanded inside Node, where its ref back to Node is cut; that cut text
        // must not be reused for Parent on its own, which expands Node (cached whole) instead.
        auto loaded = parse(R"(openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /node:
    get:
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}}
  /parent:
    get:
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Parent'}}}}
components:
  schemas:
    Node: {type: object, properties: {parent: {$ref: '#/components/schemas/Parent'}}}
    Parent: {type: object, properties: {node: {$ref: '#/components/schemas/Node'}}}
)");
        QVERIFY(loaded.spec);
        QCOMPARE(
            q(loaded.spec->operations[1].responses[0].content[0].schemaJson),
            QStringLiteral(
                R"({"type":"object","properties":{"node":{"type":"object","properties":{"parent":{"type":"object","properties":{"node":{"$ref":"#/components/schemas/Node"}}}}}}})"));
    }

    void reportsARefCycleWithoutDefinitionOnceAndGoesOn() {
        QElapsedTimer timer;
        timer.start();
        auto loaded = load("ref-cycle.yaml");
        QVERIFY(timer.elapsed() < 5000);
        QVERIFY(loaded.spec);
        QCOMPARE(loaded.diagnostics.errorCount(), std::size_t(1));
        const auto* cycle = find(loaded.diagnostics, codes::kRefCycle);
        QVERIFY(cycle);
        QVERIFY(q(cycle->message).contains(QStringLiteral("#/components/responses/B")));
        QCOMPARE(loaded.spec->operations.size(), std::size_t(1));
        QVERIFY(loaded.spec->operations[0].responses.empty());
    }

    void resolvesEscapedPointersInSchemaAndPathItemRefs() {
        auto loaded = load("pointer-escapes.json");
        QVERIFY2(loaded.spec, qPrintable(dump(loaded.diagnostics)));
        QVERIFY2(loaded.diagnostics.empty(), qPrintable(dump(loaded.diagnostics)));
        QCOMPARE(loaded.spec->operations.size(), std::size_t(2));
        QCOMPARE(q(loaded.spec->operations[1].urlTemplate), QStringLiteral("/copies/{id}"));
        QCOMPARE(q(loaded.spec->operations[1].responses.at(0).content.at(0).schemaJson),
                 QStringLiteral(R"({"type":"object","properties":{"weird":{"type":"string"}}})"));
    }

    void keepsExternalRefAsWrittenWithAWarning() {
        auto loaded = load("external-ref.yaml");
        QVERIFY(loaded.spec);
        QVERIFY(!loaded.diagnostics.hasErrors());
        QCOMPARE(q(loaded.spec->operations[0].responses[0].content[0].schemaJson),
                 QStringLiteral(R"({"$ref":"common.yaml#/Pet"})"));
    }

    void reportsEachUnresolvableRefOnce() {
        auto loaded = parse(R"(openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      parameters: [{$ref: '#/components/parameters/missing'}]
      responses: {'200': {$ref: '#/components/responses/Shared'}}
  /b:
    get:
      responses: {'200': {$ref: '#/components/responses/Shared'}}
components:
  responses:
    Shared:
      description: ok
      content: {application/json: {schema: {$ref: '#/components/schemas/Gone'}}}
)");
        QVERIFY(loaded.spec);
        QCOMPARE(loaded.diagnostics.errorCount(), std::size_t(2));
        QCOMPARE(loaded.diagnostics.items()[0].where.line, 6);
        QCOMPARE(loaded.diagnostics.items()[1].where.line, 15);
        QVERIFY(loaded.spec->operations[0].parameters.empty());
    }

    void leavesOutAYamlAliasThatContainsItself() {
        auto loaded = parse(R"(openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              example: &loop {next: *loop}
)");
        QVERIFY(loaded.spec);
        const auto* found = find(loaded.diagnostics, codes::kExpansionTooLarge);
        QVERIFY2(found, qPrintable(dump(loaded.diagnostics)));
        QVERIFY(q(found->message).contains(QStringLiteral("contains itself")));
        QCOMPARE(found->where.line, 11);
        QVERIFY(loaded.spec->operations[0].responses[0].content[0].exampleJson.empty());
    }

    void boundsTheExpansionOfAliasBombs() {
        std::string text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nx-bomb:\n"
                           "  l0: &l0 [aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa]\n";
        for (int i = 1; i < 12; ++i) {
            const std::string previous = "*l" + std::to_string(i - 1);
            text += "  l" + std::to_string(i) + ": &l" + std::to_string(i) + " [" + previous;
            for (int k = 1; k < 10; ++k)
                text += ", " + previous;
            text += "]\n";
        }
        text += "paths:\n  /a:\n    get:\n      responses:\n        '200':\n"
                "          description: ok\n          content:\n            application/json:\n"
                "              schema: {type: array}\n              example: *l11\n";
        QElapsedTimer timer;
        timer.start();
        auto loaded = parse(text);
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(loaded.spec);
        QVERIFY2(find(loaded.diagnostics, codes::kExpansionTooLarge),
                 qPrintable(dump(loaded.diagnostics)));
        QVERIFY(loaded.spec->operations[0].responses[0].content[0].exampleJson.empty());
    }
};

QTEST_GUILESS_MAIN(TestRefResolver)
#include "test_ref_resolver.moc"
