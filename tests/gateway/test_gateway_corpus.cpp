#include "gateway_harness.h"

#include "tests/core/policy/corpus_case.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace harness;
using portico::policy::Scope;
using portico::policy::test::CorpusCase;

// Both policy corpora (tests/policy/corpus and tests/policy/expr-corpus) run through a real
// portico-gateway in front of the test backend in corpus echo mode: each document becomes a
// workspace (global, product, API and operation policy files, named values, the product,
// subscription and user the case names), the gateway serves it, and the case's request must get
// the case's response. The same files also run in memory (TestPolicyCorpus,
// TestExpressionCorpus); here they prove that the gateway wires requests, facts and backends
// into the engine the same way.
class TestGatewayCorpus : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void answersEveryCorpusDocumentThroughTheGateway_data();
    void answersEveryCorpusDocumentThroughTheGateway();

private:
    Backend m_echo;
};

namespace {

QString text(const std::string& s) {
    return QString::fromStdString(s);
}

std::string readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll().toStdString() : std::string();
}

// Where each scope's document lives in a workspace.
QString policyFile(Scope scope, const QString& api, const QString& operation,
                   const QString& product) {
    switch (scope) {
    case Scope::Global:
        return QStringLiteral("policies/global.xml");
    case Scope::Product:
        return QStringLiteral("products/%1/policy.xml").arg(product);
    case Scope::Api:
        return QStringLiteral("apis/%1/policy.xml").arg(api);
    default:
        return QStringLiteral("apis/%1/operations/%2/policy.xml").arg(api, operation);
    }
}

// The operation's URL template: the request path below the API's path, with the case's path
// parameters put back as {name}.
QString urlTemplate(const CorpusCase& c, const QString& apiPath) {
    QString path = text(c.target.substr(0, c.target.find('?')));
    if (!apiPath.isEmpty())
        path = path.mid(apiPath.size() + 1);
    if (path.isEmpty())
        path = QStringLiteral("/");
    QStringList segments = path.split(QLatin1Char('/'));
    for (const auto& [name, value] : c.context->templateParameters) {
        const auto at = segments.indexOf(text(value));
        if (at >= 0)
            segments[at] = QStringLiteral("{%1}").arg(text(name));
    }
    return segments.join(QLatin1Char('/'));
}

void writeNamedValues(const QString& root, quint16 echoPort) {
    const QString echo = QStringLiteral("http://127.0.0.1:%1").arg(echoPort);
    // The backends the documents name, all served by the one echo backend under their paths.
    const QList<QPair<QString, QString>> values{
        {QStringLiteral("backend-url"), echo},
        {QStringLiteral("eu-backend"), echo + QStringLiteral("/eu")},
        {QStringLiteral("us-backend"), echo + QStringLiteral("/us")},
    };
    for (const auto& [name, value] : values)
        writeOrFail(root + QStringLiteral("/named-values/%1.yaml").arg(name),
                    QStringLiteral("value: '%1'\n").arg(value).toUtf8().constData());
    for (const char* name : {"basic-user", "basic-password", "max-body-bytes"}) {
        const auto value = portico::policy::test::corpusNamedValue(name);
        QVERIFY(value.has_value());
        writeOrFail(root + QStringLiteral("/named-values/%1.yaml").arg(QLatin1String(name)),
                    QStringLiteral("value: '%1'\n").arg(text(*value)).toUtf8().constData());
    }
}

// Every value of each response header, in order (the harness map joins repeated ones).
QMultiMap<QByteArray, QByteArray> headerFields(const QByteArray& head) {
    QMultiMap<QByteArray, QByteArray> fields;
    const auto lines = head.split('\n');
    for (int i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const auto colon = line.indexOf(':');
        if (colon > 0)
            fields.insert(line.left(colon).toLower(), line.mid(colon + 1).trimmed());
    }
    return fields;
}

std::optional<QJsonObject> fetchJson(quint16 port, const QByteArray& method, const QString& path) {
    const auto response = exchange(port, method + " " + path.toUtf8() +
                                             " HTTP/1.1\r\nHost: admin\r\nContent-Length: "
                                             "0\r\nConnection: close\r\n\r\n");
    if (!response || response->status != 200)
        return std::nullopt;
    return QJsonDocument::fromJson(response->body).object();
}

} // namespace

void TestGatewayCorpus::initTestCase() {
    QVERIFY2(m_echo.start({QStringLiteral("--corpus-echo")}), "the echo backend did not start");
}

void TestGatewayCorpus::answersEveryCorpusDocumentThroughTheGateway_data() {
    QTest::addColumn<QString>("file");
    int count = 0;
    for (const char* folder : {"corpus", "expr-corpus"}) {
        const QDir corpus(QStringLiteral(PORTICO_SOURCE_DIR "/tests/policy/") +
                          QLatin1String(folder));
        for (const auto& name :
             corpus.entryList({QStringLiteral("*.xml")}, QDir::Files, QDir::Name)) {
            QTest::newRow(qPrintable(QLatin1String(folder) + QLatin1Char('/') + name))
                << corpus.filePath(name);
            ++count;
        }
    }
    QVERIFY(count >= 80);
}

void TestGatewayCorpus::answersEveryCorpusDocumentThroughTheGateway() {
    QFETCH(QString, file);
    auto parsed = portico::policy::test::readCorpusCase(readFile(file));
    QVERIFY2(parsed, "the first comment does not describe a request");
    const CorpusCase& c = *parsed;
    const auto& facts = c.context->facts;

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.path();
    writeOrFail(root + QStringLiteral("/portico.yaml"), "name: corpus\nformatVersion: 1\n");
    writeNamedValues(root, m_echo.port());

    Api api;
    api.id = facts.api ? text(facts.api->id) : QStringLiteral("corpus");
    api.displayName = facts.api ? text(facts.api->name) : QString();
    api.path = facts.api ? text(facts.api->path) : QString();
    api.serviceUrl = m_echo.url();
    api.subscriptionRequired = facts.subscription || facts.user;
    Operation operation;
    operation.method = text(c.method);
    operation.id = facts.operation ? text(facts.operation->id) : QStringLiteral("corpus-op");
    operation.summary = facts.operation ? text(facts.operation->name) : QString();
    operation.urlTemplate = urlTemplate(c, api.path);
    api.operations = {operation};
    QString error;
    QVERIFY2(writeWorkspace(root, {api}, &error), qPrintable(error));

    const QString product = facts.product ? text(facts.product->id) : QString();
    if (facts.product) {
        writeOrFail(root + QStringLiteral("/products/%1/product.yaml").arg(product),
                    QStringLiteral("displayName: '%1'\napis:\n  - %2\n")
                        .arg(text(facts.product->name), api.id)
                        .toUtf8()
                        .constData());
    }
    if (facts.user) {
        writeOrFail(
            root + QStringLiteral("/users/%1.yaml").arg(text(facts.user->id)),
            QStringLiteral("email: '%1'\n").arg(text(facts.user->email)).toUtf8().constData());
    }
    for (const auto& scope : c.scopes) {
        writeOrFail(root + QLatin1Char('/') +
                        policyFile(scope.scope, api.id, operation.id, product),
                    scope.text.c_str());
    }
    // At a gateway the caller's user comes with the subscription it owns: a case naming only
    // a user gets one.
    QByteArray key;
    if (facts.subscription || facts.user) {
        const QString id = facts.subscription ? text(facts.subscription->id)
                                              : QStringLiteral("sub-of-") + text(facts.user->id);
        const QString name = facts.subscription ? text(facts.subscription->name) : id;
        QStringList arguments{QStringLiteral("--id"),
                              id,
                              QStringLiteral("--display-name"),
                              name,
                              QStringLiteral("--scope"),
                              product.isEmpty() ? QStringLiteral("/apis")
                                                : QStringLiteral("/products/") + product};
        if (facts.user)
            arguments << QStringLiteral("--owner") << text(facts.user->id);
        key = createSubscription(root, arguments).primary;
        QVERIFY2(!key.isEmpty(), "portico subscription create failed");
    }

    Gateway gateway;
    // The policies decide about server headers here, as in memory: no default hardening.
    QVERIFY2(gateway.start(root,
                           {QStringLiteral("--no-watch"), QStringLiteral("--keep-server-headers"),
                            QStringLiteral("--trusted-proxy"), QStringLiteral("127.0.0.1")},
                           &error),
             qPrintable(error));

    // The in-memory runs see the client as 10.0.0.1 unless the case says otherwise; here the
    // test is a trusted proxy that says so.
    QByteArray request = QByteArray::fromStdString(c.method + " " + c.target) +
                         " HTTP/1.1\r\nHost: api.contoso.example\r\nConnection: close\r\n";
    request += "X-Forwarded-For: " +
               QByteArray::fromStdString(c.address.empty() ? "10.0.0.1" : c.address) + "\r\n";
    request += "x-request-id: " + QByteArray::fromStdString(facts.requestId) + "\r\n";
    if (!key.isEmpty())
        request += "Ocp-Apim-Subscription-Key: " + key + "\r\n";
    if (!c.variables.empty()) {
        const auto credential =
            fetchJson(gateway.adminPort(), "POST", QStringLiteral("/debug-credentials"));
        QVERIFY(credential);
        request += "Apim-Debug-Authorization: " +
                   credential->value(QStringLiteral("token")).toString().toUtf8() + "\r\n";
    }
    for (const auto& [name, value] : c.requestHeaders)
        request += QByteArray::fromStdString(name + ": " + value) + "\r\n";
    if (!c.requestBody.empty())
        request +=
            "Content-Length: " + QByteArray::number(qsizetype(c.requestBody.size())) + "\r\n";
    request += "\r\n" + QByteArray::fromStdString(c.requestBody);
    const auto response = exchange(gateway.port(), request);
    QVERIFY2(response, "no response from the gateway");

    QString problems;
    if (response->status != c.status)
        problems += QStringLiteral("status %1, expected %2 (body '%3')\n")
                        .arg(response->status)
                        .arg(c.status)
                        .arg(QString::fromUtf8(response->body));
    const auto fields = headerFields(response->head);
    for (const auto& [name, value] : c.headers) {
        const auto seen = fields.values(QByteArray::fromStdString(name).toLower());
        if (!seen.contains(QByteArray::fromStdString(value)))
            problems += QStringLiteral("response header %1: %2 missing (has '%3')\n")
                            .arg(text(name), text(value),
                                 QString::fromUtf8(QByteArrayList(seen).join("', '")));
    }
    for (const auto& name : c.absentHeaders) {
        if (fields.contains(QByteArray::fromStdString(name).toLower()))
            problems += QStringLiteral("response header %1 should be absent\n").arg(text(name));
    }
    const QString body = QString::fromUtf8(response->body);
    if (c.body && body != text(*c.body))
        problems += QStringLiteral("body '%1', expected '%2'\n").arg(body, text(*c.body));
    for (const auto& part : c.bodyParts) {
        if (!body.contains(text(part)))
            problems += QStringLiteral("body '%1' lacks '%2'\n").arg(body, text(part));
    }
    if (!c.variables.empty()) {
        // Variables are not in the response; the request's trace shows what each policy set.
        const auto location = response->header("ocp-apim-trace-location");
        QVERIFY2(!location.isEmpty(), "no Ocp-Apim-Trace-Location on a traced request");
        const auto trace = fetchJson(gateway.adminPort(), "GET",
                                     QString::fromUtf8(location.mid(location.indexOf("/traces/"))));
        QVERIFY2(trace, location.constData());
        QMap<QString, QString> set;
        for (const auto& entry : trace->value(QStringLiteral("policies")).toArray()) {
            const auto variables =
                entry.toObject().value(QStringLiteral("variablesSet")).toObject();
            for (auto it = variables.begin(); it != variables.end(); ++it)
                set[it.key()] = it.value().toString();
        }
        for (const auto& [name, value] : c.variables) {
            if (set.value(text(name)) != text(value))
                problems += QStringLiteral("variable %1 is '%2' in the trace, expected '%3'\n")
                                .arg(text(name), set.value(text(name)), text(value));
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
}

QTEST_GUILESS_MAIN(TestGatewayCorpus)
#include "test_gateway_corpus.moc"
