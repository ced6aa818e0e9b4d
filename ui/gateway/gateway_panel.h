#pragma once

#include "ui/gateway/gateway_process.h"
#include "ui/gateway/metrics_sampler.h"

#include <QWidget>

class QAction;
class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace portico::ui {

class GatewayCharts;
class GatewayLogFilter;
class SecretStore;
class WorkspaceDocument;

// The local gateway panel: start/stop/restart portico-gateway on the open workspace, its
// status, its log (filtered by text and level) and live charts from its metrics.
class GatewayPanel : public QWidget {
    Q_OBJECT
public:
    GatewayPanel(WorkspaceDocument* document, SecretStore* secrets, QWidget* parent = nullptr);

    GatewayProcess* process() const { return m_process; }
    GatewayCharts* charts() const { return m_charts; }
    QAction* startAction() const { return m_startAction; }
    QAction* stopAction() const { return m_stopAction; }
    QAction* restartAction() const { return m_restartAction; }
    // One line for the status bar, e.g. "Gateway: running on :8080".
    QString statusText() const;

    void setPorts(quint16 port, quint16 adminPort);
    void showLog();
    void showCharts();

    void start();
    void stop();
    void restart();
    // After the workspace was saved: the running gateway reloads it.
    void workspaceSaved();

Q_SIGNALS:
    void statusTextChanged(const QString& text);

protected:
    void changeEvent(QEvent* event) override;

private:
    void onStateChanged(GatewayProcess::State state);
    void onCrashed(int exitCode, const QStringList& lastLines);
    void updateStatus();

    WorkspaceDocument* m_document;
    SecretStore* m_secrets;
    GatewayProcess* m_process;
    MetricsSampler m_sampler;
    bool m_restartPending = false;
    bool m_resolving = false;

    QAction* m_startAction;
    QAction* m_stopAction;
    QAction* m_restartAction;
    QSpinBox* m_portSpinBox;
    QSpinBox* m_adminPortSpinBox;
    QLabel* m_stateLabel;
    QLabel* m_healthLabel;
    QFrame* m_crashFrame;
    QLabel* m_crashLabel;
    QPlainTextEdit* m_crashLinesEdit;
    QPushButton* m_crashRestartButton;
    QTabWidget* m_tabs;
    QLineEdit* m_logFilterEdit;
    QComboBox* m_logLevelComboBox;
    QListView* m_logView;
    GatewayLogFilter* m_logFilter;
    GatewayCharts* m_charts;
};

} // namespace portico::ui
