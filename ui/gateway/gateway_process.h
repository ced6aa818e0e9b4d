#pragma once

#include "ui/gateway/prometheus_text.h"

#include <QElapsedTimer>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QTimer>

class QNetworkAccessManager;
class QNetworkReply;

namespace portico::ui {

class GatewayLogModel;

// What to start: the workspace, the ports (0 = pick a free loopback port) and the secret values
// that the gateway receives over its stdin.
struct GatewayLaunch {
    QString workspace;
    quint16 port = 0;
    quint16 adminPort = 0;
    QMap<QString, QString> secrets; // secret reference text -> value
};

// The local portico-gateway as a child process: started with --secrets-stdin, watched through
// its admin endpoint (/health, /ready, /metrics polled), reloaded on demand.
class GatewayProcess : public QObject {
    Q_OBJECT
public:
    enum class State { Stopped, Starting, Running, Stopping, Crashed };
    Q_ENUM(State)

    explicit GatewayProcess(QObject* parent = nullptr);
    ~GatewayProcess() override;

    // The gateway next to the studio's executable (installed or in the build tree), else PATH.
    static QString defaultProgram();
    void setProgram(const QString& program) { m_program = program; }
    QString program() const { return m_program; }
    void setPollInterval(int milliseconds) { m_pollTimer.setInterval(milliseconds); }

    // Returns what is wrong, or an empty string once the process was asked to start.
    QString start(const GatewayLaunch& launch);
    void stop();
    bool isActive() const { return m_state == State::Starting || m_state == State::Running; }
    State state() const { return m_state; }
    bool isLive() const { return m_live; }
    bool isReady() const { return m_ready; }
    quint16 port() const { return m_launch.port; }
    quint16 adminPort() const { return m_launch.adminPort; }
    QString workspace() const { return m_launch.workspace; }
    GatewayLogModel* log() const { return m_log; }
    int exitCode() const { return m_exitCode; }
    // The running child's process id and arguments (0 and empty when none runs).
    qint64 processId() const { return m_process ? m_process->processId() : 0; }
    QStringList arguments() const { return m_process ? m_process->arguments() : QStringList(); }

    // POST /reload; the answer arrives as reloadFinished().
    void reload();

    // A free TCP port on 127.0.0.1 right now (0 when none could be found).
    static quint16 pickFreePort();

Q_SIGNALS:
    void stateChanged(portico::ui::GatewayProcess::State state);
    void statusChanged(bool live, bool ready);
    void metricsReceived(const QList<portico::ui::MetricSample>& samples, double atSeconds);
    void metricsError(const QString& error);
    void reloadFinished(bool ok, const QString& message);
    void crashed(int exitCode, const QStringList& lastLines);

private:
    void setState(State state);
    void poll();
    QNetworkReply* get(const QString& path);
    QUrl adminUrl(const QString& path) const;
    void onFinished(int exitCode, QProcess::ExitStatus status);

    QString m_program;
    QPointer<QProcess> m_process;
    GatewayLaunch m_launch;
    State m_state = State::Stopped;
    GatewayLogModel* m_log;
    QNetworkAccessManager* m_network;
    QTimer m_pollTimer;
    QTimer m_killTimer;
    QElapsedTimer m_clock;
    bool m_live = false;
    bool m_ready = false;
    int m_exitCode = 0;
};

} // namespace portico::ui
