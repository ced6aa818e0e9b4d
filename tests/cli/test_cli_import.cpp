#include "cli_runner.h"

#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>

namespace {

// A fresh copy of the sample workspace in a temporary folder.
// Every file under `dir` with its content, to prove that a refused import changed nothing.
QMap<QString, QByteArray> snapshot(const QString& dir) {
    QMap<QString, QByteArray> files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            files.insert(QDir(dir).relativeFilePath(f.fileName()), f.readAll());
    }
    return files;
}

QString importArgsSpec(const QString& name) {
    return testData(name);
}

} // namespace

class TestCliImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void importsASpecificationAsANewApiThatValidates() {
        QTemporaryDir tmp;
        const QString ws = freshWorkspace(tmp);
        QVERIFY(!ws.isEmpty());
        const auto r =
            runCli({QStringLiteral("import"), QStringLiteral("openapi"),
                    importArgsSpec(QStringLiteral("billing.yaml")), QStringLiteral("--workspace"),
                    ws, QStringLiteral("--id"), QStringLiteral("billing"), QStringLiteral("--path"),
                    QStringLiteral("/billing/")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(
                     QStringLiteral("Imported API 'billing' at /billing with 3 operation(s)")),
                 qPrintable(r.out));
        QVERIFY(QFile::exists(ws + QStringLiteral("/apis/billing/api.yaml")));

        QFile copy(ws + QStringLiteral("/apis/billing/openapi.yaml"));
        QFile original(importArgsSpec(QStringLiteral("billing.yaml")));
        QVERIFY(copy.open(QIODevice::ReadOnly) && original.open(QIODevice::ReadOnly));
        QCOMPARE(copy.readAll(), original.readAll());

        QFile apiYaml(ws + QStringLiteral("/apis/billing/api.yaml"));
        QVERIFY(apiYaml.open(QIODevice::ReadOnly));
        const QString api = QString::fromUtf8(apiYaml.readAll());
        QVERIFY2(api.contains(QStringLiteral("path: billing")), qPrintable(api));
        QVERIFY2(api.contains(QStringLiteral("Billing.Write")), qPrintable(api));
        QVERIFY2(api.contains(QStringLiteral("https://billing.internal.example/v1")),
                 qPrintable(api));

        const auto validate = runCli({QStringLiteral("validate"), ws, QStringLiteral("--strict")});
        QVERIFY2(validate.exitCode == 0, qPrintable(validate.out + validate.err));
    }

    void changesNoOtherFile() {
        QTemporaryDir tmp;
        const QString ws = freshWorkspace(tmp);
        const auto before = snapshot(ws);
        QCOMPARE(runCli({QStringLiteral("import"), QStringLiteral("openapi"),
                         importArgsSpec(QStringLiteral("billing.yaml")),
                         QStringLiteral("--workspace"), ws})
                     .exitCode,
                 0);
        auto after = snapshot(ws);
        QStringList added;
        for (auto it = after.cbegin(); it != after.cend(); ++it) {
            if (!before.contains(it.key()))
                added << it.key();
            else
                QVERIFY2(before.value(it.key()) == it.value(), qPrintable(it.key()));
        }
        added.sort();
        QCOMPARE(added, (QStringList{QStringLiteral("apis/billing-api/api.yaml"),
                                     QStringLiteral("apis/billing-api/openapi.yaml")}));
    }

    void importsTheSwaggerPetstoreFromJson() {
        const QString petstore = QStringLiteral(
            PORTICO_SOURCE_DIR "/tests/fixtures/npm/node_modules/@readme/oas-examples/2.0/json/"
                               "petstore.json");
        QVERIFY2(
            QFile::exists(petstore),
            "npm fixtures missing: run npm ci --prefix tests/fixtures/npm (scripts/test does)");
        QTemporaryDir tmp;
        const QString ws = freshWorkspace(tmp);
        const auto r = runCli({QStringLiteral("import"), QStringLiteral("openapi"), petstore,
                               QStringLiteral("--workspace"), ws, QStringLiteral("--path"),
                               QStringLiteral("pets")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY(QFile::exists(ws + QStringLiteral("/apis/swagger-petstore/openapi.json")));
        QCOMPARE(runCli({QStringLiteral("validate"), ws}).exitCode, 0);
    }

    void refusesAnExistingIdAndWritesNothing() {
        QTemporaryDir tmp;
        const QString ws = freshWorkspace(tmp);
        const auto before = snapshot(ws);
        const auto r =
            runCli({QStringLiteral("import"), QStringLiteral("openapi"),
                    importArgsSpec(QStringLiteral("billing.yaml")), QStringLiteral("--workspace"),
                    ws, QStringLiteral("--id"), QStringLiteral("orders"), QStringLiteral("--path"),
                    QStringLiteral("billing")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("an API with id 'orders' already exists")),
                 qPrintable(r.err));
        QCOMPARE(snapshot(ws), before);
    }

    void refusesAPathThatClashesAndWritesNothing() {
        QTemporaryDir tmp;
        const QString ws = freshWorkspace(tmp);
        const auto before = snapshot(ws);
        const auto r =
            runCli({QStringLiteral("import"), QStringLiteral("openapi"),
                    importArgsSpec(QStringLiteral("billing.yaml")), QStringLiteral("--workspace"),
                    ws, QStringLiteral("--path"), QStringLiteral("orders/billing")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QStringLiteral("PT1108")), qPrintable(r.out + r.err));
        QCOMPARE(snapshot(ws), before);
    }

    void refusesABrokenSpecificationWithItsLocation() {
        QTemporaryDir tmp;
        const QString ws = freshWorkspace(tmp);
        const auto before = snapshot(ws);
        const QString spec = importArgsSpec(QStringLiteral("broken.yaml"));
        const auto r = runCli({QStringLiteral("import"), QStringLiteral("openapi"), spec,
                               QStringLiteral("--workspace"), ws});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(spec + QStringLiteral(":6:3: error: PT2")), qPrintable(r.out));
        QCOMPARE(snapshot(ws), before);
    }

    void refusesToImportIntoABrokenWorkspace() {
        const QString broken =
            QStringLiteral(PORTICO_SOURCE_DIR "/tests/core/model/data/unknown-api-in-product");
        const auto before = snapshot(broken);
        const auto r = runCli({QStringLiteral("import"), QStringLiteral("openapi"),
                               importArgsSpec(QStringLiteral("billing.yaml")),
                               QStringLiteral("--workspace"), broken});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("fix them first")), qPrintable(r.err));
        QCOMPARE(snapshot(broken), before);
    }

    void aMissingSpecificationIsAnIoError() {
        QTemporaryDir tmp;
        const auto r = runCli({QStringLiteral("import"), QStringLiteral("openapi"),
                               tmp.filePath(QStringLiteral("nope.yaml")),
                               QStringLiteral("--workspace"), tmp.path()});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QStringLiteral("nope.yaml: cannot read the specification")),
                 qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliImport)
#include "test_cli_import.moc"
