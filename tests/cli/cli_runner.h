#pragma once

#include <QDir>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTest>

struct CliResult {
    int exitCode = -1;
    QString out;
    QString err;
};

// Runs the real `portico` binary and collects its exit code and output.
inline CliResult runCli(const QStringList& args, const QString& workingDirectory = {}) {
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(QStringLiteral(PORTICO_CLI), args);
    if (!process.waitForFinished(30000)) {
        process.kill();
        return {};
    }
    CliResult result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

inline QString sampleWorkspace() {
    return QStringLiteral(PORTICO_SOURCE_DIR "/resources/sample-workspace");
}

inline QString testData(const QString& name) {
    return QStringLiteral(PORTICO_TEST_DATA "/") + name;
}
