#include "core/gateway/request_id.h"

#include <QRegularExpression>
#include <QtTest>

using namespace portico::gateway;

// The x-request-id the gateway keeps from a client or makes itself.
class TestRequestId : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void generatedIdsAreRandomVersion4Uuids() {
        const QRegularExpression uuid(QStringLiteral(
            "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        QSet<QString> seen;
        for (int i = 0; i < 1000; ++i) {
            const auto id = QString::fromStdString(generateRequestId());
            QVERIFY2(uuid.match(id).hasMatch(), qPrintable(id));
            seen.insert(id);
        }
        QCOMPARE(seen.size(), 1000);
    }

    void keepsOnlyShortAsciiIds() {
        QVERIFY(isValidRequestId("abc-123_x.y:z"));
        QVERIFY(isValidRequestId(std::string(128, 'a')));
        QVERIFY(!isValidRequestId(std::string(129, 'a')));
        QVERIFY(!isValidRequestId(""));
        QVERIFY(!isValidRequestId("<bad id>"));
        QVERIFY(!isValidRequestId("caf\xc3\xa9"));
        QVERIFY(!isValidRequestId("caf\xe9"));
    }
};

QTEST_APPLESS_MAIN(TestRequestId)
#include "test_request_id.moc"
