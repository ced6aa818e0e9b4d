#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QPair>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTcpSocket>

#include <memory>
#include <optional>

// Starts the real portico-gateway and the test backend as child processes and talks raw HTTP/1.1
// to them over loopback.
namespace harness {

struct HttpResponse {
    int status = 0;
    QByteArray head;
    QMap<QByteArray, QByteArray> headers; // lower-case names; repeated fields joined with ','
    QByteArray body;
    QByteArray header(const QByteArray& name) const { return headers.value(name.toLower()); }
};

// One client connection, driven synchronously.
class RawConnection {
public:
    bool open(quint16 port, int timeoutMs = 3000);
    void send(const QByteArray& bytes);
    // One response; for a HEAD request pass bodiless. Empty on timeout or close.
    std::optional<HttpResponse> readResponse(int timeoutMs = 5000, bool bodiless = false);
    // True when the peer closed the connection within the timeout.
    bool waitClosed(int timeoutMs);
    QByteArray pending() const { return m_buffer; }
    QTcpSocket& socket() { return m_socket; }

private:
    bool fill(int timeoutMs);
    QTcpSocket m_socket;
    QByteArray m_buffer;
    bool m_closed = false;
};

// Sends raw bytes on a fresh connection and returns the first response.
std::optional<HttpResponse> exchange(quint16 port, const QByteArray& request, int timeoutMs = 5000);

struct Operation {
    QString method;
    QString urlTemplate;
    QString id;
    QString summary = {}; // the operation's name; none when empty
};

// An operation for writeWorkspace(): op("GET", "/orders/{id}", "get-order").
inline Operation op(const char* method, const char* urlTemplate, const char* id) {
    return Operation{QLatin1String(method), QLatin1String(urlTemplate), QLatin1String(id), {}};
}

struct Api {
    QString id;
    QString path;
    QString serviceUrl;
    QList<Operation> operations;
    QString extraYaml; // appended to api.yaml
    bool subscriptionRequired = false;
    QString displayName = {}; // the id when empty
};

// Writes a file, making its folders; a test cannot go on without it, so failing is fatal. (Raw
// strings stay out of QVERIFY this way: moc cannot read them inside its macros.)
void writeOrFail(const QString& path, const char* text);

// Writes portico.yaml and apis/<id>/{api.yaml,openapi.yaml} under dir.
bool writeWorkspace(const QString& dir, const QList<Api>& apis, QString* error = nullptr);

class Backend {
public:
    ~Backend();
    bool start(const QStringList& arguments = {}); // e.g. --corpus-echo
    quint16 port() const { return m_port; }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }

private:
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
};

class Gateway {
public:
    ~Gateway();
    // Adds --workspace, --listen 127.0.0.1:0, --admin 127.0.0.1:0 and --threads 2 unless given.
    bool start(const QString& workspace, const QStringList& extraArguments = {},
               QString* error = nullptr);
    quint16 port() const { return m_port; }
    quint16 tlsPort() const { return m_tlsPort; }
    quint16 adminPort() const { return m_adminPort; }
    // Sends SIGTERM and waits; returns the exit code, -1 on timeout or crash.
    int terminate(int timeoutMs = 10000);
    void signal(int signalNumber);
    bool isRunning() const;
    QByteArray standardError();
    // What the gateway writes to stderr from now until `text` appears in it or the time is up.
    QByteArray standardErrorUntil(const QByteArray& text, int timeoutMs = 10000);
    qint64 pid() const;

private:
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    quint16 m_tlsPort = 0;
    quint16 m_adminPort = 0;
};

// Runs portico-gateway to completion (for command-line errors).
struct RunResult {
    int exitCode = -1;
    QByteArray standardOutput;
    QByteArray standardError;
};
RunResult runGatewayToEnd(const QStringList& arguments, int timeoutMs = 10000);
RunResult runToEnd(const QString& program, const QStringList& arguments, int timeoutMs);
// Runs the `portico` command-line tool to completion.
RunResult runCli(const QStringList& arguments, int timeoutMs = 20000);

struct SubscriptionKeys {
    QByteArray primary;
    QByteArray secondary;
};
// `portico subscription create --workspace DIR <arguments>` (--id, --scope, ...): the keys it
// printed once; empty, after a warning naming the error, when it failed.
SubscriptionKeys createSubscription(const QString& workspace, const QStringList& arguments);

QString gatewayBinary();

} // namespace harness
