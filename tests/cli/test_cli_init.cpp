#include "cli_runner.h"
#include "core/security/key_hash.h"

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
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

    void copiesTheSampleWorkspaceByteForByteButTheSubscriptionKeys() {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("copy"));
        QCOMPARE(runCli({QStringLiteral("init"), dir}).exitCode, 0);
        QDirIterator it(sampleWorkspace(), QDir::Files, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            const QString source = it.next();
            const QString relative = QDir(sampleWorkspace()).relativeFilePath(source);
            if (relative.startsWith(QStringLiteral("subscriptions/")))
                continue; // fresh keys, see below
            QFile a(source), b(dir + QLatin1Char('/') + relative);
            QVERIFY2(b.open(QIODevice::ReadOnly), qPrintable(relative));
            QVERIFY(a.open(QIODevice::ReadOnly));
            QCOMPARE(b.readAll(), a.readAll());
            ++files;
        }
        QVERIFY(files >= 10);
    }

    void givesEachNewWorkspaceFreshSubscriptionKeysShownOnce() {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("ws"));
        const auto r = runCli({QStringLiteral("init"), dir});
        QCOMPARE(r.exitCode, 0);
        const auto printed = [&](const QString& which) {
            return QRegularExpression(
                       QStringLiteral("^subscription ada-unlimited %1-key: (\\S+)$").arg(which),
                       QRegularExpression::MultilineOption)
                .match(r.out)
                .captured(1);
        };
        const QString primary = printed(QStringLiteral("primary"));
        const QString secondary = printed(QStringLiteral("secondary"));
        QCOMPARE(primary.size(), 43);
        QVERIFY(primary != secondary);

        QFile created(dir + QStringLiteral("/subscriptions/ada-unlimited.yaml"));
        QFile sample(sampleWorkspace() + QStringLiteral("/subscriptions/ada-unlimited.yaml"));
        QVERIFY(created.open(QIODevice::ReadOnly) && sample.open(QIODevice::ReadOnly));
        const QString yaml = QString::fromUtf8(created.readAll());
        QVERIFY(yaml != QString::fromUtf8(sample.readAll()));
        QVERIFY(!yaml.contains(primary));
        const auto hash = [&](const QString& key) {
            return QRegularExpression(QStringLiteral("^%1: (\\S+)$").arg(key),
                                      QRegularExpression::MultilineOption)
                .match(yaml)
                .captured(1)
                .toStdString();
        };
        QVERIFY(portico::security::verifySubscriptionKey(primary.toStdString(),
                                                         hash(QStringLiteral("primaryKeyHash"))));
        QVERIFY(portico::security::verifySubscriptionKey(secondary.toStdString(),
                                                         hash(QStringLiteral("secondaryKeyHash"))));

        const auto again = runCli({QStringLiteral("init"), tmp.filePath(QStringLiteral("ws2"))});
        QVERIFY(!again.out.contains(primary));
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
