#include "test_support.h"

#include "ui/gateway/gateway_charts.h"
#include "ui/gateway/gateway_log_model.h"
#include "ui/gateway/gateway_panel.h"
#include "ui/mainwindow/main_window.h"
#include "ui/workspace/workspace_document.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListView>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>

#include <csignal>
#include <memory>

using namespace portico;
using ui::GatewayProcess;
using State = ui::GatewayProcess::State;

namespace {
constexpr int kStartTimeoutMs = 20000;
const auto kSecretReference = QStringLiteral("keychain:portico/orders-backend-key");
} // namespace

// Drives the gateway panel of the real main window against the real portico-gateway binary.
class TestGatewayPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void startsTheGatewayServesARequestAndChartsItThenStops();
    void passesKeychainSecretsOverStdinNotArguments();
    void reportsAKeychainSecretItCannotRead();
    void usesThePortsTheUserChose();
    void reloadsTheRunningGatewayWhenTheWorkspaceIsSaved();
    void reportsACrashWithItsLastLinesAndRestartsFromTheReport();
    void filtersTheLogByTextAndLevel();
    void keyboardShortcutsStartAndStopTheGateway();
    void stopsTheGatewayWhenAnotherWorkspaceIsOpened();

private:
    QString freshCopyOfSample();
    void startAndWaitUntilReady();
    void stopAndWait();
    QStringList logLines() const;
    template <class T> T* widget(const char* name) const {
        auto* w = m_window->findChild<T*>(QLatin1String(name));
        if (!w)
            qWarning("no widget named %s", name);
        return w;
    }
    ui::GatewayPanel* panel() const { return m_window->gatewayPanel(); }
    GatewayProcess* process() const { return panel()->process(); }

    std::unique_ptr<QTemporaryDir> m_temp;
    std::unique_ptr<test::MemorySecretStore> m_secrets;
    std::unique_ptr<ui::MainWindow> m_window;
    QString m_workspace;
};

void TestGatewayPanel::initTestCase() {
    m_temp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_temp->isValid());
    test::useTemporarySettings(m_temp->filePath(QStringLiteral("settings")));
    QVERIFY2(QFileInfo(QStringLiteral(PORTICO_GATEWAY_BINARY)).isExecutable(),
             "portico-gateway is not built");
}

QString TestGatewayPanel::freshCopyOfSample() {
    static int n = 0;
    const QString dir = m_temp->filePath(QStringLiteral("ws%1").arg(++n));
    return test::copyDirectory(test::sampleWorkspace(), dir) ? dir : QString();
}

void TestGatewayPanel::init() {
    m_secrets = std::make_unique<test::MemorySecretStore>();
    m_window = std::make_unique<ui::MainWindow>(m_secrets.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_workspace = freshCopyOfSample();
    QVERIFY(!m_workspace.isEmpty());
    QVERIFY(m_window->openWorkspace(m_workspace));
    process()->setProgram(QStringLiteral(PORTICO_GATEWAY_BINARY));
    process()->setPollInterval(150);
}

void TestGatewayPanel::cleanup() {
    if (m_window && process()->isActive())
        stopAndWait();
    m_window.reset();
    m_secrets.reset();
}

void TestGatewayPanel::startAndWaitUntilReady() {
    auto* start = widget<QToolButton>("startGatewayButton");
    QVERIFY(start && start->isEnabled());
    QTest::mouseClick(start, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(process()->state(), State::Running, kStartTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(process()->isReady(), kStartTimeoutMs);
}

void TestGatewayPanel::stopAndWait() {
    auto* stop = widget<QToolButton>("stopGatewayButton");
    QVERIFY(stop && stop->isEnabled());
    QTest::mouseClick(stop, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(process()->state(), State::Stopped, 10000);
}

QStringList TestGatewayPanel::logLines() const {
    QStringList lines;
    const auto* log = process()->log();
    for (int i = 0; i < log->rowCount(); ++i)
        lines.append(log->index(i).data().toString());
    return lines;
}

void TestGatewayPanel::startsTheGatewayServesARequestAndChartsItThenStops() {
    startAndWaitUntilReady();
    QVERIFY(process()->port() != 0);
    QVERIFY(process()->port() != process()->adminPort());
    QTRY_VERIFY(widget<QLabel>("gatewayStatusLabel")
                    ->text()
                    .contains(QStringLiteral(":%1").arg(process()->port())));

    // The sample's APIs use HTTPS backends, which the gateway leaves out: an unknown path is 404.
    QNetworkAccessManager network;
    std::unique_ptr<QNetworkReply> reply(network.get(QNetworkRequest(
        QUrl(QStringLiteral("http://127.0.0.1:%1/no-such-api").arg(process()->port())))));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 404);

    QLineSeries* requests = panel()->charts()->requestsSeries();
    auto sawRequest = [requests] {
        for (const QPointF& p : requests->points())
            if (p.y() > 0)
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(sawRequest(), 10000);
    const QList<QPointF> clientErrors =
        panel()->charts()->statusSeries(QStringLiteral("4xx"))->points();
    QVERIFY(std::any_of(clientErrors.begin(), clientErrors.end(),
                        [](const QPointF& p) { return p.y() > 0; }));
    // The request shows in the log too, as an access-log line.
    QTRY_VERIFY(logLines().filter(QStringLiteral("no-such-api")).size() == 1);

    stopAndWait();
    QVERIFY(widget<QLabel>("gatewayStatusLabel")->text().contains(QStringLiteral("stopped")));
    QVERIFY(!widget<QFrame>("gatewayCrashFrame")->isVisible());
}

void TestGatewayPanel::passesKeychainSecretsOverStdinNotArguments() {
    const QString secret = QStringLiteral("s3cret-for-the-backend");
    m_secrets->write(QStringLiteral("portico"), QStringLiteral("orders-backend-key"), secret,
                     [](const QString&) {});
    startAndWaitUntilReady();
    const QStringList arguments = process()->arguments();
    QVERIFY(arguments.contains(QStringLiteral("--secrets-stdin")));
    QVERIFY(!arguments.join(QLatin1Char(' ')).contains(secret));
    QVERIFY(logLines().filter(QStringLiteral("Keychain secret not available")).isEmpty());
    // Nothing about the secret in the child's environment either.
    QFile environ(QStringLiteral("/proc/%1/environ").arg(process()->processId()));
    QVERIFY(environ.open(QIODevice::ReadOnly));
    QVERIFY(!environ.readAll().contains(secret.toUtf8()));
}

void TestGatewayPanel::reportsAKeychainSecretItCannotRead() {
    startAndWaitUntilReady();
    const QStringList warnings = logLines().filter(QStringLiteral("Keychain secret not available"));
    QCOMPARE(warnings.size(), 1);
    QVERIFY(warnings.first().contains(kSecretReference));
}

void TestGatewayPanel::usesThePortsTheUserChose() {
    const quint16 port = GatewayProcess::pickFreePort();
    quint16 admin = GatewayProcess::pickFreePort();
    while (admin == port)
        admin = GatewayProcess::pickFreePort();
    auto* portBox = widget<QSpinBox>("gatewayPortSpinBox");
    auto* adminBox = widget<QSpinBox>("adminPortSpinBox");
    portBox->setFocus();
    portBox->selectAll();
    QTest::keyClicks(portBox, QString::number(port));
    adminBox->setFocus();
    adminBox->selectAll();
    QTest::keyClicks(adminBox, QString::number(admin));
    startAndWaitUntilReady();
    QCOMPARE(process()->port(), port);
    QCOMPARE(process()->adminPort(), admin);
    QVERIFY(!portBox->isEnabled());
}

void TestGatewayPanel::reloadsTheRunningGatewayWhenTheWorkspaceIsSaved() {
    startAndWaitUntilReady();
    auto* document = m_window->document();
    document->setMember(ui::ItemRef{ui::ItemKind::Api, QStringLiteral("orders"), {}},
                        &model::Api::displayName, std::string("Orders (edited)"),
                        QStringLiteral("displayName"), QStringLiteral("Edit"));
    QVERIFY(document->isDirty());
    QSignalSpy reloaded(process(), &GatewayProcess::reloadFinished);
    m_window->findChild<QAction*>(QStringLiteral("saveAction"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(reloaded.size(), 1, 10000);
    QVERIFY2(reloaded.first().at(0).toBool(), qPrintable(reloaded.first().at(1).toString()));
    QVERIFY(logLines().filter(QStringLiteral("Reloaded the workspace")).size() == 1);
}

void TestGatewayPanel::reportsACrashWithItsLastLinesAndRestartsFromTheReport() {
    startAndWaitUntilReady();
    QVERIFY(::kill(static_cast<pid_t>(process()->processId()), SIGKILL) == 0);
    QTRY_COMPARE_WITH_TIMEOUT(process()->state(), State::Crashed, 10000);
    auto* frame = widget<QFrame>("gatewayCrashFrame");
    QVERIFY(frame->isVisible());
    QVERIFY(widget<QLabel>("gatewayCrashLabel")->text().contains(QStringLiteral("crashed")));
    const QString lines = widget<QPlainTextEdit>("gatewayCrashLinesEdit")->toPlainText();
    QVERIFY2(lines.contains(QStringLiteral("ready, configuration version 1")), qPrintable(lines));
    QVERIFY(widget<QLabel>("gatewayStatusLabel")->text().contains(QStringLiteral("crashed")));

    QTest::mouseClick(widget<QPushButton>("gatewayCrashRestartButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(process()->state(), State::Running, kStartTimeoutMs);
    QVERIFY(!frame->isVisible());
}

void TestGatewayPanel::filtersTheLogByTextAndLevel() {
    startAndWaitUntilReady();
    auto* view = widget<QListView>("gatewayLogListView");
    auto* filter = widget<QLineEdit>("gatewayLogFilterEdit");
    auto* level = widget<QComboBox>("gatewayLogLevelComboBox");
    QTRY_VERIFY(view->model()->rowCount() >= 3);

    QTest::keyClicks(filter, QStringLiteral("listening"));
    QCOMPARE(view->model()->rowCount(), 1);
    QVERIFY(view->model()->index(0, 0).data().toString().contains(QStringLiteral("listening")));

    filter->clear();
    level->setFocus();
    QTest::keyClick(level, Qt::Key_Home); // "Errors"
    QCOMPARE(level->currentIndex(), 0);
    for (int i = 0; i < view->model()->rowCount(); ++i)
        QCOMPARE(view->model()->index(i, 0).data(ui::GatewayLogModel::LevelRole).toInt(),
                 static_cast<int>(ui::GatewayLogLevel::Error));
    // Warnings and errors: the studio's own warning about the keychain secret it cannot read.
    QTest::keyClick(level, Qt::Key_Down);
    QCOMPARE(level->currentIndex(), 1);
    QVERIFY(view->model()->rowCount() >= 1);
    for (int i = 0; i < view->model()->rowCount(); ++i)
        QVERIFY(view->model()->index(i, 0).data(ui::GatewayLogModel::LevelRole).toInt() <=
                static_cast<int>(ui::GatewayLogLevel::Warning));
}

void TestGatewayPanel::keyboardShortcutsStartAndStopTheGateway() {
    QApplication::setActiveWindow(m_window.get());
    QTest::keyClick(m_window.get(), Qt::Key_F5, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(process()->state(), State::Running, kStartTimeoutMs);
    QTest::keyClick(m_window.get(), Qt::Key_F5, Qt::ShiftModifier);
    QTRY_COMPARE_WITH_TIMEOUT(process()->state(), State::Stopped, 10000);
}

void TestGatewayPanel::stopsTheGatewayWhenAnotherWorkspaceIsOpened() {
    startAndWaitUntilReady();
    const QString other = freshCopyOfSample();
    QVERIFY(m_window->openWorkspace(other));
    QTRY_COMPARE_WITH_TIMEOUT(process()->state(), State::Stopped, 10000);
}

QTEST_MAIN(TestGatewayPanel)
#include "test_gateway_panel.moc"
