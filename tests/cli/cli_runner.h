#pragma once

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
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

// A new workspace made by `portico init` in tmp/ws; empty when init failed.
inline QString freshWorkspace(const QTemporaryDir& tmp) {
    const QString dir = tmp.filePath(QStringLiteral("ws"));
    return runCli({QStringLiteral("init"), dir}).exitCode == 0 ? dir : QString();
}

inline QString readFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// The value of a "key: value" line (YAML fields, printed keys); key is a regular expression.
inline QString lineValue(const QString& text, const QString& key) {
    const auto m = QRegularExpression(QStringLiteral("^%1: (\\S+)$").arg(key),
                                      QRegularExpression::MultilineOption)
                       .match(text);
    return m.captured(1);
}
