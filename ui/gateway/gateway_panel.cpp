#include "ui/gateway/gateway_panel.h"

#include "ui/common/icons.h"
#include "ui/common/message_box.h"
#include "ui/gateway/gateway_charts.h"
#include "ui/gateway/gateway_log_model.h"
#include "ui/gateway/gateway_secrets.h"
#include "ui/theme/color_scheme.h"
#include "ui/workspace/workspace_document.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QStyle>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace portico::ui {

namespace {

QSpinBox* portSpinBox(const char* objectName, const QString& accessibleName, QWidget* parent) {
    auto* box = new QSpinBox(parent);
    box->setObjectName(QLatin1String(objectName));
    box->setAccessibleName(accessibleName);
    box->setRange(0, 65535);
    box->setSpecialValueText(GatewayPanel::tr("Auto"));
    box->setToolTip(GatewayPanel::tr("A port on 127.0.0.1; Auto picks a free one."));
    return box;
}

QString dot(const QColor& color) {
    return QStringLiteral("<span style=\"color:%1\">●</span>").arg(color.name());
}

} // namespace

GatewayPanel::GatewayPanel(WorkspaceDocument* document, SecretStore* secrets, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_secrets(secrets)
    , m_process(new GatewayProcess(this)) {
    setObjectName(QStringLiteral("gatewayPanel"));
    setAccessibleName(tr("Local gateway"));

    auto makeAction = [this](const char* name, const QString& text, const QIcon& icon,
                             const QKeySequence& shortcut, const QString& tip) {
        auto* action = new QAction(icon, text, this);
        action->setObjectName(QLatin1String(name));
        action->setShortcut(shortcut);
        action->setStatusTip(tip);
        action->setToolTip(tr("%1 (%2)").arg(tip, shortcut.toString(QKeySequence::NativeText)));
        return action;
    };
    m_startAction = makeAction("startGatewayAction", tr("&Start Gateway"), icon("start"),
                               QKeySequence(tr("Ctrl+F5")), tr("Run the workspace locally"));
    m_stopAction = makeAction("stopGatewayAction", tr("S&top Gateway"), icon("stop"),
                              QKeySequence(tr("Shift+F5")), tr("Stop the local gateway"));
    m_restartAction = makeAction("restartGatewayAction", tr("&Restart Gateway"), icon("regenerate"),
                                 QKeySequence(tr("Ctrl+Shift+F5")),
                                 tr("Stop the local gateway and start it again"));
    connect(m_startAction, &QAction::triggered, this, &GatewayPanel::start);
    connect(m_stopAction, &QAction::triggered, this, &GatewayPanel::stop);
    connect(m_restartAction, &QAction::triggered, this, &GatewayPanel::restart);

    auto toolButton = [this](QAction* action, const char* name) {
        auto* button = new QToolButton(this);
        button->setObjectName(QLatin1String(name));
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setAccessibleName(action->text().remove(QLatin1Char('&')));
        button->setAutoRaise(true);
        return button;
    };

    m_portSpinBox = portSpinBox("gatewayPortSpinBox", tr("Gateway port"), this);
    m_adminPortSpinBox = portSpinBox("adminPortSpinBox", tr("Admin port"), this);
    auto* portLabel = new QLabel(tr("&Port:"), this);
    portLabel->setBuddy(m_portSpinBox);
    auto* adminLabel = new QLabel(tr("&Admin port:"), this);
    adminLabel->setBuddy(m_adminPortSpinBox);

    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("gatewayStateLabel"));
    m_stateLabel->setAccessibleName(tr("Gateway state"));
    m_stateLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_healthLabel = new QLabel(this);
    m_healthLabel->setObjectName(QStringLiteral("gatewayHealthLabel"));
    m_healthLabel->setAccessibleName(tr("Gateway health"));
    m_healthLabel->setTextFormat(Qt::RichText);

    auto* top = new QHBoxLayout;
    top->setSpacing(6);
    top->addWidget(toolButton(m_startAction, "startGatewayButton"));
    top->addWidget(toolButton(m_stopAction, "stopGatewayButton"));
    top->addWidget(toolButton(m_restartAction, "restartGatewayButton"));
    top->addSpacing(12);
    top->addWidget(portLabel);
    top->addWidget(m_portSpinBox);
    top->addWidget(adminLabel);
    top->addWidget(m_adminPortSpinBox);
    top->addSpacing(12);
    top->addWidget(m_stateLabel, 1);
    top->addWidget(m_healthLabel);

    m_crashFrame = new QFrame(this);
    m_crashFrame->setObjectName(QStringLiteral("gatewayCrashFrame"));
    m_crashFrame->setAccessibleName(tr("Gateway crash report"));
    m_crashFrame->setFrameShape(QFrame::StyledPanel);
    m_crashLabel = new QLabel(m_crashFrame);
    m_crashLabel->setObjectName(QStringLiteral("gatewayCrashLabel"));
    m_crashLabel->setWordWrap(true);
    m_crashLinesEdit = new QPlainTextEdit(m_crashFrame);
    m_crashLinesEdit->setObjectName(QStringLiteral("gatewayCrashLinesEdit"));
    m_crashLinesEdit->setAccessibleName(tr("Last lines of the gateway"));
    m_crashLinesEdit->setReadOnly(true);
    m_crashLinesEdit->setMaximumHeight(110);
    m_crashLinesEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_crashRestartButton = new QPushButton(icon("regenerate"), tr("Restart"), m_crashFrame);
    m_crashRestartButton->setObjectName(QStringLiteral("gatewayCrashRestartButton"));
    m_crashRestartButton->setAccessibleName(tr("Restart the gateway"));
    connect(m_crashRestartButton, &QPushButton::clicked, this, &GatewayPanel::start);
    auto* crashLayout = new QGridLayout(m_crashFrame);
    crashLayout->addWidget(m_crashLabel, 0, 0);
    crashLayout->addWidget(m_crashRestartButton, 0, 1, Qt::AlignRight | Qt::AlignTop);
    crashLayout->addWidget(m_crashLinesEdit, 1, 0, 1, 2);
    m_crashFrame->hide();

    // Log tab.
    auto* logPage = new QWidget(this);
    m_logFilterEdit = new QLineEdit(logPage);
    m_logFilterEdit->setObjectName(QStringLiteral("gatewayLogFilterEdit"));
    m_logFilterEdit->setAccessibleName(tr("Filter the gateway log"));
    m_logFilterEdit->setPlaceholderText(tr("Filter (Ctrl+Shift+L)"));
    m_logFilterEdit->setClearButtonEnabled(true);
    m_logLevelComboBox = new QComboBox(logPage);
    m_logLevelComboBox->setObjectName(QStringLiteral("gatewayLogLevelComboBox"));
    m_logLevelComboBox->setAccessibleName(tr("Log level"));
    m_logLevelComboBox->addItem(tr("Errors"), static_cast<int>(GatewayLogLevel::Error));
    m_logLevelComboBox->addItem(tr("Warnings and errors"),
                                static_cast<int>(GatewayLogLevel::Warning));
    m_logLevelComboBox->addItem(tr("Info and above"), static_cast<int>(GatewayLogLevel::Info));
    m_logLevelComboBox->addItem(tr("Everything (debug)"), static_cast<int>(GatewayLogLevel::Debug));
    m_logLevelComboBox->setCurrentIndex(3);
    auto* clearButton = new QPushButton(tr("C&lear"), logPage);
    clearButton->setObjectName(QStringLiteral("gatewayLogClearButton"));
    clearButton->setAccessibleName(tr("Clear the gateway log"));
    m_logFilter = new GatewayLogFilter(this);
    m_logFilter->setSourceModel(m_process->log());
    m_logView = new QListView(logPage);
    m_logView->setObjectName(QStringLiteral("gatewayLogListView"));
    m_logView->setAccessibleName(tr("Gateway log"));
    m_logView->setModel(m_logFilter);
    m_logView->setUniformItemSizes(true);
    m_logView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_logView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(m_logFilterEdit, &QLineEdit::textChanged, m_logFilter, &GatewayLogFilter::setText);
    connect(m_logLevelComboBox, &QComboBox::currentIndexChanged, this, [this] {
        m_logFilter->setMaximumLevel(
            static_cast<GatewayLogLevel>(m_logLevelComboBox->currentData().toInt()));
    });
    connect(clearButton, &QPushButton::clicked, m_process->log(), &GatewayLogModel::clear);
    // Follow the newest line unless the user scrolled up to read.
    connect(m_logFilter, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_logView->verticalScrollBar()->isSliderDown() &&
            m_logView->verticalScrollBar()->value() >=
                m_logView->verticalScrollBar()->maximum() - 2)
            m_logView->scrollToBottom();
    });
    auto* focusFilter = new QAction(this);
    focusFilter->setShortcut(QKeySequence(tr("Ctrl+Shift+L")));
    focusFilter->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(focusFilter, &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex(0);
        m_logFilterEdit->setFocus(Qt::ShortcutFocusReason);
    });
    addAction(focusFilter);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_logFilterEdit, 1);
    filterRow->addWidget(m_logLevelComboBox);
    filterRow->addWidget(clearButton);
    auto* logLayout = new QVBoxLayout(logPage);
    logLayout->setContentsMargins(0, 6, 0, 0);
    logLayout->addLayout(filterRow);
    logLayout->addWidget(m_logView, 1);

    m_charts = new GatewayCharts(this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("gatewayTabWidget"));
    m_tabs->setAccessibleName(tr("Gateway views"));
    m_tabs->addTab(logPage, tr("Lo&g"));
    m_tabs->addTab(m_charts, tr("&Charts"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addWidget(m_crashFrame);
    layout->addWidget(m_tabs, 1);

    connect(m_process, &GatewayProcess::stateChanged, this, &GatewayPanel::onStateChanged);
    connect(m_process, &GatewayProcess::crashed, this, &GatewayPanel::onCrashed);
    connect(m_process, &GatewayProcess::statusChanged, this, &GatewayPanel::updateStatus);
    connect(m_process, &GatewayProcess::metricsReceived, this,
            [this](const QList<MetricSample>& samples, double at) {
                if (auto point = m_sampler.add(samples, at))
                    m_charts->addPoint(*point);
            });
    connect(m_process, &GatewayProcess::metricsError, this, [this](const QString& error) {
        m_process->log()->appendEntry({GatewayLogLevel::Warning, false, error});
    });
    connect(m_document, &WorkspaceDocument::workspaceReset, this, [this] {
        // Another workspace was opened: the gateway serving the previous one stops.
        if (m_process->isActive() &&
            (!m_document->isOpen() || m_process->workspace() != m_document->rootPath()))
            stop();
        updateStatus();
    });
    updateStatus();
}

void GatewayPanel::setPorts(quint16 port, quint16 adminPort) {
    m_portSpinBox->setValue(port);
    m_adminPortSpinBox->setValue(adminPort);
}

void GatewayPanel::showLog() {
    m_tabs->setCurrentIndex(0);
}

void GatewayPanel::showCharts() {
    m_tabs->setCurrentIndex(1);
}

void GatewayPanel::start() {
    if (m_process->isActive() || m_resolving)
        return;
    if (!m_document->isOpen()) {
        MessageBox::warning(this, tr("No workspace"),
                            tr("Open a workspace before starting the gateway."));
        return;
    }
    m_crashFrame->hide();
    m_resolving = true;
    updateStatus();
    const QString workspace = m_document->rootPath();
    if (m_document->isDirty())
        m_process->log()->appendEntry(
            {GatewayLogLevel::Warning, false,
             tr("The workspace has unsaved changes; the gateway serves the saved files.")});
    resolveKeychainSecrets(
        m_secrets, keychainReferences(m_document->workspace()),
        [this, guard = QPointer<GatewayPanel>(this), workspace](const ResolvedSecrets& resolved) {
            if (!guard)
                return;
            m_resolving = false;
            for (const QString& missing : resolved.missing)
                m_process->log()->appendEntry(
                    {GatewayLogLevel::Warning, false,
                     tr("Keychain secret not available: %1").arg(missing)});
            GatewayLaunch launch;
            launch.workspace = workspace;
            launch.port = static_cast<quint16>(m_portSpinBox->value());
            launch.adminPort = static_cast<quint16>(m_adminPortSpinBox->value());
            launch.secrets = resolved.values;
            m_sampler.reset();
            m_charts->clear();
            const QString error = m_process->start(launch);
            if (!error.isEmpty()) {
                m_process->log()->appendEntry({GatewayLogLevel::Error, false, error});
                MessageBox::warning(this, tr("Cannot start the gateway"), error);
            }
            updateStatus();
        });
}

void GatewayPanel::stop() {
    m_restartPending = false;
    m_process->stop();
    m_crashFrame->hide();
    updateStatus();
}

void GatewayPanel::restart() {
    if (m_process->state() == GatewayProcess::State::Running ||
        m_process->state() == GatewayProcess::State::Starting) {
        m_process->stop();
        m_restartPending = true;
        return;
    }
    start();
}

void GatewayPanel::workspaceSaved() {
    if (m_process->isActive())
        m_process->reload();
}

void GatewayPanel::onStateChanged(GatewayProcess::State state) {
    if (state == GatewayProcess::State::Stopped && m_restartPending) {
        m_restartPending = false;
        start();
        return;
    }
    updateStatus();
}

void GatewayPanel::onCrashed(int exitCode, const QStringList& lastLines) {
    m_restartPending = false;
    m_crashLabel->setText(
        exitCode < 0 ? tr("<b>The gateway crashed.</b> Its last lines are below.")
                     : tr("<b>The gateway stopped unexpectedly</b> (exit code %1). Its last "
                          "lines are below.")
                           .arg(exitCode));
    m_crashLinesEdit->setPlainText(lastLines.join(QLatin1Char('\n')));
    m_crashFrame->show();
    m_tabs->setCurrentIndex(0);
    updateStatus();
}

QString GatewayPanel::statusText() const {
    switch (m_process->state()) {
    case GatewayProcess::State::Stopped:
        return m_resolving ? tr("Gateway: reading secrets…") : tr("Gateway: stopped");
    case GatewayProcess::State::Starting:
        return tr("Gateway: starting…");
    case GatewayProcess::State::Running:
        return m_process->isReady()
                   ? tr("Gateway: running on :%1").arg(m_process->port())
                   : tr("Gateway: running on :%1, not ready").arg(m_process->port());
    case GatewayProcess::State::Stopping:
        return tr("Gateway: stopping…");
    case GatewayProcess::State::Crashed:
        return tr("Gateway: crashed");
    }
    return {};
}

void GatewayPanel::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_process)
        updateStatus(); // the health dots are rich text with the scheme's colours
}

void GatewayPanel::updateStatus() {
    const auto state = m_process->state();
    const bool active = m_process->isActive() || state == GatewayProcess::State::Stopping;
    m_startAction->setEnabled(!active && !m_resolving && m_document->isOpen());
    m_stopAction->setEnabled(active);
    m_restartAction->setEnabled(m_document->isOpen() && !m_resolving &&
                                state != GatewayProcess::State::Stopping);
    m_portSpinBox->setEnabled(!active);
    m_adminPortSpinBox->setEnabled(!active);

    if (state == GatewayProcess::State::Running || state == GatewayProcess::State::Starting)
        m_stateLabel->setText(tr("http://127.0.0.1:%1 — admin on port %2")
                                  .arg(m_process->port())
                                  .arg(m_process->adminPort()));
    else
        m_stateLabel->setText(statusText().section(QLatin1String(": "), 1));

    const StatusColors colors = statusColors(schemeOf(palette()));
    if (active)
        m_healthLabel->setText(tr("%1 live %2 ready")
                                   .arg(dot(m_process->isLive() ? colors.ok : colors.inactive),
                                        dot(m_process->isReady() ? colors.ok : colors.inactive)));
    else
        m_healthLabel->clear();
    m_healthLabel->setToolTip(tr("From the admin endpoint's /health and /ready"));
    Q_EMIT statusTextChanged(statusText());
}

} // namespace portico::ui
