#include "core/policies/json_schema.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using nlohmann::json;
using portico::policies::JsonSchema;

namespace {

std::shared_ptr<const JsonSchema> schemaOf(const char* text) {
    std::string problem;
    auto schema = JsonSchema::compile(text, problem);
    if (!schema)
        qFatal("schema did not compile: %s", problem.c_str());
    return schema;
}

// The problem checking `value` against `schema` reports; empty when it conforms.
QString problemOf(const char* schema, const char* value, const JsonSchema::Options& options = {}) {
    return QString::fromStdString(schemaOf(schema)->check(json::parse(value), options));
}

} // namespace

// The JSON Schema subset OpenAPI uses, as validate-content and validate-parameters check it.
class TestJsonSchema : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void checksValuesAgainstSchemas_data();
    void checksValuesAgainstSchemas();
    void additionalPropertiesFollowTheOverride();
    void propertyNamesMayIgnoreCase();
    void refusesSchemasItCannotCheck_data();
    void refusesSchemasItCannotCheck();
    void patternsTakePolynomialTime();
    void readsParameterTextAsTheSchemasType();
    void measuresNestingWithoutParsing();
};

void TestJsonSchema::checksValuesAgainstSchemas_data() {
    QTest::addColumn<QString>("schema");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("problem"); // empty: conforms
    const auto row = [](const char* name, const char* schema, const char* value,
                        const char* problem) {
        QTest::newRow(name) << QString::fromUtf8(schema) << QString::fromUtf8(value)
                            << QString::fromUtf8(problem);
    };
    row("integer", R"({"type":"integer"})", "7", "");
    row("integral float is an integer", R"({"type":"integer"})", "7.0", "");
    row("string is no integer", R"({"type":"integer"})", R"("7")",
        "#: expected integer, found string");
    row("integer is a number", R"({"type":"number"})", "7", "");
    row("null refused", R"({"type":"string"})", "null", "#: expected string, found null");
    row("3.0 nullable", R"({"type":"string","nullable":true})", "null", "");
    row("3.1 type list", R"({"type":["string","null"]})", "null", "");
    row("enum", R"({"enum":["a","b"]})", R"("c")",
        R"(#: is not one of the allowed values ["a","b"])");
    row("const", R"({"const":3})", "4", "#: must be 3");
    row("minimum", R"({"minimum":1})", "0", "#: must be at least 1");
    row("3.0 exclusive minimum", R"({"minimum":1,"exclusiveMinimum":true})", "1",
        "#: must be greater than 1");
    row("3.1 exclusive maximum", R"({"exclusiveMaximum":10})", "10", "#: must be less than 10");
    row("multipleOf", R"({"multipleOf":0.5})", "1.5", "");
    row("not a multiple", R"({"multipleOf":0.5})", "1.2", "#: must be a multiple of 0.5");
    row("int32 range", R"({"type":"integer","format":"int32"})", "2147483648",
        "#: is not a int32 integer");
    row("maxLength counts characters", R"({"maxLength":3})", R"("äöü")", "");
    row("minLength", R"({"minLength":2})", R"("a")", "#: is shorter than 2 characters");
    row("pattern", R"({"pattern":"^[a-z]+$"})", R"("abc1")",
        "#: does not match the pattern '^[a-z]+$'");
    row("pattern searches", R"({"pattern":"[0-9]"})", R"("ab1c")", "");
    row("date", R"({"format":"date"})", R"("2026-02-29")", "#: is not a valid date");
    row("leap date", R"({"format":"date"})", R"("2028-02-29")", "");
    row("date-time", R"({"format":"date-time"})", R"("2026-12-01T05:30:00.25+01:00")", "");
    row("date-time without zone", R"({"format":"date-time"})", R"("2026-12-01T05:30:00")",
        "#: is not a valid date-time");
    row("uuid", R"({"format":"uuid"})", R"("123e4567-e89b-12d3-a456-42661417400")",
        "#: is not a valid uuid");
    row("unknown formats are annotations", R"({"format":"email"})", R"("x")", "");
    row("required", R"({"type":"object","required":["id"]})", "{}",
        "#: required property 'id' is missing");
    row("nested property", R"({"properties":{"a":{"items":{"type":"integer"}}}})",
        R"({"a":[1,"x"]})", "#/a/1: expected integer, found string");
    row("pointer escapes", R"({"properties":{"a/b":{"type":"string"}}})", R"({"a/b":1})",
        "#/a~1b: expected string, found integer");
    row("additional forbidden", R"({"properties":{"a":{}},"additionalProperties":false})",
        R"({"a":1,"b":2})", "#/b: additional property 'b' is not allowed");
    row("additional schema", R"({"additionalProperties":{"type":"integer"}})", R"({"b":"x"})",
        "#/b: expected integer, found string");
    row("minItems", R"({"minItems":2})", "[1]", "#: has fewer than 2 items");
    row("uniqueItems", R"({"uniqueItems":true})", R"([1,{"a":2},{"a":2}])",
        "#: has duplicate items");
    row("maxProperties", R"({"maxProperties":1})", R"({"a":1,"b":2})",
        "#: has more than 1 properties");
    row("allOf", R"({"allOf":[{"required":["a"]},{"required":["b"]}]})", R"({"a":1})",
        "#: required property 'b' is missing");
    row("anyOf", R"({"anyOf":[{"type":"string"},{"type":"integer"}]})", "true",
        "#: matches none of the schemas in 'anyOf'");
    row("oneOf matching two", R"({"oneOf":[{"type":"number"},{"type":"integer"}]})", "1",
        "#: matches 2 of the schemas in 'oneOf', not exactly one");
    row("not", R"({"not":{"type":"string"}})", R"("x")", "#: matches the schema in 'not'");
    row("false schema", R"({"properties":{"a":false}})", R"({"a":1})",
        "#/a: no value is allowed here");
}

void TestJsonSchema::checksValuesAgainstSchemas() {
    QFETCH(QString, schema);
    QFETCH(QString, value);
    QFETCH(QString, problem);
    QCOMPARE(problemOf(schema.toUtf8().constData(), value.toUtf8().constData()), problem);
}

void TestJsonSchema::additionalPropertiesFollowTheOverride() {
    const char* open = R"({"properties":{"a":{}}})";
    const char* closed = R"({"properties":{"a":{}},"additionalProperties":false})";
    JsonSchema::Options forbid;
    forbid.allowAdditionalProperties = false;
    JsonSchema::Options allow;
    allow.allowAdditionalProperties = true;
    const char* ab = R"({"a":1,"b":2})";
    const char* ac = R"({"a":1,"c":2})";
    QCOMPARE(problemOf(open, ab), QString());
    QCOMPARE(problemOf(open, ab, forbid),
             QStringLiteral("#/b: additional property 'b' is not allowed"));
    QCOMPARE(problemOf(closed, ab, allow), QString());
    // Properties an allOf sibling declares are not additional.
    const char* composed = R"({"allOf":[{"properties":{"a":{}}},{"properties":{"b":{}}}]})";
    QCOMPARE(problemOf(composed, ab, forbid), QString());
    QCOMPARE(problemOf(composed, ac, forbid),
             QStringLiteral("#/c: additional property 'c' is not allowed"));
}

void TestJsonSchema::propertyNamesMayIgnoreCase() {
    const char* schema = R"({"required":["Id"],"properties":{"Id":{"type":"integer"}},)"
                         R"("additionalProperties":false})";
    JsonSchema::Options ignoreCase;
    ignoreCase.caseInsensitivePropertyNames = true;
    const char* lowerId = R"({"id":1})";
    const char* upperId = R"({"ID":"x"})";
    QCOMPARE(problemOf(schema, lowerId), QStringLiteral("#: required property 'Id' is missing"));
    QCOMPARE(problemOf(schema, lowerId, ignoreCase), QString());
    QCOMPARE(problemOf(schema, upperId, ignoreCase),
             QStringLiteral("#/ID: expected integer, found string"));
}

void TestJsonSchema::refusesSchemasItCannotCheck_data() {
    QTest::addColumn<QString>("schema");
    QTest::addColumn<QString>("problem");
    QTest::newRow("not JSON") << QStringLiteral("{") << QStringLiteral("the schema is not JSON");
    QTest::newRow("unknown type") << QString::fromUtf8(R"({"properties":{"a":{"type":"int"}}})")
                                  << QStringLiteral("#/properties/a: 'type' \"int\" is not a "
                                                    "JSON Schema type");
    QTest::newRow("back-reference") << QString::fromUtf8("{\"pattern\":\"(a)\\\\1\"}")
                                    << QStringLiteral("#: pattern '(a)\\1' cannot be checked");
    QTest::newRow("negative length") << QString::fromUtf8(R"({"maxLength":-1})")
                                     << QStringLiteral("#: 'maxLength' must be a whole number");
    QTest::newRow("zero multiple") << QString::fromUtf8(R"({"multipleOf":0})")
                                   << QStringLiteral("#: 'multipleOf' must be greater than 0");
}

void TestJsonSchema::refusesSchemasItCannotCheck() {
    QFETCH(QString, schema);
    QFETCH(QString, problem);
    std::string found;
    QVERIFY(!JsonSchema::compile(schema.toStdString(), found));
    QVERIFY2(QString::fromStdString(found).startsWith(problem), found.c_str());
}

void TestJsonSchema::patternsTakePolynomialTime() {
    // A backtracking matcher takes 2^n steps on this pattern and text; this one finishes.
    const auto schema = schemaOf(R"({"pattern":"^(a+)+$"})");
    const std::string text = std::string(5000, 'a') + "!";
    QVERIFY(!schema->check(json(text)).empty());
    QVERIFY(schema->check(json(std::string(5000, 'a'))).empty());
}

void TestJsonSchema::readsParameterTextAsTheSchemasType() {
    std::string problem;
    const auto integer = schemaOf(R"({"type":"integer","maximum":50})");
    QCOMPARE(integer->parameterValue({"42"}, problem), std::optional<json>(42));
    QVERIFY(!integer->parameterValue({"4x"}, problem));
    QCOMPARE(QString::fromStdString(problem), QStringLiteral("'4x' is not an integer"));
    QCOMPARE(QString::fromStdString(integer->check(*integer->parameterValue({"51"}, problem))),
             QStringLiteral("#: must be at most 50"));
    const auto flag = schemaOf(R"({"type":"boolean"})");
    QCOMPARE(flag->parameterValue({"true"}, problem), std::optional<json>(true));
    QVERIFY(!flag->parameterValue({"yes"}, problem));
    const auto text = schemaOf(R"({"type":"string"})");
    QCOMPARE(text->parameterValue({"42"}, problem), std::optional<json>("42"));
    const auto list = schemaOf(R"({"type":"array","items":{"type":"integer"}})");
    QVERIFY(list->describesArray());
    QCOMPARE(list->parameterValue({"1", "2"}, problem), std::optional<json>(json{1, 2}));
    QCOMPARE(list->parameterValue({"3,4"}, problem), std::optional<json>(json{3, 4}));
    QVERIFY(!list->parameterValue({"3,x"}, problem));
}

void TestJsonSchema::measuresNestingWithoutParsing() {
    using portico::policies::jsonNestingDepth;
    const char* nested = R"({"a":[1,{"b":[]}]})";
    const char* bracketsInAString = R"({"a":"[[[[\"[["})";
    QCOMPARE(jsonNestingDepth(nested), std::size_t(4));
    QCOMPARE(jsonNestingDepth(bracketsInAString), std::size_t(1));
    QCOMPARE(jsonNestingDepth(std::string(100000, '[')), std::size_t(100000));
    QCOMPARE(jsonNestingDepth("7"), std::size_t(0));
}

QTEST_APPLESS_MAIN(TestJsonSchema)
#include "test_json_schema.moc"
