#include "ui/gateway/gateway_log_model.h"

#include "ui/theme/color_scheme.h"

#include <QBrush>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QPalette>

namespace portico::ui {

GatewayLogLine parseGatewayLogLine(const QString& line) {
    GatewayLogLine parsed;
    QString text = line;
    const QLatin1String prefix("portico-gateway: ");
    if (text.startsWith(prefix)) {
        text = text.mid(prefix.size());
        const std::pair<QLatin1String, GatewayLogLevel> levels[] = {
            {QLatin1String("error: "), GatewayLogLevel::Error},
            {QLatin1String("warning: "), GatewayLogLevel::Warning},
            {QLatin1String("info: "), GatewayLogLevel::Info},
            {QLatin1String("debug: "), GatewayLogLevel::Debug}};
        for (const auto& [name, level] : levels)
            if (text.startsWith(name)) {
                parsed.level = level;
                text = text.mid(name.size());
                break;
            }
    } else if (text.startsWith(QLatin1Char('{'))) {
        parsed.request = true;
    }
    parsed.text = text;
    return parsed;
}

GatewayLogModel::GatewayLogModel(QObject* parent, int maxLines)
    : QAbstractListModel(parent)
    , m_maxLines(maxLines) {}

int GatewayLogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_lines.size());
}

QVariant GatewayLogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const GatewayLogLine& line = m_lines.at(static_cast<std::size_t>(index.row()));
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return line.text;
    case Qt::AccessibleTextRole: {
        const char* names[] = {QT_TR_NOOP("Error"), QT_TR_NOOP("Warning"), QT_TR_NOOP("Info"),
                               QT_TR_NOOP("Debug")};
        return tr("%1: %2").arg(tr(names[static_cast<int>(line.level)]), line.text);
    }
    case Qt::FontRole:
        return QFontDatabase::systemFont(QFontDatabase::FixedFont);
    case Qt::ForegroundRole:
        if (line.level == GatewayLogLevel::Error)
            return QBrush(statusColors(schemeOf(QGuiApplication::palette())).error);
        if (line.level == GatewayLogLevel::Warning)
            return QBrush(statusColors(schemeOf(QGuiApplication::palette())).warning);
        if (line.level == GatewayLogLevel::Debug || line.request)
            return QGuiApplication::palette().brush(QPalette::PlaceholderText);
        return {};
    case LevelRole:
        return static_cast<int>(line.level);
    case RequestRole:
        return line.request;
    default:
        return {};
    }
}

void GatewayLogModel::appendOutput(const QString& text) {
    m_partial += text;
    qsizetype newline;
    while ((newline = m_partial.indexOf(QLatin1Char('\n'))) >= 0) {
        QString line = m_partial.left(newline);
        m_partial.remove(0, newline + 1);
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        appendLine(line);
    }
}

void GatewayLogModel::appendLine(const QString& line) {
    appendEntry(parseGatewayLogLine(line));
}

void GatewayLogModel::appendEntry(const GatewayLogLine& line) {
    if (static_cast<int>(m_lines.size()) >= m_maxLines) {
        beginRemoveRows({}, 0, 0);
        m_lines.pop_front();
        endRemoveRows();
    }
    const int row = static_cast<int>(m_lines.size());
    beginInsertRows({}, row, row);
    m_lines.push_back(line);
    endInsertRows();
}

void GatewayLogModel::clear() {
    beginResetModel();
    m_lines.clear();
    m_partial.clear();
    endResetModel();
}

QStringList GatewayLogModel::lastLines(int count) const {
    QStringList lines;
    const int first = std::max(0, static_cast<int>(m_lines.size()) - count);
    for (int i = first; i < static_cast<int>(m_lines.size()); ++i)
        lines.append(m_lines.at(static_cast<std::size_t>(i)).text);
    if (!m_partial.isEmpty())
        lines.append(m_partial);
    return lines;
}

void GatewayLogFilter::setMaximumLevel(GatewayLogLevel level) {
    m_maximumLevel = level;
    invalidateFilter();
}

void GatewayLogFilter::setText(const QString& text) {
    m_text = text;
    invalidateFilter();
}

bool GatewayLogFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (index.data(GatewayLogModel::LevelRole).toInt() > static_cast<int>(m_maximumLevel))
        return false;
    return m_text.isEmpty() ||
           index.data(Qt::DisplayRole).toString().contains(m_text, Qt::CaseInsensitive);
}

} // namespace portico::ui
