#include "ui/gateway/gateway_charts.h"

#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QLegend>
#include <QLineSeries>
#include <QPalette>
#include <QValueAxis>

#include <algorithm>

namespace portico::ui {

namespace {
constexpr double kWindowSeconds = 60;
constexpr int kMaxPoints = 600;

QColor statusColor(const QString& statusClass) {
    if (statusClass == QLatin1String("2xx"))
        return QColor(0x2e, 0x7d, 0x32);
    if (statusClass == QLatin1String("3xx"))
        return QColor(0x15, 0x65, 0xc0);
    if (statusClass == QLatin1String("4xx"))
        return QColor(0xef, 0x6c, 0x00);
    if (statusClass == QLatin1String("5xx"))
        return QColor(0xc6, 0x28, 0x28);
    return QColor(0x75, 0x75, 0x75);
}
} // namespace

GatewayCharts::GatewayCharts(QWidget* parent)
    : QWidget(parent) {
    setObjectName(QStringLiteral("gatewayChartsWidget"));
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);

    QChartView* requestsView = nullptr;
    QChartView* latencyView = nullptr;
    QChartView* statusView = nullptr;
    m_requestsChart =
        makeChart("requestsChartView", tr("Requests per second"), tr("req/s"), &requestsView);
    m_latencyChart = makeChart("latencyChartView", tr("Latency"), tr("ms"), &latencyView);
    m_statusChart =
        makeChart("statusChartView", tr("Responses by status class"), tr("per s"), &statusView);
    m_requests = addSeries(m_requestsChart, tr("Requests/s"), QColor(0x15, 0x65, 0xc0));
    m_requests->setObjectName(QStringLiteral("requestsSeries"));
    m_throttled = addSeries(m_requestsChart, tr("Throttled/s"), QColor(0xef, 0x6c, 0x00));
    m_throttled->setObjectName(QStringLiteral("throttledSeries"));
    m_p50 = addSeries(m_latencyChart, tr("p50"), QColor(0x2e, 0x7d, 0x32));
    m_p99 = addSeries(m_latencyChart, tr("p99"), QColor(0xc6, 0x28, 0x28));
    for (const char* statusClass : {"2xx", "3xx", "4xx", "5xx"})
        m_statusClasses.insert(QLatin1String(statusClass),
                               addSeries(m_statusChart, QLatin1String(statusClass),
                                         statusColor(QLatin1String(statusClass))));

    layout->addWidget(requestsView, 0, 0);
    layout->addWidget(latencyView, 0, 1);
    layout->addWidget(statusView, 0, 2);
}

GatewayCharts::Chart GatewayCharts::makeChart(const char* objectName, const QString& title,
                                              const QString& yTitle, QChartView** view) {
    Chart c;
    c.chart = new QChart;
    c.chart->setTitle(title);
    c.chart->setMargins(QMargins(4, 4, 4, 4));
    c.chart->setBackgroundRoundness(0);
    c.chart->legend()->setAlignment(Qt::AlignBottom);
    const QPalette pal = palette();
    c.chart->setBackgroundBrush(pal.base());
    c.chart->setTitleBrush(pal.text());
    c.chart->legend()->setLabelColor(pal.text().color());
    c.x = new QValueAxis;
    c.x->setRange(0, kWindowSeconds);
    c.x->setLabelFormat(QStringLiteral("%d s"));
    c.x->setTickCount(5);
    c.y = new QValueAxis;
    c.y->setRange(0, 1);
    c.y->setTitleText(yTitle);
    c.y->setLabelFormat(QStringLiteral("%g"));
    for (QValueAxis* axis : {c.x, c.y}) {
        axis->setLabelsBrush(pal.text());
        axis->setTitleBrush(pal.text());
        axis->setGridLineColor(pal.mid().color());
    }
    c.chart->addAxis(c.x, Qt::AlignBottom);
    c.chart->addAxis(c.y, Qt::AlignLeft);
    *view = new QChartView(c.chart, this);
    (*view)->setObjectName(QLatin1String(objectName));
    (*view)->setAccessibleName(title);
    (*view)->setRenderHint(QPainter::Antialiasing);
    (*view)->setMinimumSize(220, 160);
    return c;
}

QLineSeries* GatewayCharts::addSeries(Chart& chart, const QString& name, const QColor& color) {
    auto* series = new QLineSeries(chart.chart);
    series->setName(name);
    QPen pen(color);
    pen.setWidthF(2);
    series->setPen(pen);
    chart.chart->addSeries(series);
    series->attachAxis(chart.x);
    series->attachAxis(chart.y);
    return series;
}

QLineSeries* GatewayCharts::statusSeries(const QString& statusClass) const {
    return m_statusClasses.value(statusClass);
}

void GatewayCharts::append(QLineSeries* series, double x, double y) {
    series->append(x, y);
    if (series->count() > kMaxPoints)
        series->removePoints(0, series->count() - kMaxPoints);
}

void GatewayCharts::fitAxes(Chart& chart, double lastX) {
    const double left = std::max(0.0, lastX - kWindowSeconds);
    chart.x->setRange(left, std::max(kWindowSeconds, lastX));
    double top = 0;
    const auto seriesList = chart.chart->series();
    for (QAbstractSeries* abstract : seriesList)
        for (const QPointF& p : static_cast<QLineSeries*>(abstract)->points())
            if (p.x() >= left)
                top = std::max(top, p.y());
    chart.y->setRange(0, top <= 0 ? 1 : top * 1.15);
    chart.y->applyNiceNumbers(); // round ticks (5, 10, 20) rather than 3.99, 7.99
}

void GatewayCharts::addPoint(const MetricsPoint& point) {
    const double x = point.seconds;
    append(m_requests, x, point.requestsPerSecond);
    append(m_throttled, x, point.throttledPerSecond);
    // No request finished in the interval: no latency to show rather than a false zero.
    if (point.p50Milliseconds >= 0)
        append(m_p50, x, point.p50Milliseconds);
    if (point.p99Milliseconds >= 0)
        append(m_p99, x, point.p99Milliseconds);
    for (auto it = m_statusClasses.cbegin(); it != m_statusClasses.cend(); ++it)
        append(it.value(), x, point.statusClassesPerSecond.value(it.key()));
    fitAxes(m_requestsChart, x);
    fitAxes(m_latencyChart, x);
    fitAxes(m_statusChart, x);
}

void GatewayCharts::clear() {
    for (QLineSeries* series : {m_requests, m_throttled, m_p50, m_p99})
        series->clear();
    for (QLineSeries* series : std::as_const(m_statusClasses))
        series->clear();
    for (Chart* chart : {&m_requestsChart, &m_latencyChart, &m_statusChart}) {
        chart->x->setRange(0, kWindowSeconds);
        chart->y->setRange(0, 1);
    }
}

} // namespace portico::ui
