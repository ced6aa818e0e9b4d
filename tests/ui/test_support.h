#pragma once

#include "ui/secrets/secret_store.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMap>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

namespace portico::test {

// Settings and standard paths go to throw-away places so that tests never touch the user's.
inline void useTemporarySettings(const QString& directory) {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("PorticoTest"));
    QCoreApplication::setApplicationName(QStringLiteral("Portico Studio Test"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, directory);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, directory);
    QSettings().clear();
}

inline bool copyDirectory(const QString& from, const QString& to) {
    QDir source(from);
    if (!source.exists())
        return false;
    QDirIterator it(from, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString target = QDir(to).filePath(source.relativeFilePath(file));
        if (!QDir().mkpath(QFileInfo(target).path()) || !QFile::copy(file, target))
            return false;
    }
    return true;
}

inline QString sampleWorkspace() {
    return QStringLiteral(PORTICO_SOURCE_DIR "/resources/sample-workspace");
}

// Keeps secrets in memory and answers on the next event-loop turn, like the real keychain.
class MemorySecretStore : public ui::SecretStore {
public:
    using ui::SecretStore::SecretStore;
    void write(const QString& service, const QString& account, const QString& secret,
               WriteDone done) override {
        m_secrets[service + QLatin1Char('\n') + account] = secret;
        QTimer::singleShot(0, this, [done] { done({}); });
    }
    void read(const QString& service, const QString& account, ReadDone done) override {
        const QString key = service + QLatin1Char('\n') + account;
        const bool found = m_secrets.contains(key);
        const QString value = m_secrets.value(key);
        QTimer::singleShot(0, this, [done, found, value] {
            done(value, found ? QString() : QStringLiteral("not found"));
        });
    }
    void remove(const QString& service, const QString& account, WriteDone done) override {
        m_secrets.remove(service + QLatin1Char('\n') + account);
        QTimer::singleShot(0, this, [done] { done({}); });
    }
    QString secret(const QString& service, const QString& account) const {
        return m_secrets.value(service + QLatin1Char('\n') + account);
    }

private:
    QMap<QString, QString> m_secrets;
};

} // namespace portico::test
