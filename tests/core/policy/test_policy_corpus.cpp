#include "memory_context.h"
#include "policy_test_support.h"

#include "core/policy/policy_compiler.h"
#include "core/policy/scope_merge.h"

#include <QDir>
#include <QFile>
#include <QtTest>

#include <memory>

using namespace portico;
using namespace portico::policy;
using namespace portico::policy::test;

namespace {

// Each corpus file is an APIM policy document whose first comment describes the request and the
// expected response, one "key: value" per line:
//   request: METHOD /path?query from ADDRESS     param: name=value     header: Name: value
//   body: text     expect-status: N     expect-header: Name: value     expect-no-header: Name
//   expect-body: text     expect-variable: name=value
struct Case {
    std::unique_ptr<MemoryContext> context = std::make_unique<MemoryContext>(); // not movable
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::vector<std::string> absentHeaders;
    std::optional<std::string> body;
    std::vector<std::pair<std::string, std::string>> variables;
};

std::pair<std::string, std::string> splitAt(const std::string& text, const std::string& separator) {
    const auto at = text.find(separator);
    if (at == std::string::npos)
        return {text, {}};
    return {text.substr(0, at), text.substr(at + separator.size())};
}

std::vector<std::pair<std::string, std::string>> parseQuery(const std::string& query) {
    std::vector<std::pair<std::string, std::string>> items;
    std::size_t pos = 0;
    while (pos < query.size()) {
        auto amp = query.find('&', pos);
        if (amp == std::string::npos)
            amp = query.size();
        items.push_back(splitAt(query.substr(pos, amp - pos), "="));
        pos = amp + 1;
    }
    return items;
}

std::optional<Case> readCase(const std::string& text) {
    const auto open = text.find("<!--");
    const auto close = text.find("-->");
    if (open == std::string::npos || close == std::string::npos)
        return std::nullopt;
    Case c;
    std::string block = text.substr(open + 4, close - open - 4);
    std::size_t pos = 0;
    while (pos < block.size()) {
        auto end = block.find('\n', pos);
        if (end == std::string::npos)
            end = block.size();
        std::string line = block.substr(pos, end - pos);
        pos = end + 1;
        line.erase(0, line.find_first_not_of(' '));
        if (line.empty())
            continue;
        const auto [key, value] = splitAt(line, ": ");
        if (key == "request") {
            const auto [method, rest] = splitAt(value, " ");
            const auto [target, address] = splitAt(rest, " from ");
            const auto [path, query] = splitAt(target, "?");
            c.context->requestMethod = method;
            c.context->path = path;
            c.context->query = parseQuery(query);
            if (!address.empty())
                c.context->address = address;
        } else if (key == "param") {
            c.context->templateParameters.insert(splitAt(value, "="));
        } else if (key == "header") {
            c.context->request.headers.push_back(splitAt(value, ": "));
        } else if (key == "body") {
            c.context->request.body = value;
        } else if (key == "expect-status") {
            c.status = std::stoi(value);
        } else if (key == "expect-header") {
            c.headers.push_back(splitAt(value, ": "));
        } else if (key == "expect-no-header") {
            c.absentHeaders.push_back(value);
        } else if (key == "expect-body") {
            c.body = value;
        } else if (key == "expect-variable") {
            c.variables.push_back(splitAt(value, "="));
        } else {
            return std::nullopt;
        }
    }
    return c;
}

// A stand-in backend: answers 200 and echoes what it received.
void forwardToEcho(MemoryContext& context) {
    context.resetResponse();
    std::string query;
    for (const auto& [name, value] : context.query)
        query += (query.empty() ? "" : "&") + name + "=" + value;
    context.response.headers = {{"X-Backend-Path", context.path},
                                {"X-Backend-Query", query},
                                {"X-Powered-By", "Backend"},
                                {"Content-Type", "text/plain"}};
    for (const auto& [name, value] : context.request.headers) {
        if (name.rfind("X-", 0) == 0 || name.rfind("x-", 0) == 0)
            context.response.headers.emplace_back("X-Echo-" + name, value);
    }
    context.response.body =
        context.request.body.empty() ? "backend says hello from internal" : context.request.body;
}

} // namespace

class TestPolicyCorpus : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void runsEveryCorpusDocument_data();
    void runsEveryCorpusDocument();
};

void TestPolicyCorpus::runsEveryCorpusDocument_data() {
    QTest::addColumn<QString>("file");
    const QDir corpus(QStringLiteral(PORTICO_SOURCE_DIR "/tests/policy/corpus"));
    const auto files = corpus.entryList({QStringLiteral("*.xml")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 30);
    for (const auto& name : files)
        QTest::newRow(qPrintable(name)) << corpus.filePath(name);
}

void TestPolicyCorpus::runsEveryCorpusDocument() {
    QFETCH(QString, file);
    QFile input(file);
    QVERIFY(input.open(QIODevice::ReadOnly));
    const std::string text = input.readAll().toStdString();
    auto expected = readCase(text);
    QVERIFY2(expected, "the first comment does not describe a request");

    model::DiagnosticList diagnostics;
    const auto document =
        parse(text, diagnostics, Scope::Api, QFileInfo(file).fileName().toStdString());
    QVERIFY2(document && !diagnostics.hasErrors(), qPrintable(describe(diagnostics)));
    const auto merged = mergeScopes({nullptr, nullptr, &*document, nullptr}, {}, diagnostics);
    const NamedValueLookup namedValues = [](std::string_view name) -> std::optional<std::string> {
        if (name == "backend-url")
            return std::string("https://orders.internal");
        return std::nullopt;
    };
    const auto pipeline = compilePipeline(merged, namedValues, diagnostics);
    QVERIFY2(pipeline, qPrintable(describe(diagnostics)));

    MemoryContext& context = *expected->context;
    runPipeline(*pipeline, context, forwardToEcho);
    QCOMPARE(context.status, expected->status);
    for (const auto& [name, value] : expected->headers) {
        std::vector<std::string> values;
        for (const auto& [n, v] : context.response.headers) {
            if (MemoryContext::sameName(n, name))
                values.push_back(v);
        }
        QVERIFY2(std::find(values.begin(), values.end(), value) != values.end(),
                 qPrintable(QStringLiteral("response header %1: %2 missing")
                                .arg(QString::fromStdString(name), QString::fromStdString(value))));
    }
    for (const auto& name : expected->absentHeaders) {
        for (const auto& [n, v] : context.response.headers)
            QVERIFY2(!MemoryContext::sameName(n, name), n.c_str());
    }
    if (expected->body)
        QCOMPARE(context.response.body, *expected->body);
    for (const auto& [name, value] : expected->variables) {
        QVERIFY(context.variable(name));
        QCOMPARE(context.variableText(name), value);
    }
}

QTEST_GUILESS_MAIN(TestPolicyCorpus)
#include "test_policy_corpus.moc"
