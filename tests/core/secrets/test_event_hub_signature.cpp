#include "core/secrets/event_hub.h"

#include <QtTest>

using namespace portico::secrets;

namespace {
// QString literals for data rows (the project builds with QT_NO_CAST_FROM_ASCII).
QString operator""_q(const char* text, std::size_t size) {
    return QString::fromUtf8(text, static_cast<qsizetype>(size));
}

constexpr char kKey[] = "q9Zr3hXw2bGk1N0pT5vY8sLmC4eA7dF6uJ+/oIRiWzE=";
} // namespace

// What log-to-eventhub needs to reach Event Hubs: the portal's connection string read, and the
// Shared Access Signature Microsoft documents made from it.
class TestEventHubSignature : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsAPortalConnectionString();
    void refusesConnectionStringsItCannotSignWith_data();
    void refusesConnectionStringsItCannotSignWith();
    void signsAsMicrosoftDocuments();
};

void TestEventHubSignature::readsAPortalConnectionString() {
    const auto parsed = parseEventHubConnectionString(
        std::string("Endpoint=sb://contoso-logs.servicebus.windows.net/;SharedAccessKeyName="
                    "RootManageSharedAccessKey;SharedAccessKey=") +
        kKey + ";EntityPath=apim-events");
    QVERIFY2(parsed.connection, parsed.error.c_str());
    QCOMPARE(parsed.connection->host, std::string("contoso-logs.servicebus.windows.net"));
    QCOMPARE(parsed.connection->keyName, std::string("RootManageSharedAccessKey"));
    QCOMPARE(parsed.connection->key, std::string(kKey)); // its trailing '=' kept
    QCOMPARE(parsed.connection->entityPath, std::string("apim-events"));

    // Names in any case, a trailing ';', no EntityPath.
    const auto loose = parseEventHubConnectionString(
        "endpoint=sb://ns.servicebus.windows.net;sharedaccesskeyname=send;sharedaccesskey=k;");
    QVERIFY2(loose.connection, loose.error.c_str());
    QCOMPARE(loose.connection->host, std::string("ns.servicebus.windows.net"));
    QCOMPARE(loose.connection->entityPath, std::string());
}

void TestEventHubSignature::refusesConnectionStringsItCannotSignWith_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QString() << "Endpoint is not sb://"_q;
    QTest::newRow("https endpoint")
        << "Endpoint=https://ns.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=b"_q
        << "Endpoint is not sb://"_q;
    QTest::newRow("host with a path")
        << "Endpoint=sb://ns.servicebus.windows.net/x/;SharedAccessKeyName=a;SharedAccessKey=b"_q
        << "Endpoint is not sb://"_q;
    QTest::newRow("no key") << "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=a"_q
                            << "no SharedAccessKeyName and SharedAccessKey"_q;
    QTest::newRow("not name=value")
        << "Endpoint=sb://ns.servicebus.windows.net/;secret-looking-text"_q
        << "not Name=value"_q;
    QTest::newRow("unknown part")
        << "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=b;"
           "Password=x"_q
        << "unknown part 'Password'"_q;
    // A key pasted where a name goes is never quoted back.
    QTest::newRow("key bytes before an '='")
        << "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey "
           "secret-looking/bytes=="_q
        << "a part whose name is not a word"_q;
}

void TestEventHubSignature::refusesConnectionStringsItCannotSignWith() {
    QFETCH(QString, text);
    QFETCH(QString, error);
    const auto parsed = parseEventHubConnectionString(text.toStdString());
    QVERIFY(!parsed.connection);
    QVERIFY2(QString::fromStdString(parsed.error).contains(error), parsed.error.c_str());
    QVERIFY(!QString::fromStdString(parsed.error).contains("secret-looking"_q));
}

void TestEventHubSignature::signsAsMicrosoftDocuments() {
    // The expected token was made with Python's hmac, hashlib and urllib, following Microsoft's
    // "Generate a SAS token" steps.
    QCOMPARE(sharedAccessSignature("https://contoso-logs.servicebus.windows.net/apim-events",
                                   "RootManageSharedAccessKey", kKey, 1700000000),
             std::string("SharedAccessSignature "
                         "sr=https%3A%2F%2Fcontoso-logs.servicebus.windows.net%2Fapim-events"
                         "&sig=zb0nLgxGfnxO7I8J3b293NbF1TVMjh1NKi4ipnqqyp4%3D&se=1700000000"
                         "&skn=RootManageSharedAccessKey"));
}

QTEST_GUILESS_MAIN(TestEventHubSignature)
#include "test_event_hub_signature.moc"
