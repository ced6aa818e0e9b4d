#include "ui/common/icons.h"
#include "ui/gateway/gateway_panel.h"
#include "ui/mainwindow/main_window.h"
#include "ui/theme/appearance.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

#include <cstdio>
#include <optional>

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Portico Studio"));
    QApplication::setOrganizationName(QStringLiteral("Portico"));
    QApplication::setApplicationVersion(QStringLiteral(PORTICO_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("portico-studio"));
    portico::ui::initResources();

    // Follow the system locale: Qt's own strings and ours (embedded under :/i18n).
    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("portico"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Design a Portico workspace and run its local gateway."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("workspace"),
                                 QApplication::translate("main", "Workspace folder to open."),
                                 QStringLiteral("[WORKSPACE_DIR]"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Save a picture of the window to FILE and quit."),
        QStringLiteral("FILE"));
    const QCommandLineOption select(
        QStringLiteral("select"),
        QApplication::translate("main", "Select the item KIND:ID first (e.g. api:orders)."),
        QStringLiteral("KIND:ID"));
    const QCommandLineOption screenshotDelay(
        QStringLiteral("screenshot-delay"),
        QApplication::translate("main",
                                "Wait MS milliseconds before the screenshot (default 1500)."),
        QStringLiteral("MS"), QStringLiteral("1500"));
    const QCommandLineOption startGateway(
        QStringLiteral("start-gateway"),
        QApplication::translate("main", "Start the local gateway on the workspace."));
    const QCommandLineOption gatewayPort(
        QStringLiteral("gateway-port"),
        QApplication::translate("main", "Port of the local gateway (default: a free one)."),
        QStringLiteral("PORT"));
    const QCommandLineOption gatewayView(
        QStringLiteral("gateway-view"),
        QApplication::translate("main", "Show the gateway panel's VIEW: log or charts."),
        QStringLiteral("VIEW"));
    const QCommandLineOption colorScheme(
        QStringLiteral("color-scheme"),
        QApplication::translate("main", "Use the SCHEME colours for this run: system, light or "
                                        "dark (default: as chosen in View > Appearance)."),
        QStringLiteral("SCHEME"));
    parser.addOption(screenshot);
    parser.addOption(colorScheme);
    parser.addOption(select);
    parser.addOption(screenshotDelay);
    parser.addOption(startGateway);
    parser.addOption(gatewayPort);
    parser.addOption(gatewayView);
    parser.process(app);

    std::optional<portico::ui::AppearancePreference> scheme;
    if (parser.isSet(colorScheme)) {
        scheme = portico::ui::Appearance::preferenceFromName(parser.value(colorScheme));
        if (!scheme) {
            std::fprintf(
                stderr, "%s\n",
                qPrintable(QApplication::translate("main", "--color-scheme: unknown scheme \"%1\" "
                                                           "(expected system, light or dark)")
                               .arg(parser.value(colorScheme))));
            return 2;
        }
    }

    portico::ui::MainWindow window;
    if (scheme)
        window.appearance()->setPreference(*scheme, false);
    window.show();
    const QStringList args = parser.positionalArguments();
    if (!args.isEmpty() && !window.openWorkspace(args.first()))
        return 1;

    if (parser.isSet(select)) {
        const QString spec = parser.value(select);
        const QString kind = spec.section(QLatin1Char(':'), 0, 0);
        const QString id = spec.section(QLatin1Char(':'), 1);
        using portico::ui::ItemKind;
        const std::pair<const char*, ItemKind> kinds[] = {{"api", ItemKind::Api},
                                                          {"product", ItemKind::Product},
                                                          {"subscription", ItemKind::Subscription},
                                                          {"user", ItemKind::User},
                                                          {"named-value", ItemKind::NamedValue},
                                                          {"backend", ItemKind::Backend},
                                                          {"fragment", ItemKind::Fragment},
                                                          {"policy", ItemKind::GlobalPolicy}};
        for (const auto& [name, k] : kinds)
            if (kind == QLatin1String(name))
                window.selectItem({k, k == ItemKind::GlobalPolicy ? QString() : id, {}});
        if (kind == QLatin1String("operation"))
            window.selectItem({ItemKind::Operation, id.section(QLatin1Char('/'), 1),
                               id.section(QLatin1Char('/'), 0, 0)});
    }

    portico::ui::GatewayPanel* gateway = window.gatewayPanel();
    if (parser.isSet(gatewayPort))
        gateway->setPorts(static_cast<quint16>(parser.value(gatewayPort).toUInt()), 0);
    if (parser.isSet(gatewayView)) {
        if (QAction* show = window.findChild<QAction*>(QStringLiteral("gatewayPanelAction")))
            show->trigger();
        // Room for the charts.
        if (auto* dock = window.findChild<QDockWidget*>(QStringLiteral("gatewayDockWidget")))
            window.resizeDocks({dock}, {window.height() * 2 / 5}, Qt::Vertical);
        if (parser.value(gatewayView) == QLatin1String("charts"))
            gateway->showCharts();
        else
            gateway->showLog();
    }
    if (parser.isSet(startGateway))
        gateway->startAction()->trigger();

    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        // Give the window time to lay out and paint under the (virtual) display.
        QTimer::singleShot(parser.value(screenshotDelay).toInt(), &window, [&window, file] {
            const bool ok = window.grab().save(file);
            std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "saved" : "cannot save",
                         qPrintable(file));
            QApplication::exit(ok ? 0 : 1);
        });
    }
    return app.exec();
}
