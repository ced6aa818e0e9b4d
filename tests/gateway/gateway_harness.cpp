#include "gateway_harness.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QtCore/qtestsupport_core.h>

#include <csignal>

namespace harness {

SubscriptionKeys createSubscription(const QString& workspace, const QStringList& arguments) {
    const auto result = runCli(QStringList{QStringLiteral("subscription"), QStringLiteral("create"),
                                           QStringLiteral("--workspace"), workspace} +
                               arguments);
    SubscriptionKeys keys;
    static const QRegularExpression line(QStringLiteral("^(primary|secondary)-key: (\\S+)$"),
                                         QRegularExpression::MultilineOption);
    auto matches = line.globalMatch(QString::fromUtf8(result.standardOutput));
    while (matches.hasNext()) {
        const auto m = matches.next();
        (m.captured(1) == QLatin1String("primary") ? keys.primary : keys.secondary) =
            m.captured(2).toUtf8();
    }
    if (result.exitCode != 0 || keys.primary.isEmpty() || keys.secondary.isEmpty()) {
        qWarning("portico subscription create failed: %s", result.standardError.constData());
        return {};
    }
    return keys;
}

QString gatewayBinary() {
    return QStringLiteral(PORTICO_GATEWAY_BINARY);
}

bool RawConnection::open(quint16 port, int timeoutMs) {
    // Qt would otherwise read everything the peer sends into memory whenever the event loop
    // runs (a test's qWait too): a client that reads slowly must make the gateway hold back,
    // and a test must not then spend so long on a huge buffer that the gateway's write times
    // out.
    m_socket.setReadBufferSize(1 << 20);
    m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    return m_socket.waitForConnected(timeoutMs);
}

void RawConnection::send(const QByteArray& bytes) {
    m_socket.write(bytes);
    m_socket.waitForBytesWritten(3000);
}

bool RawConnection::fill(int timeoutMs) {
    if (m_closed) {
        return false;
    }
    if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(timeoutMs)) {
        if (m_socket.state() != QAbstractSocket::ConnectedState) {
            m_closed = true;
        }
        m_buffer += m_socket.readAll();
        return false;
    }
    m_buffer += m_socket.readAll();
    return true;
}

std::optional<HttpResponse> RawConnection::readResponse(int timeoutMs, bool bodiless) {
    QDeadlineTimer deadline(timeoutMs);
    auto remaining = [&] { return std::max<qint64>(1, deadline.remainingTime()); };
    qsizetype headEnd = -1;
    while ((headEnd = m_buffer.indexOf("\r\n\r\n")) < 0) {
        if (!fill(int(remaining())) && (m_closed || deadline.hasExpired())) {
            return std::nullopt;
        }
    }
    HttpResponse response;
    response.head = m_buffer.left(headEnd + 4);
    const auto lines = m_buffer.left(headEnd).split('\n');
    const auto statusParts = lines.value(0).trimmed().split(' ');
    response.status = statusParts.value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const auto line = lines[i].trimmed();
        const auto colon = line.indexOf(':');
        if (colon <= 0) {
            continue;
        }
        const auto name = line.left(colon).trimmed().toLower();
        const auto value = line.mid(colon + 1).trimmed();
        response.headers[name] =
            response.headers.contains(name) ? response.headers[name] + ',' + value : value;
    }
    m_buffer.remove(0, headEnd + 4);
    if (bodiless || response.status / 100 == 1 || response.status == 204 ||
        response.status == 304) {
        return response;
    }
    if (response.headers.contains("content-length")) {
        const auto length = response.headers["content-length"].toLongLong();
        while (m_buffer.size() < length) {
            if (!fill(int(remaining())) && (m_closed || deadline.hasExpired())) {
                return std::nullopt;
            }
        }
        response.body = m_buffer.left(length);
        m_buffer.remove(0, length);
        return response;
    }
    if (response.header("transfer-encoding").toLower().contains("chunked")) {
        while (true) {
            qsizetype lineEnd;
            while ((lineEnd = m_buffer.indexOf("\r\n")) < 0) {
                if (!fill(int(remaining())) && (m_closed || deadline.hasExpired())) {
                    return std::nullopt;
                }
            }
            bool ok = false;
            const auto size =
                m_buffer.left(lineEnd).split(';').value(0).trimmed().toLongLong(&ok, 16);
            if (!ok) {
                return std::nullopt;
            }
            while (m_buffer.size() < lineEnd + 2 + size + 2) {
                if (!fill(int(remaining())) && (m_closed || deadline.hasExpired())) {
                    return std::nullopt;
                }
            }
            response.body += m_buffer.mid(lineEnd + 2, size);
            m_buffer.remove(0, lineEnd + 2 + size + 2);
            if (size == 0) {
                return response; // trailers are not used by the tests
            }
        }
    }
    // Close-delimited.
    while (!m_closed && !deadline.hasExpired()) {
        fill(int(remaining()));
    }
    response.body = m_buffer;
    m_buffer.clear();
    return m_closed ? std::optional<HttpResponse>(response) : std::nullopt;
}

bool RawConnection::waitClosed(int timeoutMs) {
    QDeadlineTimer deadline(timeoutMs);
    while (!m_closed && !deadline.hasExpired()) {
        fill(int(std::max<qint64>(1, deadline.remainingTime())));
    }
    return m_closed;
}

std::optional<HttpResponse> exchange(quint16 port, const QByteArray& request, int timeoutMs) {
    RawConnection connection;
    if (!connection.open(port)) {
        return std::nullopt;
    }
    connection.send(request);
    return connection.readResponse(timeoutMs, request.startsWith("HEAD "));
}

void writeOrFail(const QString& path, const char* text) {
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    const QByteArray bytes(text);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

bool writeWorkspace(const QString& dir, const QList<Api>& apis, QString* error) {
    auto write = [&](const QString& path, const QByteArray& text) {
        QDir().mkpath(QFileInfo(path).path());
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            if (error) {
                *error = QStringLiteral("cannot write ") + path;
            }
            return false;
        }
        file.write(text);
        return true;
    };
    if (!write(dir + QStringLiteral("/portico.yaml"), "name: gateway test\nformatVersion: 1\n")) {
        return false;
    }
    for (const auto& api : apis) {
        const auto folder = dir + QStringLiteral("/apis/") + api.id;
        const QString displayName = api.displayName.isEmpty() ? api.id : api.displayName;
        QByteArray yaml =
            "displayName: " + displayName.toUtf8() + "\npath: '" + api.path.toUtf8() + "'" +
            "\nserviceUrl: " + api.serviceUrl.toUtf8() +
            "\nsubscriptionRequired: " + QByteArray(api.subscriptionRequired ? "true" : "false") +
            "\nspecification: openapi.yaml\n" + api.extraYaml.toUtf8();
        QByteArray spec =
            "openapi: 3.0.3\ninfo:\n  title: " + api.id.toUtf8() + "\n  version: 1.0.0\npaths:\n";
        QMap<QString, QList<Operation>> byPath;
        for (const auto& op : api.operations) {
            byPath[op.urlTemplate].append(op);
        }
        for (auto it = byPath.begin(); it != byPath.end(); ++it) {
            spec += "  '" + it.key().toUtf8() + "':\n";
            for (const auto& op : it.value()) {
                spec += "    " + op.method.toLower().toUtf8() +
                        ":\n      operationId: " + op.id.toUtf8() + "\n";
                if (!op.summary.isEmpty())
                    spec += "      summary: '" + op.summary.toUtf8() + "'\n";
                static const QRegularExpression parameter(QStringLiteral("\\{([^}]+)\\}"));
                auto matches = parameter.globalMatch(it.key());
                bool first = true;
                while (matches.hasNext()) {
                    const auto m = matches.next();
                    if (first) {
                        spec += "      parameters:\n";
                        first = false;
                    }
                    spec += "        - name: " + m.captured(1).toUtf8() +
                            "\n          in: path\n          required: true\n          schema:\n"
                            "            type: string\n";
                }
                spec += "      responses:\n        '200':\n          description: ok\n";
            }
        }
        if (!write(folder + QStringLiteral("/api.yaml"), yaml) ||
            !write(folder + QStringLiteral("/openapi.yaml"), spec)) {
            return false;
        }
    }
    return true;
}

Backend::~Backend() {
    if (m_process) {
        m_process->kill();
        m_process->waitForFinished(3000);
    }
}

bool Backend::start(const QStringList& arguments) {
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->start(QStringLiteral(PORTICO_TEST_BACKEND_BINARY), arguments);
    if (!m_process->waitForStarted(5000)) {
        return false;
    }
    QDeadlineTimer deadline(5000);
    while (!m_process->canReadLine() && !deadline.hasExpired()) {
        m_process->waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
    }
    const auto line = m_process->readLine().trimmed();
    if (!line.startsWith("listening ")) {
        return false;
    }
    m_port = quint16(line.mid(10).toUInt());
    return m_port != 0;
}

Gateway::~Gateway() {
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(3000);
    }
}

bool Gateway::start(const QString& workspace, const QStringList& extraArguments, QString* error) {
    QStringList arguments{QStringLiteral("--workspace"), workspace};
    auto has = [&](const char* flag) { return extraArguments.contains(QString::fromLatin1(flag)); };
    if (!has("--listen") && !has("--tls-listen")) {
        arguments << QStringLiteral("--listen") << QStringLiteral("127.0.0.1:0");
    }
    if (!has("--admin")) {
        arguments << QStringLiteral("--admin") << QStringLiteral("127.0.0.1:0");
    }
    if (!has("--threads")) {
        arguments << QStringLiteral("--threads") << QStringLiteral("2");
    }
    arguments += extraArguments;
    m_process = std::make_unique<QProcess>();
    m_process->start(gatewayBinary(), arguments);
    if (!m_process->waitForStarted(5000)) {
        if (error) {
            *error = QStringLiteral("cannot start ") + gatewayBinary();
        }
        return false;
    }
    QDeadlineTimer deadline(10000);
    QByteArray output;
    while (!deadline.hasExpired()) {
        if (!m_process->canReadLine()) {
            if (m_process->state() == QProcess::NotRunning) {
                break;
            }
            m_process->waitForReadyRead(100);
            continue;
        }
        const auto line = m_process->readLine().trimmed();
        output += line + '\n';
        static const QRegularExpression port(QStringLiteral(":(\\d+)$"));
        const auto m = port.match(QString::fromUtf8(line));
        if (line.startsWith("portico-gateway: listening on http://") && m.hasMatch()) {
            if (m_port == 0) {
                m_port = quint16(m.captured(1).toUInt());
            }
        } else if (line.startsWith("portico-gateway: listening on https://") && m.hasMatch()) {
            if (m_tlsPort == 0) {
                m_tlsPort = quint16(m.captured(1).toUInt());
            }
        } else if (line.startsWith("portico-gateway: admin on") && m.hasMatch()) {
            m_adminPort = quint16(m.captured(1).toUInt());
        } else if (line.startsWith("portico-gateway: ready")) {
            return true;
        }
    }
    if (error) {
        *error = QString::fromUtf8(output + m_process->readAllStandardError());
    }
    return false;
}

void Gateway::signal(int signalNumber) {
    ::kill(pid_t(m_process->processId()), signalNumber);
}

int Gateway::terminate(int timeoutMs) {
    signal(SIGTERM);
    if (!m_process->waitForFinished(timeoutMs) || m_process->exitStatus() != QProcess::NormalExit) {
        return -1;
    }
    return m_process->exitCode();
}

bool Gateway::isRunning() const {
    return m_process && m_process->state() == QProcess::Running;
}

QByteArray Gateway::standardError() {
    return m_process->readAllStandardError();
}

QByteArray Gateway::standardErrorUntil(const QByteArray& text, int timeoutMs) {
    QByteArray log;
    QDeadlineTimer deadline(timeoutMs);
    while (!log.contains(text) && !deadline.hasExpired()) {
        QTest::qWait(50);
        log += standardError();
    }
    return log;
}

qint64 Gateway::pid() const {
    return m_process->processId();
}

RunResult runGatewayToEnd(const QStringList& arguments, int timeoutMs) {
    return runToEnd(gatewayBinary(), arguments, timeoutMs);
}

RunResult runCli(const QStringList& arguments, int timeoutMs) {
    return runToEnd(QStringLiteral(PORTICO_CLI_BINARY), arguments, timeoutMs);
}

RunResult runToEnd(const QString& program, const QStringList& arguments, int timeoutMs) {
    QProcess process;
    process.start(program, arguments);
    RunResult result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.standardOutput = process.readAllStandardOutput();
    result.standardError = process.readAllStandardError();
    return result;
}

} // namespace harness
