#pragma once

#include "ui/gateway/metrics_sampler.h"

#include <QMap>
#include <QWidget>

class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;

namespace portico::ui {

// Live charts of the local gateway: requests (and throttled requests) per second, p50/p99 latency
// and responses per status class, over the last few minutes.
class GatewayCharts : public QWidget {
    Q_OBJECT
public:
    explicit GatewayCharts(QWidget* parent = nullptr);

    void addPoint(const MetricsPoint& point);
    void clear();

    QLineSeries* requestsSeries() const { return m_requests; }
    QLineSeries* throttledSeries() const { return m_throttled; }
    QLineSeries* p50Series() const { return m_p50; }
    QLineSeries* p99Series() const { return m_p99; }
    QLineSeries* statusSeries(const QString& statusClass) const;

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Chart {
        QChart* chart = nullptr;
        QValueAxis* x = nullptr;
        QValueAxis* y = nullptr;
    };
    Chart makeChart(const char* objectName, const QString& title, const QString& yTitle,
                    QChartView** view);
    QLineSeries* addSeries(Chart& chart, const QString& name);
    // Chart surfaces from the palette, series from the scheme's ChartColors.
    void applyColors();
    void append(QLineSeries* series, double x, double y);
    void fitAxes(Chart& chart, double lastX);

    Chart m_requestsChart;
    Chart m_latencyChart;
    Chart m_statusChart;
    QLineSeries* m_requests = nullptr;
    QLineSeries* m_throttled = nullptr;
    QLineSeries* m_p50 = nullptr;
    QLineSeries* m_p99 = nullptr;
    QMap<QString, QLineSeries*> m_statusClasses;
};

} // namespace portico::ui
