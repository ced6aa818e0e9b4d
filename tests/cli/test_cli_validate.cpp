#include "cli_runner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
QString modelFixtures() {
    return QStringLiteral(PORTICO_SOURCE_DIR "/tests/core/model/data");
}
} // namespace

class TestCliValidate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sampleWorkspaceValidatesCleanWithExitZero() {
        const auto r = runCli({QStringLiteral("validate"), sampleWorkspace()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.isEmpty());
        QVERIFY(r.err.contains(QStringLiteral("0 error(s), 0 warning(s)")));
    }

    void validatesTheCurrentFolderByDefault() {
        const auto r = runCli({QStringLiteral("validate")}, sampleWorkspace());
        QCOMPARE(r.exitCode, 0);
    }

    void printsEachProblemAtItsFileLineAndColumn_data() {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("line");
        QTest::newRow("malformed yaml")
            << QStringLiteral("malformed-yaml")
            << QStringLiteral("apis/orders/api.yaml:2:13: error: PT1004 malformed YAML");
        QTest::newRow("unknown api in product")
            << QStringLiteral("unknown-api-in-product")
            << QStringLiteral("products/starter/product.yaml:3:5: error: PT1101 product 'starter' "
                              "names unknown API 'orders'");
        QTest::newRow("wrong type")
            << QStringLiteral("wrong-type-bool")
            << QStringLiteral("products/starter/product.yaml:2:23: error: PT1006 expected true or "
                              "false for 'subscriptionRequired', found 'yes'");
        QTest::newRow("bad secret reference")
            << QStringLiteral("bad-secret-reference")
            << QStringLiteral(
                   "named-values/orders-key.yaml:1:25: error: PT1009 bad secret reference");
        QTest::newRow("key in clear")
            << QStringLiteral("clear-key")
            << QStringLiteral("subscriptions/s1.yaml:2:1: error: PT1012 'primaryKey' holds a "
                              "subscription key in clear");
        QTest::newRow("named value referenced in a policy")
            << QStringLiteral("unknown-named-value")
            << QStringLiteral(
                   "apis/orders/policy.xml:4:20: error: PT1110 reference to unknown named "
                   "value '{{missing-value}}'");
        QTest::newRow("path clash")
            << QStringLiteral("path-clash")
            << QStringLiteral("apis/orders-v2/api.yaml:2:7: error: PT1108 API path 'orders/v2'");
        QTest::newRow("not utf-8")
            << QStringLiteral("not-utf8")
            << QStringLiteral("users/jose.yaml:2:15: error: PT1002 the file is not valid UTF-8");
    }

    void printsEachProblemAtItsFileLineAndColumn() {
        QFETCH(QString, fixture);
        QFETCH(QString, line);
        const QString dir = modelFixtures() + QLatin1Char('/') + fixture;
        const auto r = runCli({QStringLiteral("validate"), dir});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(dir + QLatin1Char('/') + line), qPrintable(r.out));
    }

    void checksPolicyDocumentsAndTheirMergedChains_data() {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("line");
        QTest::newRow("unknown policy")
            << QStringLiteral("broken-policy")
            << QStringLiteral("policies/global.xml:3:9: error: PT3104 unknown policy <set-heder> "
                              "(did you mean 'set-header'?)");
        QTest::newRow("fragment cycle")
            << QStringLiteral("fragment-cycle")
            << QStringLiteral(
                   "fragments/b.xml:2:5: error: PT3301 policy fragment cycle: a -> b -> a");
        // Compiled as the gateway compiles it; the secret named value it also uses is fine.
        QTest::newRow("expression that does not bind")
            << QStringLiteral("uncompilable-policy")
            << QStringLiteral("apis/echo/policy.xml:8:38: error: PT3403 'Caller' is not an "
                              "allowed member of 'IRequest' in policy expressions");
    }

    void checksPolicyDocumentsAndTheirMergedChains() {
        QFETCH(QString, fixture);
        QFETCH(QString, line);
        const QString dir = testData(fixture);
        const auto r = runCli({QStringLiteral("validate"), dir});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.out, dir + QLatin1Char('/') + line + QLatin1Char('\n'));
    }

    void reportsEveryProblemNotJustTheFirst() {
        const auto r = runCli(
            {QStringLiteral("validate"), modelFixtures() + QStringLiteral("/many-problems")});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.out.count(QStringLiteral(": error: ")), 4);
    }

    void everyBrokenFixtureFailsAndEveryLineNamesAFileAndACode() {
        const auto fixtures = QDir(modelFixtures()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QVERIFY(fixtures.size() >= 30);
        for (const QString& fixture : fixtures) {
            const auto r =
                runCli({QStringLiteral("validate"), modelFixtures() + QLatin1Char('/') + fixture,
                        QStringLiteral("--strict")});
            QVERIFY2(r.exitCode == 1, qPrintable(fixture + QStringLiteral(": ") + r.out));
            for (const QString& line : r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
                static const QRegularExpression shape(
                    QStringLiteral("^\\S.*: (error|warning): PT\\d{4} \\S"));
                QVERIFY2(shape.match(line).hasMatch(), qPrintable(line));
            }
        }
    }

    void warningsPassUnlessStrict() {
        const QString dir = modelFixtures() + QStringLiteral("/unknown-key");
        const auto relaxed = runCli({QStringLiteral("validate"), dir});
        QCOMPARE(relaxed.exitCode, 0);
        QVERIFY(relaxed.out.contains(QStringLiteral("warning: PT1005 unknown key 'nickname'")));
        QCOMPARE(runCli({QStringLiteral("validate"), dir, QStringLiteral("--strict")}).exitCode, 1);
    }

    void jsonFormatListsDiagnosticsWithCounts() {
        const QString dir = modelFixtures() + QStringLiteral("/unknown-api-in-product");
        const auto r = runCli({QStringLiteral("validate"), dir, QStringLiteral("--format=json")});
        QCOMPARE(r.exitCode, 1);
        QJsonParseError error;
        const auto doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(doc[QStringLiteral("errors")].toInt(), 1);
        QCOMPARE(doc[QStringLiteral("warnings")].toInt(), 0);
        const auto d = doc[QStringLiteral("diagnostics")].toArray().at(0).toObject();
        QCOMPARE(d[QStringLiteral("file")].toString(),
                 QStringLiteral("products/starter/product.yaml"));
        QCOMPARE(d[QStringLiteral("line")].toInt(), 3);
        QCOMPARE(d[QStringLiteral("column")].toInt(), 5);
        QCOMPARE(d[QStringLiteral("severity")].toString(), QStringLiteral("error"));
        QCOMPARE(d[QStringLiteral("code")].toString(), QStringLiteral("PT1101"));
    }

    void lintReportsLoadErrorsFirstAndPassesTheSample() {
        const auto sample =
            runCli({QStringLiteral("lint"), sampleWorkspace(), QStringLiteral("--strict")});
        QVERIFY2(sample.exitCode == 0, qPrintable(sample.out + sample.err));
        const auto broken =
            runCli({QStringLiteral("lint"), testData(QStringLiteral("broken-policy"))});
        QCOMPARE(broken.exitCode, 1);
        QVERIFY(broken.out.contains(QStringLiteral("PT3104")));
    }

    void aMissingFolderIsAnIoErrorNamingIt() {
        const auto r = runCli({QStringLiteral("validate"), QStringLiteral("/nonexistent/ws")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.err.contains(QStringLiteral("/nonexistent/ws: not a workspace folder")));
    }

    void rejectsMoreThanOneFolder() {
        const auto r =
            runCli({QStringLiteral("validate"), QStringLiteral("a"), QStringLiteral("b")});
        QCOMPARE(r.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliValidate)
#include "test_cli_validate.moc"
