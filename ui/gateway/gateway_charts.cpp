#include "ui/gateway/gateway_charts.h"

#include "ui/theme/color_scheme.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
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
    m_requests = addSeries(m_requestsChart, tr("Requests/s"));
    m_requests->setObjectName(QStringLiteral("requestsSeries"));
    m_throttled = addSeries(m_requestsChart, tr("Throttled/s"));
    m_throttled->setObjectName(QStringLiteral("throttledSeries"));
    m_p50 = addSeries(m_latencyChart, tr("p50"));
    m_p99 = addSeries(m_latencyChart, tr("p99"));
    for (const char* statusClass : {"2xx", "3xx", "4xx", "5xx"})
        m_statusClasses.insert(QLatin1String(statusClass),
                               addSeries(m_statusChart, QLatin1String(statusClass)));
    applyColors();

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
    c.x = new QValueAxis;
    c.x->setRange(0, kWindowSeconds);
    c.x->setLabelFormat(QStringLiteral("%d s"));
    c.x->setTickCount(5);
    c.y = new QValueAxis;
    c.y->setRange(0, 1);
    c.y->setTitleText(yTitle);
    c.y->setLabelFormat(QStringLiteral("%g"));
    c.chart->addAxis(c.x, Qt::AlignBottom);
    c.chart->addAxis(c.y, Qt::AlignLeft);
    *view = new QChartView(c.chart, this);
    (*view)->setObjectName(QLatin1String(objectName));
    (*view)->setAccessibleName(title);
    (*view)->setRenderHint(QPainter::Antialiasing);
    (*view)->setMinimumSize(220, 160);
    return c;
}

QLineSeries* GatewayCharts::addSeries(Chart& chart, const QString& name) {
    auto* series = new QLineSeries(chart.chart);
    series->setName(name);
    chart.chart->addSeries(series);
    series->attachAxis(chart.x);
    series->attachAxis(chart.y);
    return series;
}

void GatewayCharts::applyColors() {
    const QPalette pal = palette();
    for (const Chart* c : {&m_requestsChart, &m_latencyChart, &m_statusChart}) {
        c->chart->setBackgroundBrush(pal.base());
        c->chart->setTitleBrush(pal.text());
        c->chart->legend()->setLabelColor(pal.text().color());
        for (QValueAxis* axis : {c->x, c->y}) {
            axis->setLabelsBrush(pal.text());
            axis->setTitleBrush(pal.text());
            // Mid is almost Base in the dark palette; Light is white in the light one.
            const QColor grid = pal.color(isDark(pal) ? QPalette::Light : QPalette::Mid);
            axis->setGridLineColor(grid);
            axis->setLinePenColor(grid);
        }
    }
    const ChartColors colors = chartColors(schemeOf(pal));
    const auto pen = [](QLineSeries* series, const QColor& color) {
        QPen p(color);
        p.setWidthF(2);
        series->setPen(p);
    };
    pen(m_requests, colors.requests);
    pen(m_throttled, colors.throttled);
    pen(m_p50, colors.p50);
    pen(m_p99, colors.p99);
    pen(m_statusClasses.value(QStringLiteral("2xx")), colors.status2xx);
    pen(m_statusClasses.value(QStringLiteral("3xx")), colors.status3xx);
    pen(m_statusClasses.value(QStringLiteral("4xx")), colors.status4xx);
    pen(m_statusClasses.value(QStringLiteral("5xx")), colors.status5xx);
}

void GatewayCharts::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_requests)
        applyColors();
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
