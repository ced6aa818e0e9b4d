#pragma once

#include <QDeadlineTimer>
#include <QProcess>
#include <QStringList>

#include <memory>

// Entra ID's token endpoint, the metadata service and Key Vault, as the stand-in serves them.
class AzureStandIn {
public:
    ~AzureStandIn() { stop(); }
    // `certificate` and `key` "-": plain HTTP, as the metadata service speaks.
    bool start(const QString& certificate, const QString& key, const QString& config) {
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process->start(QStringLiteral(PORTICO_AZURE_STAND_IN_BINARY), {certificate, key, config});
        if (!m_process->waitForStarted(5000))
            return false;
        QDeadlineTimer deadline(5000);
        while (!m_process->canReadLine() && !deadline.hasExpired())
            m_process->waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
        const auto line = m_process->readLine().trimmed();
        m_port = line.startsWith("listening ") ? quint16(line.mid(10).toUInt()) : 0;
        return m_port != 0;
    }
    void stop() {
        if (m_process) {
            m_process->kill();
            m_process->waitForFinished(3000);
            m_process.reset();
        }
    }
    quint16 port() const { return m_port; }
    // The requests served since the last call, one "METHOD PATH STATUS" line each.
    QStringList requests() {
        m_process->waitForReadyRead(100);
        QStringList lines;
        while (m_process->canReadLine())
            lines << QString::fromUtf8(m_process->readLine().trimmed());
        return lines;
    }

private:
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
};
