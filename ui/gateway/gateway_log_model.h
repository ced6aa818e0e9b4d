#pragma once

#include <QAbstractListModel>
#include <QSortFilterProxyModel>
#include <QStringList>

#include <deque>

namespace portico::ui {

enum class GatewayLogLevel { Error, Warning, Info, Debug };

struct GatewayLogLine {
    GatewayLogLevel level = GatewayLogLevel::Info;
    bool request = false; // an access-log line (one JSON object per request)
    QString text;         // without the "portico-gateway: <level>: " prefix
};

// Reads one line the gateway printed: "portico-gateway: <level>: message" on stderr, access-log
// JSON on stdout, anything else as it is.
GatewayLogLine parseGatewayLogLine(const QString& line);

// The gateway's output, newest last, bounded so that a chatty gateway cannot eat the memory.
class GatewayLogModel : public QAbstractListModel {
    Q_OBJECT
public:
    static constexpr int LevelRole = Qt::UserRole + 1;
    static constexpr int RequestRole = Qt::UserRole + 2;

    explicit GatewayLogModel(QObject* parent = nullptr, int maxLines = 5000);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

    // Splits `text` into lines; a line without its newline yet waits for the rest.
    void appendOutput(const QString& text);
    void appendLine(const QString& line);
    // A line of the studio's own about the gateway (start, stop, reload).
    void appendEntry(const GatewayLogLine& line);
    void clear();
    // The last `count` lines as printed, for crash reports.
    QStringList lastLines(int count) const;

private:
    std::deque<GatewayLogLine> m_lines;
    QString m_partial;
    int m_maxLines;
};

// Shows the lines at or above a level whose text contains the filter text.
class GatewayLogFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setMaximumLevel(GatewayLogLevel level);
    void setText(const QString& text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    GatewayLogLevel m_maximumLevel = GatewayLogLevel::Debug;
    QString m_text;
};

} // namespace portico::ui
