#include "azure_stand_in_process.h"
#include "gateway_harness.h"
#include "test_certificates.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using harness::exchange;
using harness::writeOrFail;

namespace {

constexpr char kHost[] = "contoso-logs.servicebus.windows.net";
constexpr char kKey[] = "q9Zr3hXw2bGk1N0pT5vY8sLmC4eA7dF6uJ+/oIRiWzE=";
constexpr char kWrongKey[] = "WRONGr3hXw2bGk1N0pT5vY8sLmC4eA7dF6uJ+/oIRiW=";

QByteArray policyWith(const char* inbound) {
    return QByteArray("<policies><inbound><base/>") + inbound +
           "</inbound><backend><base/></backend><outbound><base/></outbound>"
           "<on-error><base/></on-error></policies>";
}

QByteArray get(const QByteArray& path) {
    return "GET " + path + " HTTP/1.1\r\nHost: gw.test\r\n\r\n";
}

QByteArray connectionString(const char* key, const char* entityPath) {
    QByteArray text = QByteArray("Endpoint=sb://") + kHost +
                      "/;SharedAccessKeyName=apim-sender;SharedAccessKey=" + key;
    if (entityPath)
        text += QByteArray(";EntityPath=") + entityPath;
    return text;
}

} // namespace

// log-to-eventhub through a running gateway: events reach an Event Hubs stand-in over HTTPS
// that checks each Shared Access Signature as the service does, in batches or to the partition
// named, after the calls that logged them were answered; the calls go on whatever the event hub
// says, and its key never shows.
class TestGatewayEventHub : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void sendsEachCallsEventSigned();
    void sendsToThePartitionNamed();
    void truncatesMessagesOver200KiB();
    void answersCallsWhenTheEventHubFails();
    void reportsARefusedSignatureWithoutTheKey();
    void warnsOfAConnectionStringItCannotUse();
    void refusesAPolicyNamingAnUnknownLogger();
    void sendsWhatIsQueuedWhenStopping();

private:
    QString path(const QString& name) const { return m_dir.filePath(name); }
    void writeStandIn(int status);
    // The stand-in's event lines once `count` arrived (or what came before the deadline).
    QStringList waitForEvents(qsizetype count);
    // Whether /metrics shows `line` within a few seconds (counted once the sender hears back).
    bool metricsShow(const QByteArray& line);

    QTemporaryDir m_dir;
    AzureStandIn m_azure;
    harness::Backend m_backend;
    harness::Gateway m_gateway;
    QStringList m_events; // event lines read but not yet claimed
};

void TestGatewayEventHub::initTestCase() {
    using namespace testcerts;
    QVERIFY(m_dir.isValid());
    const auto ca = issue({.commonName = "Portico Event Hubs Test CA"}, nullptr);
    QVERIFY(writePem(ca, path(QStringLiteral("ca.pem")), path(QStringLiteral("ca.key"))));
    QVERIFY(writePem(issue({.commonName = "stand-in",
                            .extendedUsage = "serverAuth",
                            .subjectAltNames = "DNS:contoso-logs.servicebus.windows.net"},
                           &ca),
                     path(QStringLiteral("hubs.pem")), path(QStringLiteral("hubs.key"))));
    writeStandIn(201);
    QVERIFY(m_azure.start(path(QStringLiteral("hubs.pem")), path(QStringLiteral("hubs.key")),
                          path(QStringLiteral("azure.json"))));
    QVERIFY(m_backend.start());

    const QString ws = path(QStringLiteral("ws"));
    QList<harness::Api> apis;
    for (const char* id : {"logged", "partitioned", "large", "wrong-key", "unusable"}) {
        harness::Api api;
        api.id = api.path = QLatin1String(id);
        api.serviceUrl = m_backend.url();
        api.operations = {harness::op("GET", "/{rest}", "get")};
        apis << api;
    }
    QVERIFY(harness::writeWorkspace(ws, apis));
    // The connection strings live in files the loggers refer to, never in the workspace.
    writeOrFail(path(QStringLiteral("audit.conn")), connectionString(kKey, "apim-events"));
    writeOrFail(path(QStringLiteral("wrong.conn")), connectionString(kWrongKey, nullptr));
    writeOrFail(ws + QStringLiteral("/loggers/audit.yaml"),
                qPrintable(QStringLiteral("description: Audit events\ntype: azureEventHub\n"
                                          "connectionString: file:%1\n")
                               .arg(path(QStringLiteral("audit.conn")))));
    writeOrFail(ws + QStringLiteral("/loggers/wrong-key.yaml"),
                qPrintable(QStringLiteral("eventHub: apim-events\nconnectionString: file:%1\n")
                               .arg(path(QStringLiteral("wrong.conn")))));
    writeOrFail(ws + QStringLiteral("/loggers/unusable.yaml"),
                "eventHub: apim-events\nconnectionString: env:PORTICO_TEST_NO_SUCH_VARIABLE\n");
    const auto policy = [&](const char* api, const char* xml) {
        writeOrFail(ws + QStringLiteral("/apis/%1/policy.xml").arg(QLatin1String(api)),
                    policyWith(xml).constData());
    };
    // Microsoft's example, near enough: one line per call, keyed by the caller's method.
    policy("logged",
           R"~(<log-to-eventhub logger-id="audit" partition-key="@(context.Request.Method)">
        @(string.Join(",", context.Request.Method, context.Request.Url.Path, context.Operation.Id))
      </log-to-eventhub>)~");
    policy(
        "partitioned",
        R"~(<log-to-eventhub logger-id="audit" partition-id="1">to partition one</log-to-eventhub>)~");
    policy("large",
           R"~(<log-to-eventhub logger-id="audit">@("".PadRight(300000, 'x'))</log-to-eventhub>)~");
    policy("wrong-key",
           R"~(<log-to-eventhub logger-id="wrong-key">never arrives</log-to-eventhub>)~");
    policy("unusable", R"~(<log-to-eventhub logger-id="unusable">never sent</log-to-eventhub>)~");

    const QString to = QStringLiteral("=127.0.0.1:%1").arg(m_azure.port());
    QString error;
    QVERIFY2(m_gateway.start(ws,
                             {QStringLiteral("--no-watch"), QStringLiteral("--eventhub-ca"),
                              path(QStringLiteral("ca.pem")),
                              QStringLiteral("--eventhub-connect-to"), QLatin1String(kHost) + to},
                             &error),
             qPrintable(error));
}

void TestGatewayEventHub::init() {
    writeStandIn(201);
    m_azure.requests(); // each case reads only its own
    m_events.clear();
}

void TestGatewayEventHub::writeStandIn(int status) {
    const QJsonObject hubs{{QStringLiteral("keyName"), QStringLiteral("apim-sender")},
                           {QStringLiteral("key"), QLatin1String(kKey)},
                           {QStringLiteral("hubs"), QJsonArray{QStringLiteral("apim-events")}},
                           {QStringLiteral("status"), status}};
    writeOrFail(
        path(QStringLiteral("azure.json")),
        QJsonDocument(QJsonObject{{QStringLiteral("eventHubs"), hubs}}).toJson().constData());
}

QStringList TestGatewayEventHub::waitForEvents(qsizetype count) {
    QDeadlineTimer deadline(10000);
    while (m_events.size() < count && !deadline.hasExpired()) {
        for (const auto& line : m_azure.requests()) {
            if (line.startsWith(QLatin1String("event ")))
                m_events << line;
        }
    }
    const auto taken = m_events.mid(0, count);
    m_events = m_events.mid(count);
    return taken;
}

bool TestGatewayEventHub::metricsShow(const QByteArray& line) {
    QDeadlineTimer deadline(5000);
    QByteArray text;
    do {
        const auto response =
            exchange(m_gateway.adminPort(), "GET /metrics HTTP/1.1\r\nHost: admin\r\n\r\n");
        text = response ? response->body : QByteArray();
        if (text.contains(line))
            return true;
        QTest::qWait(50);
    } while (!deadline.hasExpired());
    qWarning("%s", text.constData());
    return false;
}

void TestGatewayEventHub::sendsEachCallsEventSigned() {
    for (int i = 0; i < 5; ++i) {
        const auto response =
            exchange(m_gateway.port(), get("/logged/item-" + QByteArray::number(i)));
        QVERIFY(response);
        QCOMPARE(response->status, 200);
    }
    const auto events = waitForEvents(5);
    QCOMPARE(events.size(), qsizetype(5));
    for (int i = 0; i < 5; ++i)
        QCOMPARE(events[i], QStringLiteral("event apim-events - GET \"GET,/item-%1,get\"").arg(i));
    QVERIFY(metricsShow("portico_eventhub_events_total{result=\"sent\"} 5"));
}

void TestGatewayEventHub::sendsToThePartitionNamed() {
    const auto response = exchange(m_gateway.port(), get("/partitioned/x"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(waitForEvents(1),
             QStringList{QStringLiteral("event apim-events 1 - \"to partition one\"")});
}

void TestGatewayEventHub::truncatesMessagesOver200KiB() {
    const auto response = exchange(m_gateway.port(), get("/large/x"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const auto events = waitForEvents(1);
    QCOMPARE(events.size(), qsizetype(1));
    // APIM's limit: 200 KiB of the message arrive, the rest is cut.
    const auto body = events.first().section(QLatin1Char(' '), 4);
    QCOMPARE(body, QLatin1Char('"') + QString(200 * 1024, QLatin1Char('x')) + QLatin1Char('"'));
}

void TestGatewayEventHub::answersCallsWhenTheEventHubFails() {
    writeStandIn(503);
    QElapsedTimer timer;
    timer.start();
    const auto response = exchange(m_gateway.port(), get("/logged/while-down"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    // The call never waited for the event hub (which is tried again for seconds).
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    const auto log = m_gateway.standardErrorUntil("lost events");
    QVERIFY2(log.contains("log-to-eventhub: logger 'audit' (event hub 'apim-events' at "
                          "contoso-logs.servicebus.windows.net) lost events: it answered 503"),
             log.constData());
    QVERIFY(metricsShow("portico_eventhub_events_total{result=\"failed\"} 1"));
    // A busy service is tried twice more before the events count as lost.
    QCOMPARE(m_azure.requests().count(QStringLiteral("POST /apim-events/messages 503")),
             qsizetype(3));
}

void TestGatewayEventHub::reportsARefusedSignatureWithoutTheKey() {
    const auto response = exchange(m_gateway.port(), get("/wrong-key/x"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const auto log = m_gateway.standardErrorUntil("InvalidSignature");
    QVERIFY2(log.contains("logger 'wrong-key'") && log.contains("it answered 401") &&
                 log.contains("InvalidSignature"),
             log.constData());
    QVERIFY2(!log.contains(kWrongKey) && !log.contains(kKey) && !log.contains("sig="),
             log.constData());
    QVERIFY(!m_azure.requests().join(QLatin1Char('\n')).contains(QLatin1String("event ")));
}

void TestGatewayEventHub::warnsOfAConnectionStringItCannotUse() {
    const auto response = exchange(m_gateway.port(), get("/unusable/x"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    // Told at load, with the file and the logger; the call itself is answered as usual.
    harness::Gateway fresh;
    QString error;
    QVERIFY2(fresh.start(path(QStringLiteral("ws")), {QStringLiteral("--no-watch")}, &error),
             qPrintable(error));
    const auto log = fresh.standardErrorUntil("PT3016", 5000);
    QVERIFY2(log.contains("loggers/unusable.yaml") && log.contains("PT3016") &&
                 log.contains("the connection string of logger 'unusable' "
                              "(env:PORTICO_TEST_NO_SUCH_VARIABLE) cannot be used"),
             log.constData());
    QVERIFY2(!log.contains(kKey), log.constData());
}

void TestGatewayEventHub::refusesAPolicyNamingAnUnknownLogger() {
    QTemporaryDir dir;
    const QString ws = dir.filePath(QStringLiteral("ws"));
    harness::Api api;
    api.id = api.path = QStringLiteral("orders");
    api.serviceUrl = m_backend.url();
    api.operations = {harness::op("GET", "/{rest}", "get")};
    QVERIFY(harness::writeWorkspace(ws, {api}));
    writeOrFail(ws + QStringLiteral("/apis/orders/policy.xml"),
                policyWith(R"~(<log-to-eventhub logger-id="missing">x</log-to-eventhub>)~"));
    const auto run = harness::runGatewayToEnd(
        {QStringLiteral("--workspace"), ws, QStringLiteral("--listen"),
         QStringLiteral("127.0.0.1:0"), QStringLiteral("--admin"), QStringLiteral("127.0.0.1:0")});
    QVERIFY(run.exitCode != 0);
    QVERIFY2(run.standardError.contains("policy.xml") &&
                 run.standardError.contains("names logger 'missing', which the workspace does "
                                            "not have"),
             run.standardError.constData());
}

void TestGatewayEventHub::sendsWhatIsQueuedWhenStopping() {
    harness::Gateway gateway;
    QString error;
    const QString to = QStringLiteral("=127.0.0.1:%1").arg(m_azure.port());
    QVERIFY2(gateway.start(path(QStringLiteral("ws")),
                           {QStringLiteral("--no-watch"), QStringLiteral("--eventhub-ca"),
                            path(QStringLiteral("ca.pem")), QStringLiteral("--eventhub-connect-to"),
                            QLatin1String(kHost) + to},
                           &error),
             qPrintable(error));
    for (int i = 0; i < 20; ++i) {
        const auto response = exchange(gateway.port(), get("/partitioned/x"));
        QVERIFY(response);
        QCOMPARE(response->status, 200);
    }
    // SIGTERM right after the calls: the events still queued go out before the gateway exits.
    QCOMPARE(gateway.terminate(), 0);
    QCOMPARE(waitForEvents(20).size(), qsizetype(20));
}

QTEST_GUILESS_MAIN(TestGatewayEventHub)
#include "test_gateway_event_hub.moc"
