#include "cli_runner.h"

#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>

class TestCliInit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createsAWorkspaceThatValidatesClean() {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("new-ws"));
        const auto init = runCli({QStringLiteral("init"), dir});
        QCOMPARE(init.exitCode, 0);
        QVERIFY(QFile::exists(dir + QStringLiteral("/portico.yaml")));
        const auto validate = runCli({QStringLiteral("validate"), dir});
        QVERIFY2(validate.exitCode == 0, qPrintable(validate.out + validate.err));
    }

    void copiesTheSampleWorkspaceByteForByte() {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("copy"));
        QCOMPARE(runCli({QStringLiteral("init"), dir}).exitCode, 0);
        QDirIterator it(sampleWorkspace(), QDir::Files, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            const QString source = it.next();
            const QString relative = QDir(sampleWorkspace()).relativeFilePath(source);
            QFile a(source), b(dir + QLatin1Char('/') + relative);
            QVERIFY2(b.open(QIODevice::ReadOnly), qPrintable(relative));
            QVERIFY(a.open(QIODevice::ReadOnly));
            QCOMPARE(b.readAll(), a.readAll());
            ++files;
        }
        QVERIFY(files >= 10);
    }

    void acceptsAnEmptyExistingFolder() {
        QTemporaryDir tmp;
        QCOMPARE(runCli({QStringLiteral("init"), tmp.path()}).exitCode, 0);
        QVERIFY(QFile::exists(tmp.filePath(QStringLiteral("portico.yaml"))));
    }

    void refusesAFolderThatIsNotEmptyAndLeavesItUntouched() {
        QTemporaryDir tmp;
        QFile keep(tmp.filePath(QStringLiteral("notes.txt")));
        QVERIFY(keep.open(QIODevice::WriteOnly));
        keep.write("mine");
        keep.close();
        const auto r = runCli({QStringLiteral("init"), tmp.path()});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QStringLiteral("not an empty folder")), qPrintable(r.err));
        QCOMPARE(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList{QStringLiteral("notes.txt")});
    }

    void refusesAFolderWhoseParentDoesNotExist() {
        QTemporaryDir tmp;
        const auto r = runCli({QStringLiteral("init"), tmp.filePath(QStringLiteral("a/b/c"))});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QStringLiteral("no such folder")), qPrintable(r.err));
    }

    void leavesNoStagingFolderBehind() {
        QTemporaryDir tmp;
        QCOMPARE(runCli({QStringLiteral("init"), tmp.filePath(QStringLiteral("ws"))}).exitCode, 0);
        QCOMPARE(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList{QStringLiteral("ws")});
    }
};

QTEST_GUILESS_MAIN(TestCliInit)
#include "test_cli_init.moc"
