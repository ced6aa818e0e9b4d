#include "ui/gateway/gateway_process.h"

#include "ui/gateway/gateway_log_model.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTcpServer>

namespace portico::ui {

namespace {
constexpr int kPollIntervalMs = 1000;
constexpr int kDrainTimeoutMs = 2000;
constexpr int kKillAfterMs = 5000;
constexpr int kCrashReportLines = 12;
} // namespace

GatewayProcess::GatewayProcess(QObject* parent)
    : QObject(parent)
    , m_program(defaultProgram())
    , m_log(new GatewayLogModel(this))
    , m_network(new QNetworkAccessManager(this)) {
    m_pollTimer.setInterval(kPollIntervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &GatewayProcess::poll);
    m_killTimer.setSingleShot(true);
    m_killTimer.setInterval(kKillAfterMs);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        if (m_process)
            m_process->kill();
    });
}

GatewayProcess::~GatewayProcess() {
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->disconnect(this);
        m_process->terminate();
        if (!m_process->waitForFinished(kDrainTimeoutMs + 1000))
            m_process->kill();
        m_process->waitForFinished(1000);
    }
}

QString GatewayProcess::defaultProgram() {
    const QString name = QStringLiteral("portico-gateway");
    const QDir here(QCoreApplication::applicationDirPath());
    for (const QString& candidate :
         {here.filePath(name), here.filePath(QStringLiteral("../gateway/") + name)})
        if (QFileInfo(candidate).isExecutable())
            return QDir::cleanPath(candidate);
    return QStandardPaths::findExecutable(name);
}

quint16 GatewayProcess::pickFreePort() {
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

QString GatewayProcess::start(const GatewayLaunch& launch) {
    if (isActive() || m_state == State::Stopping)
        return tr("The gateway is already running.");
    if (m_program.isEmpty() || !QFileInfo(m_program).isExecutable())
        return tr("Cannot find the portico-gateway program next to Portico Studio or on the "
                  "PATH.");
    if (!QFileInfo(launch.workspace).isDir())
        return tr("%1 is not a folder.").arg(QDir::toNativeSeparators(launch.workspace));

    m_launch = launch;
    if (m_launch.port == 0)
        m_launch.port = pickFreePort();
    if (m_launch.adminPort == 0 || m_launch.adminPort == m_launch.port)
        do
            m_launch.adminPort = pickFreePort();
        while (m_launch.adminPort == m_launch.port && m_launch.adminPort != 0);
    if (m_launch.port == 0 || m_launch.adminPort == 0)
        return tr("No free port on 127.0.0.1 for the gateway.");
    m_launch.secrets.clear(); // kept only until written to the child

    if (m_process)
        m_process->deleteLater();
    m_process = new QProcess(this);
    m_process->setProgram(m_program);
    m_process->setArguments(
        {QStringLiteral("--workspace"), launch.workspace, QStringLiteral("--listen"),
         QStringLiteral("127.0.0.1:%1").arg(m_launch.port), QStringLiteral("--admin"),
         QStringLiteral("127.0.0.1:%1").arg(m_launch.adminPort), QStringLiteral("--access-log"),
         QStringLiteral("-"), QStringLiteral("--no-watch"), QStringLiteral("--drain-timeout-ms"),
         QString::number(kDrainTimeoutMs), QStringLiteral("--secrets-stdin")});
    connect(m_process, &QProcess::readyReadStandardOutput, this,
            [this] { m_log->appendOutput(QString::fromUtf8(m_process->readAllStandardOutput())); });
    connect(m_process, &QProcess::readyReadStandardError, this,
            [this] { m_log->appendOutput(QString::fromUtf8(m_process->readAllStandardError())); });
    connect(m_process, &QProcess::finished, this, &GatewayProcess::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        m_log->appendEntry({GatewayLogLevel::Error, false,
                            tr("Cannot start %1: %2").arg(m_program, m_process->errorString())});
        m_exitCode = -1;
        setState(State::Crashed);
        Q_EMIT crashed(m_exitCode, m_log->lastLines(kCrashReportLines));
    });

    // Secrets travel over the pipe only: one JSON line, then the pipe is closed.
    QJsonObject secrets;
    for (auto it = launch.secrets.cbegin(); it != launch.secrets.cend(); ++it)
        secrets.insert(it.key(), it.value());
    QByteArray line = QJsonDocument(secrets).toJson(QJsonDocument::Compact) + '\n';
    connect(m_process, &QProcess::started, this, [this, line]() mutable {
        m_process->write(line);
        line.fill('\0');
        m_process->closeWriteChannel();
    });

    m_live = m_ready = false;
    m_exitCode = 0;
    m_log->appendEntry({GatewayLogLevel::Info, false,
                        tr("Starting the gateway on http://127.0.0.1:%1 (admin on port %2) for %3")
                            .arg(m_launch.port)
                            .arg(m_launch.adminPort)
                            .arg(QDir::toNativeSeparators(launch.workspace))});
    setState(State::Starting);
    m_clock.start();
    m_process->start(QIODevice::ReadWrite);
    m_pollTimer.start();
    return {};
}

void GatewayProcess::stop() {
    if (!m_process || m_process->state() == QProcess::NotRunning) {
        if (m_state == State::Crashed)
            setState(State::Stopped);
        return;
    }
    setState(State::Stopping);
    m_pollTimer.stop();
    m_process->terminate(); // SIGTERM: the gateway drains and exits
    m_killTimer.start();
}

void GatewayProcess::onFinished(int exitCode, QProcess::ExitStatus status) {
    m_killTimer.stop();
    m_pollTimer.stop();
    const bool expected = m_state == State::Stopping;
    m_live = m_ready = false;
    Q_EMIT statusChanged(false, false);
    m_exitCode = status == QProcess::CrashExit ? -1 : exitCode;
    if (m_process) {
        m_log->appendOutput(QString::fromUtf8(m_process->readAllStandardOutput()));
        m_log->appendOutput(QString::fromUtf8(m_process->readAllStandardError()));
    }
    if (expected) {
        m_log->appendEntry({GatewayLogLevel::Info, false, tr("The gateway stopped.")});
        setState(State::Stopped);
        return;
    }
    m_log->appendEntry({GatewayLogLevel::Error, false,
                        status == QProcess::CrashExit
                            ? tr("The gateway crashed.")
                            : tr("The gateway exited with code %1.").arg(exitCode)});
    setState(State::Crashed);
    Q_EMIT crashed(m_exitCode, m_log->lastLines(kCrashReportLines));
}

void GatewayProcess::setState(State state) {
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

QUrl GatewayProcess::adminUrl(const QString& path) const {
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_launch.adminPort).arg(path));
}

QNetworkReply* GatewayProcess::get(const QString& path) {
    QNetworkRequest request(adminUrl(path));
    request.setTransferTimeout(std::max(500, m_pollTimer.interval()));
    return m_network->get(request);
}

void GatewayProcess::poll() {
    if (!isActive())
        return;
    QNetworkReply* health = get(QStringLiteral("/health"));
    connect(health, &QNetworkReply::finished, this, [this, health] {
        health->deleteLater();
        const bool live = health->error() == QNetworkReply::NoError;
        if (live && m_state == State::Starting)
            setState(State::Running);
        if (live != m_live) {
            m_live = live;
            Q_EMIT statusChanged(m_live, m_ready);
        }
    });
    QNetworkReply* ready = get(QStringLiteral("/ready"));
    connect(ready, &QNetworkReply::finished, this, [this, ready] {
        ready->deleteLater();
        // 503 with {"status": "draining"} is an answer too: live but not ready.
        const auto status =
            QJsonDocument::fromJson(ready->readAll()).object().value(QStringLiteral("status"));
        const bool isReady =
            ready->error() == QNetworkReply::NoError && status.toString() == QLatin1String("ready");
        if (isReady != m_ready) {
            m_ready = isReady;
            Q_EMIT statusChanged(m_live, m_ready);
        }
    });
    QNetworkReply* metrics = get(QStringLiteral("/metrics"));
    const double at = static_cast<double>(m_clock.elapsed()) / 1000.0;
    connect(metrics, &QNetworkReply::finished, this, [this, metrics, at] {
        metrics->deleteLater();
        if (metrics->error() != QNetworkReply::NoError || !isActive())
            return;
        const PrometheusParse parsed = parsePrometheusText(QString::fromUtf8(metrics->readAll()));
        if (!parsed.ok()) {
            Q_EMIT metricsError(tr("/metrics: %1").arg(parsed.error));
            return;
        }
        Q_EMIT metricsReceived(parsed.samples, at);
    });
}

void GatewayProcess::reload() {
    if (!isActive())
        return;
    QNetworkRequest request(adminUrl(QStringLiteral("/reload")));
    request.setTransferTimeout(10000);
    QNetworkReply* reply = m_network->post(request, QByteArray());
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        if (reply->error() == QNetworkReply::NoError) {
            const QString message = tr("Reloaded the workspace: configuration version %1.")
                                        .arg(body.value(QStringLiteral("version")).toInt());
            m_log->appendEntry({GatewayLogLevel::Info, false, message});
            Q_EMIT reloadFinished(true, message);
            return;
        }
        QString message = body.value(QStringLiteral("message")).toString();
        if (message.isEmpty())
            message = reply->errorString();
        const QString text = tr("Reload refused: %1").arg(message);
        m_log->appendEntry({GatewayLogLevel::Error, false, text});
        Q_EMIT reloadFinished(false, text);
    });
}

} // namespace portico::ui
