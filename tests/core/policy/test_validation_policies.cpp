#include "memory_context.h"
#include "policy_test_support.h"

#include "core/openapi/specification.h"
#include "core/policy/expr/json_box.h"

#include <QtTest>

using namespace portico;
using namespace portico::policy;
using namespace portico::policy::test;

namespace {

// POST /orders/{id}: an integer id, a limit query parameter of at most 50, a required
// X-Tenant header, a JSON body with a required name; answers 200 with an X-Rate header.
openapi::Operation ordersOperation() {
    openapi::Operation operation;
    operation.id = "update-order";
    operation.method = "POST";
    operation.urlTemplate = "/orders/{id}";
    operation.parameters = {
        {"id", "path", true, R"({"type":"integer"})"},
        {"limit", "query", false, R"({"type":"integer","maximum":50})"},
        {"tags", "query", false, R"({"type":"array","items":{"enum":["a","b"]}})"},
        {"X-Tenant", "header", true, R"({"type":"string","pattern":"^[a-z]+$"})"}};
    operation.requestBody = {
        {"application/json",
         R"({"type":"object","required":["name"],"properties":{"name":{"type":"string"},)"
         R"("qty":{"type":"integer","minimum":1}}})",
         {}}};
    openapi::Response ok{"200", "OK", {{"application/json", R"({"type":"object"})", {}}}, {}};
    ok.headers = {{"X-Rate", "header", true, R"({"type":"integer"})"}};
    operation.responses = {ok, {"4XX", "client error", {}, {}}};
    return operation;
}

// Makes `context` a well-formed call of ordersOperation().
void fillValidCall(MemoryContext& context) {
    context.requestMethod = "POST";
    context.templateParameters = {{"id", "7"}};
    context.query = {{"limit", "20"}};
    context.request.headers = {{"Host", "gw.test"},
                               {"X-Tenant", "contoso"},
                               {"Content-Type", "application/json; charset=utf-8"}};
    context.request.body = R"({"name":"pen","qty":2})";
    context.response.headers = {{"Content-Type", "application/json"}, {"X-Rate", "10"}};
    context.response.body = "{}";
}

std::optional<CompiledPipeline> compileWith(const std::string& section, const std::string& policy,
                                            model::DiagnosticList& diagnostics,
                                            const openapi::Operation* operation) {
    auto document = parse(inSection(section, policy), diagnostics, Scope::Api);
    if (!document || diagnostics.hasErrors())
        return std::nullopt;
    const auto merged = mergeScopes({nullptr, nullptr, &*document, nullptr}, {}, diagnostics);
    return compilePipeline(merged, {}, diagnostics, nullptr, operation);
}

// Runs `policy` alone in `section` over `context`, for ordersOperation().
RunResult runOn(MemoryContext& context, const std::string& section, const std::string& policy) {
    const auto operation = ordersOperation();
    model::DiagnosticList diagnostics;
    const auto pipeline = compileWith(section, policy, diagnostics, &operation);
    if (!pipeline)
        qFatal("did not compile: %s", qPrintable(describe(diagnostics)));
    return runSection(pipeline->section(*sectionFromName(section)), context);
}

// The message the client reads when the run failed; empty when it went on.
QString refusal(const RunResult& result) {
    return result.flow == RunResult::Flow::Fail ? QString::fromStdString(result.error->message)
                                                : QString();
}

expr::Json errorsIn(const MemoryContext& context, std::string_view name) {
    const auto* value = context.variable(name);
    return value && value->type() == expr::Ty::Json ? value->asJson()->value() : expr::Json();
}

const std::string kParameters =
    R"(<validate-parameters specified-parameter-action="prevent" )"
    R"(unspecified-parameter-action="prevent" errors-variable-name="problems"/>)";
const std::string kContent =
    R"(<validate-content unspecified-content-type-action="prevent" max-size="256" )"
    R"(size-exceeded-action="prevent" errors-variable-name="problems">)"
    R"(<content type="application/json" validate-as="json" action="prevent"/></validate-content>)";

} // namespace

// validate-parameters, validate-content, validate-headers and validate-status-code against an
// operation's OpenAPI definition, with APIM's actions, errors and messages.
class TestValidationPolicies : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aConformingCallPassesEveryValidation();
    void parametersThatBreakTheirSchemaAreRefused_data();
    void parametersThatBreakTheirSchemaAreRefused();
    void detectRecordsTheErrorAndGoesOn();
    void childElementsOverrideTheActions();
    void theSubscriptionKeyIsNeverUnspecified();
    void actionsMayBeExpressions();
    void contentThatBreaksItsSchemaIsRefused_data();
    void contentThatBreaksItsSchemaIsRefused();
    void contentTypeMapChoosesTheSchema();
    void responsesAreJudgedWithoutTellingTheClientWhy();
    void statusCodesOutsideTheDefinitionAreRefused();
    void withoutADefinitionEveryCheckReportsTheMissingSchema();
    void refusesSettingsItCannotHonour_data();
    void refusesSettingsItCannotHonour();
};

void TestValidationPolicies::aConformingCallPassesEveryValidation() {
    MemoryContext context;
    fillValidCall(context);
    QCOMPARE(refusal(runOn(context, "inbound", kParameters + kContent)), QString());
    const std::string outbound =
        R"(<validate-status-code unspecified-status-code-action="prevent"/>)"
        R"(<validate-headers specified-header-action="prevent" unspecified-header-action="prevent"/>)"
        R"(<validate-content unspecified-content-type-action="prevent" max-size="64" )"
        R"(size-exceeded-action="prevent"><content validate-as="json" action="prevent"/>)"
        R"(</validate-content>)";
    QCOMPARE(refusal(runOn(context, "outbound", outbound)), QString());
    QVERIFY(errorsIn(context, "problems").is_null());
}

void TestValidationPolicies::parametersThatBreakTheirSchemaAreRefused_data() {
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("message");
    QTest::newRow("over the maximum")
        << "limit=51"_q
        << "The value of the query parameter limit does not conform to the definition. "
           "#: must be at most 50"_q;
    QTest::newRow("not an integer")
        << "limit=ten"_q
        << "Value of the query parameter limit couldn't be parsed according to the definition. "
           "'ten' is not an integer"_q;
    QTest::newRow("twice") << "limit=1&limit=2"_q
                           << "Request cannot contain multiple values for the query parameter "
                              "limit."_q;
    QTest::newRow("an array item outside its enum")
        << "tags=a,c"_q
        << "The value of the query parameter tags does not conform to the definition. "
           "#/1: is not one of the allowed values [\"a\",\"b\"]"_q;
    QTest::newRow("unspecified query parameter")
        << "debug=1"_q
        << "Unspecified query parameter debug is not allowed."_q;
    QTest::newRow("path parameter") << "id=x"_q
                                    << "Value of the path parameter id couldn't be parsed "
                                       "according to the definition. 'x' is not an integer"_q;
    QTest::newRow("header missing") << "no-tenant"_q
                                    << "Required header X-Tenant is missing."_q;
    QTest::newRow("header pattern")
        << "X-Tenant=Contoso"_q
        << "The value of the header X-Tenant does not conform to the definition. "
           "#: does not match the pattern '^[a-z]+$'"_q;
    QTest::newRow("unspecified header") << "X-Debug=1"_q
                                        << "Unspecified header X-Debug is not allowed."_q;
}

void TestValidationPolicies::parametersThatBreakTheirSchemaAreRefused() {
    QFETCH(QString, change);
    QFETCH(QString, message);
    MemoryContext context;
    fillValidCall(context);
    context.query.clear();
    const std::string text = change.toStdString();
    if (text == "no-tenant") {
        context.request.headers.erase(context.request.headers.begin() + 1);
    } else if (text.starts_with("X-")) {
        const auto equals = text.find('=');
        context.removeHeader(MessageKind::Request, text.substr(0, equals));
        context.request.headers.emplace_back(text.substr(0, equals), text.substr(equals + 1));
    } else if (text.starts_with("id=")) {
        context.templateParameters["id"] = text.substr(3);
    } else {
        for (const auto& pair : QString::fromStdString(text).split(QLatin1Char('&'))) {
            const auto parts = pair.split(QLatin1Char('='));
            context.query.emplace_back(parts[0].toStdString(), parts[1].toStdString());
        }
    }
    const auto result = runOn(context, "inbound", kParameters);
    QCOMPARE(refusal(result), message);
    QCOMPARE(result.error->statusCode, 400);
    QCOMPARE(result.error->source, std::string("validate-parameters"));
    QCOMPARE(result.error->reason, std::string("Bad request"));
    QCOMPARE(errorsIn(context, "problems").size(), std::size_t(1));
}

void TestValidationPolicies::detectRecordsTheErrorAndGoesOn() {
    MemoryContext context;
    fillValidCall(context);
    context.query = {{"limit", "99"}, {"debug", "1"}};
    const auto result =
        runOn(context, "inbound",
              R"(<validate-parameters specified-parameter-action="detect" )"
              R"(unspecified-parameter-action="detect" errors-variable-name="e"/>)");
    QCOMPARE(refusal(result), QString());
    const auto errors = errorsIn(context, "e");
    QCOMPARE(errors.size(), std::size_t(2));
    QCOMPARE(errors[0]["Name"], "limit");
    QCOMPARE(errors[0]["Type"], "QueryParameter");
    QCOMPARE(errors[0]["ValidationRule"], "IncorrectMessage");
    QCOMPARE(errors[0]["Action"], "detect");
    QCOMPARE(errors[1]["Name"], "debug");
    QCOMPARE(errors[1]["ValidationRule"], "Unspecified");
    QCOMPARE(errors[1]["Details"], "Unspecified query parameter debug is not allowed.");
}

void TestValidationPolicies::childElementsOverrideTheActions() {
    MemoryContext context;
    fillValidCall(context);
    context.query = {{"limit", "99"}, {"debug", "1"}};
    const std::string policy =
        R"(<validate-parameters specified-parameter-action="prevent" )"
        R"(unspecified-parameter-action="prevent">)"
        R"(<query unspecified-parameter-action="ignore"><parameter name="limit" action="detect"/>)"
        R"(</query></validate-parameters>)";
    QCOMPARE(refusal(runOn(context, "inbound", policy)), QString());
    // The headers keep the policy's own actions.
    context.request.headers.emplace_back("X-Debug", "1");
    QCOMPARE(refusal(runOn(context, "inbound", policy)),
             "Unspecified header X-Debug is not allowed."_q);
}

void TestValidationPolicies::theSubscriptionKeyIsNeverUnspecified() {
    MemoryContext context;
    fillValidCall(context);
    // APIM's names, as an API without names of its own takes it.
    context.query = {{"subscription-key", "k"}};
    context.request.headers.emplace_back("Ocp-Apim-Subscription-Key", "k");
    QCOMPARE(refusal(runOn(context, "inbound", kParameters)), QString());
    context.query = {{"apikey", "k"}};
    QCOMPARE(refusal(runOn(context, "inbound", kParameters)),
             "Unspecified query parameter apikey is not allowed."_q);
}

void TestValidationPolicies::actionsMayBeExpressions() {
    MemoryContext context;
    fillValidCall(context);
    context.query = {{"debug", "1"}};
    const std::string policy =
        "<validate-parameters specified-parameter-action=\"prevent\" "
        "unspecified-parameter-action=\"@(context.Request.Headers.GetValueOrDefault("
        "&quot;X-Mode&quot;, &quot;ignore&quot;))\"><headers "
        "unspecified-parameter-action=\"ignore\"/></validate-parameters>";
    QCOMPARE(refusal(runOn(context, "inbound", policy)), QString());
    context.request.headers.emplace_back("X-Mode", "prevent");
    QCOMPARE(refusal(runOn(context, "inbound", policy)),
             "Unspecified query parameter debug is not allowed."_q);
    context.removeHeader(MessageKind::Request, "X-Mode");
    context.request.headers.emplace_back("X-Mode", "block");
    const auto result = runOn(context, "inbound", policy);
    QCOMPARE(result.error->reason, std::string("ExpressionValueEvaluationFailure"));
    QCOMPARE(result.error->statusCode, 500);
}

void TestValidationPolicies::contentThatBreaksItsSchemaIsRefused_data() {
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("message");
    const auto prefix =
        "Body of the request does not conform to the schema associated with the content type "
        "application/json. "_q;
    QTest::newRow("required property")
        << "application/json"_q
        << R"({"qty":2})"_q << prefix + "#: required property 'name' is missing"_q;
    QTest::newRow("below the minimum")
        << "application/json"_q
        << R"({"name":"a","qty":0})"_q << prefix + "#/qty: must be at least 1"_q;
    QTest::newRow("not JSON") << "application/json"_q
                              << "{\"name\":\n  \"a\" x}"_q
                              << prefix + "The body is not valid JSON. Line: 2, Position: 6"_q;
    QTest::newRow("nested too deep")
        << "application/json"_q << QString(200, QLatin1Char('['))
        << prefix + "The body nests arrays and objects more than 128 deep."_q;
    QTest::newRow("over the size") << "application/json"_q << QString(257, QLatin1Char(' '))
                                   << "Request's body is 257 bytes long and it exceeds the limit "
                                      "of 256 bytes."_q;
    QTest::newRow("unspecified type") << "text/plain"_q
                                      << "hello"_q
                                      << "Unspecified content type text/plain is not allowed."_q;
    QTest::newRow("no type for a body") << QString() << R"({"name":"a"})"_q
                                        << "Unspecified content type (none) is not allowed."_q;
}

void TestValidationPolicies::contentThatBreaksItsSchemaIsRefused() {
    QFETCH(QString, type);
    QFETCH(QString, body);
    QFETCH(QString, message);
    MemoryContext context;
    fillValidCall(context);
    context.removeHeader(MessageKind::Request, "Content-Type");
    if (!type.isEmpty())
        context.request.headers.emplace_back("Content-Type", type.toStdString());
    context.request.body = body.toStdString();
    const auto result = runOn(context, "inbound", kContent);
    QCOMPARE(refusal(result), message);
    QCOMPARE(result.error->statusCode, 400);
    QCOMPARE(result.error->source, std::string("validate-content"));
}

void TestValidationPolicies::contentTypeMapChoosesTheSchema() {
    MemoryContext context;
    fillValidCall(context);
    context.removeHeader(MessageKind::Request, "Content-Type");
    context.request.body = R"({"qty":1})";
    const std::string policy =
        R"(<validate-content unspecified-content-type-action="prevent" max-size="1024" )"
        R"(size-exceeded-action="prevent"><content-type-map missing-content-type-value=)"
        R"("application/json"><type from="application/hal+json" to="application/json"/>)"
        R"(</content-type-map><content type="application/json" validate-as="json" )"
        R"(action="prevent"/></validate-content>)";
    const auto missing = refusal(runOn(context, "inbound", policy));
    QVERIFY2(missing.endsWith("#: required property 'name' is missing"_q), qPrintable(missing));
    context.request.headers.emplace_back("Content-Type", "application/hal+json");
    QVERIFY(refusal(runOn(context, "inbound", policy)).endsWith("is missing"_q));
    context.request.body = R"({"name":"a"})";
    QCOMPARE(refusal(runOn(context, "inbound", policy)), QString());
}

void TestValidationPolicies::responsesAreJudgedWithoutTellingTheClientWhy() {
    const QString internal =
        "The request could not be processed due to an internal error. Contact the API owner."_q;
    MemoryContext context;
    fillValidCall(context);
    context.removeHeader(MessageKind::Response, "X-Rate");
    context.response.headers.emplace_back("X-Rate", "many");
    const std::string headers =
        R"(<validate-headers specified-header-action="prevent" unspecified-header-action="detect" )"
        R"(errors-variable-name="e"/>)";
    auto result = runOn(context, "outbound", headers);
    QCOMPARE(refusal(result), internal);
    QCOMPARE(result.error->statusCode, 502);
    QCOMPARE(result.error->reason, std::string("Response not allowed"));
    QCOMPARE(errorsIn(context, "e")[0]["Details"],
             "Value of the header X-Rate cannot be parsed according to the definition. 'many' "
             "is not an integer");

    MemoryContext unlisted;
    fillValidCall(unlisted);
    unlisted.response.headers.emplace_back("X-Backend-Version", "1.2");
    QCOMPARE(refusal(runOn(unlisted, "outbound", headers)), QString());
    QCOMPARE(errorsIn(unlisted, "e")[0]["Type"], "ResponseHeader");
    QCOMPARE(errorsIn(unlisted, "e")[0]["Details"],
             "Unspecified header X-Backend-Version is not allowed.");

    MemoryContext wrongBody;
    fillValidCall(wrongBody);
    wrongBody.response.body = "[1]";
    result = runOn(wrongBody, "outbound",
                   R"(<validate-content unspecified-content-type-action="prevent" max-size="64" )"
                   R"(size-exceeded-action="prevent" errors-variable-name="e"><content )"
                   R"(validate-as="json" action="prevent"/></validate-content>)");
    QCOMPARE(refusal(result), internal);
    QCOMPARE(errorsIn(wrongBody, "e")[0]["Details"],
             "Body of the response does not conform to the schema associated with the content "
             "type application/json. #: expected object, found array");
}

void TestValidationPolicies::statusCodesOutsideTheDefinitionAreRefused() {
    MemoryContext context;
    fillValidCall(context);
    const std::string policy =
        R"(<validate-status-code unspecified-status-code-action="prevent">)"
        R"(<status-code code="500" action="ignore"/></validate-status-code>)";
    context.status = 404; // in 4XX
    QCOMPARE(refusal(runOn(context, "outbound", policy)), QString());
    context.status = 500; // overridden
    QCOMPARE(refusal(runOn(context, "outbound", policy)), QString());
    context.status = 503;
    const auto result = runOn(context, "outbound", policy);
    QCOMPARE(result.error->statusCode, 502);
    QVERIFY(refusal(result).startsWith("The request could not be processed"_q));
}

void TestValidationPolicies::withoutADefinitionEveryCheckReportsTheMissingSchema() {
    MemoryContext context;
    fillValidCall(context);
    model::DiagnosticList diagnostics;
    const auto pipeline = compileWith("inbound", kParameters, diagnostics, nullptr);
    QVERIFY2(pipeline, qPrintable(describe(diagnostics)));
    const auto result = runSection(pipeline->section(Section::Inbound), context);
    QCOMPARE(result.error->statusCode, 400);
    QCOMPARE(errorsIn(context, "problems")[0]["Type"], "ApiSchema");
}

void TestValidationPolicies::refusesSettingsItCannotHonour_data() {
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("message");
    const auto content = [](const char* inside) {
        return QString::fromUtf8(
            R"(<validate-content unspecified-content-type-action="prevent" max-size="64" )"
            R"(size-exceeded-action="prevent">)" +
            QByteArray(inside) + "</validate-content>");
    };
    QTest::newRow("xml") << content(
                                R"(<content type="text/xml" validate-as="xml" action="prevent"/>)")
                         << "needs XML schemas, which a workspace does not hold"_q;
    QTest::newRow("schema-id")
        << content(R"(<content validate-as="json" schema-id="s" action="prevent"/>)")
        << "'schema-id' and 'schema-ref' name schemas kept in an APIM instance"_q;
    QTest::newRow("max-size")
        << R"(<validate-content unspecified-content-type-action="prevent" max-size="5000000" size-exceeded-action="prevent"/>)"_q
        << "max-size may be at most 4194304 bytes"_q;
    QTest::newRow("action") << R"(<validate-status-code unspecified-status-code-action="block"/>)"_q
                            << "expected one of ignore, prevent, detect"_q;
    QTest::newRow("section")
        << R"(<validate-headers specified-header-action="prevent" unspecified-header-action="prevent"/>)"_q
        << "not allowed in <inbound>"_q;
}

void TestValidationPolicies::refusesSettingsItCannotHonour() {
    QFETCH(QString, policy);
    QFETCH(QString, message);
    const auto operation = ordersOperation();
    model::DiagnosticList diagnostics;
    QVERIFY(!compileWith("inbound", policy.toStdString(), diagnostics, &operation));
    QVERIFY2(describe(diagnostics).contains(message), qPrintable(describe(diagnostics)));
}

QTEST_APPLESS_MAIN(TestValidationPolicies)
#include "test_validation_policies.moc"
