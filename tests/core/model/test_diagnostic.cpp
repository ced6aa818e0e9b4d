#include "core/model/diagnostic.h"

#include <QTest>

using namespace portico::model;

class TestDiagnostic : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void formatsFileLineColumnSeverityCodeAndMessage() {
        Diagnostic d{
            Severity::Error, "PT1003", "missing required key 'path'", {"apis/a/api.yaml", 3, 5}};
        QCOMPARE(QString::fromStdString(d.toString()),
                 QStringLiteral("apis/a/api.yaml:3:5: error: PT1003 missing required key 'path'"));
    }

    void countsErrorsAndWarningsSeparately() {
        DiagnosticList list;
        list.warning("PT1005", {"a.yaml", 1, 1}, "unknown key");
        QVERIFY(!list.hasErrors());
        list.error("PT1003", {"a.yaml", 2, 1}, "missing");
        QCOMPARE(list.errorCount(), std::size_t(1));
        QCOMPARE(list.warningCount(), std::size_t(1));
    }

    void sortsByFileThenLineThenColumn() {
        DiagnosticList list;
        list.error("X", {"b.yaml", 1, 1}, "");
        list.error("X", {"a.yaml", 9, 1}, "");
        list.error("X", {"a.yaml", 2, 7}, "");
        list.sortByLocation();
        QCOMPARE(list.items()[0].where.line, 2);
        QCOMPARE(list.items()[1].where.line, 9);
        QCOMPARE(QString::fromStdString(list.items()[2].where.file), QStringLiteral("b.yaml"));
    }
};

QTEST_GUILESS_MAIN(TestDiagnostic)
#include "test_diagnostic.moc"
