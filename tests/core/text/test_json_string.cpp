#include "core/text/json_string.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using portico::text::jsonString;

class TestJsonString : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void escapesQuotesBackslashesAndControlCharacters_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("plain") << QByteArray("orders") << QByteArray("\"orders\"");
        QTest::newRow("quote") << QByteArray("a\"b") << QByteArray("\"a\\\"b\"");
        QTest::newRow("backslash") << QByteArray("a\\b") << QByteArray("\"a\\\\b\"");
        QTest::newRow("newline and tab")
            << QByteArray("a\nb\tc\r") << QByteArray("\"a\\nb\\tc\\r\"");
        QTest::newRow("other control")
            << QByteArray("\x01\x1f", 2) << QByteArray("\"\\u0001\\u001f\"");
        QTest::newRow("nul") << QByteArray("a\0b", 3) << QByteArray("\"a\\u0000b\"");
        QTest::newRow("utf-8 passes") << QByteArray("caf\xc3\xa9") << QByteArray("\"caf\xc3\xa9\"");
        QTest::newRow("empty") << QByteArray() << QByteArray("\"\"");
    }

    void escapesQuotesBackslashesAndControlCharacters() {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        const std::string out = jsonString(std::string_view(input.constData(), input.size()));
        QCOMPARE(QByteArray::fromStdString(out), expected);
    }

    void producesWhatAJsonParserReadsBack() {
        const QByteArray nasty("say \"hi\"\\\n\x02 end");
        const QByteArray doc =
            "[" + QByteArray::fromStdString(jsonString(nasty.toStdString())) + "]";
        QJsonParseError error;
        const auto parsed = QJsonDocument::fromJson(doc, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(parsed.array().at(0).toString().toUtf8(), nasty);
    }
};

QTEST_GUILESS_MAIN(TestJsonString)
#include "test_json_string.moc"
