#include "test_support.h"

#include "ui/common/message_box.h"
#include "ui/gateway/gateway_log_model.h"
#include "ui/mainwindow/main_window.h"
#include "ui/theme/appearance.h"
#include "ui/theme/color_scheme.h"
#include "ui/theme/system_color_scheme.h"

#include <QAction>
#include <QApplication>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStyle>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

#include <memory>
#include <optional>

using namespace portico;
using ui::Appearance;
using ui::AppearancePreference;
using ui::ColorScheme;
using ui::SystemColorScheme;

Q_DECLARE_METATYPE(ColorScheme)
Q_DECLARE_METATYPE(QPalette::ColorRole)
Q_DECLARE_METATYPE(QPalette::ColorGroup)

namespace {
// Counts the palette changes that reach a widget.
class PaletteChangeCounter : public QObject {
public:
    int count = 0;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::PaletteChange)
            ++count;
        return QObject::eventFilter(watched, event);
    }
};

const char* nameOf(ColorScheme scheme) {
    return scheme == ColorScheme::Dark ? "dark" : "light";
}
} // namespace

class TestAppearance : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void portalValueOneIsDarkTwoIsLightOthersHaveNoPreference_data();
    void portalValueOneIsDarkTwoIsLightOthersHaveNoPreference();
    void gtkThemeEndingInDarkIsDark_data();
    void gtkThemeEndingInDarkIsDark();
    void portalPreferenceWinsOverGtkThemeWhichWinsOverLight();
    void settingChangedSignalSwitchesTheAppLive();
    void settingChangedForOtherKeysIsIgnored();
    void chosenSchemeOverridesTheSystemAndIsRemembered();
    void commandLineSchemeIsNotRemembered();
    void unknownSchemeNamesAreRefused();
    void darkPaletteSetsEveryRoleInEveryGroup();
    void paletteTextIsReadable_data();
    void paletteTextIsReadable();
    void disabledTextIsDimmerButVisible_data();
    void disabledTextIsDimmerButVisible();
    void policySyntaxColoursAreReadableOnBase_data();
    void policySyntaxColoursAreReadableOnBase();
    void logAndStatusColoursAreReadableOnBase_data();
    void logAndStatusColoursAreReadableOnBase();
    void chartSeriesStandOutFromBase_data();
    void chartSeriesStandOutFromBase();
    void logModelColoursFollowTheScheme();
    void switchingToDarkRepaintsThePolicyEditor();
    void appearanceMenuShowsAndSetsTheChoice();

private:
    std::unique_ptr<QTemporaryDir> m_temp;
};

void TestAppearance::initTestCase() {
    m_temp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_temp->isValid());
    test::useTemporarySettings(m_temp->filePath(QStringLiteral("settings")));
}

void TestAppearance::init() {
    qunsetenv("GTK_THEME");
    QSettings().clear();
}

void TestAppearance::cleanup() {
    QApplication::setPalette(ui::lightPalette());
}

void TestAppearance::portalValueOneIsDarkTwoIsLightOthersHaveNoPreference_data() {
    QTest::addColumn<uint>("value");
    QTest::addColumn<int>("expected"); // -1: no preference
    QTest::newRow("0 no preference") << 0u << -1;
    QTest::newRow("1 prefer dark") << 1u << static_cast<int>(ColorScheme::Dark);
    QTest::newRow("2 prefer light") << 2u << static_cast<int>(ColorScheme::Light);
    QTest::newRow("3 unknown") << 3u << -1;
}

void TestAppearance::portalValueOneIsDarkTwoIsLightOthersHaveNoPreference() {
    QFETCH(uint, value);
    QFETCH(int, expected);
    const auto scheme = SystemColorScheme::fromPortalValue(value);
    QCOMPARE(scheme ? static_cast<int>(*scheme) : -1, expected);
}

void TestAppearance::gtkThemeEndingInDarkIsDark_data() {
    QTest::addColumn<QString>("theme");
    QTest::addColumn<int>("expected");
    QTest::newRow("unset") << QString() << -1;
    QTest::newRow("Adwaita:dark") << QStringLiteral("Adwaita:dark")
                                  << static_cast<int>(ColorScheme::Dark);
    QTest::newRow("Adwaita-dark") << QStringLiteral("Adwaita-dark")
                                  << static_cast<int>(ColorScheme::Dark);
    QTest::newRow("Adwaita") << QStringLiteral("Adwaita") << static_cast<int>(ColorScheme::Light);
    QTest::newRow("Darkish:light")
        << QStringLiteral("Darkish:light") << static_cast<int>(ColorScheme::Light);
}

void TestAppearance::gtkThemeEndingInDarkIsDark() {
    QFETCH(QString, theme);
    QFETCH(int, expected);
    const auto scheme = SystemColorScheme::fromGtkTheme(theme);
    QCOMPARE(scheme ? static_cast<int>(*scheme) : -1, expected);
}

void TestAppearance::portalPreferenceWinsOverGtkThemeWhichWinsOverLight() {
    SystemColorScheme none(false);
    QCOMPARE(none.scheme(), ColorScheme::Light);
    QCOMPARE(none.source(), SystemColorScheme::Source::Default);

    qputenv("GTK_THEME", "Adwaita:dark");
    SystemColorScheme system(false);
    QCOMPARE(system.scheme(), ColorScheme::Dark);
    QCOMPARE(system.source(), SystemColorScheme::Source::GtkTheme);
    system.setPortalValue(2u);
    QCOMPARE(system.scheme(), ColorScheme::Light);
    QCOMPARE(system.source(), SystemColorScheme::Source::Portal);
    system.setPortalValue(0u); // no preference: back to GTK_THEME
    QCOMPARE(system.scheme(), ColorScheme::Dark);
    QCOMPARE(system.source(), SystemColorScheme::Source::GtkTheme);
}

void TestAppearance::settingChangedSignalSwitchesTheAppLive() {
    auto* system = new SystemColorScheme(false);
    Appearance appearance(system);
    QVERIFY(!ui::isDark(QApplication::palette()));
    QSignalSpy changed(&appearance, &Appearance::schemeChanged);

    // What the portal's SettingChanged(ssv) delivers.
    QVERIFY(QMetaObject::invokeMethod(system, "onPortalSettingChanged",
                                      Q_ARG(QString, QStringLiteral("org.freedesktop.appearance")),
                                      Q_ARG(QString, QStringLiteral("color-scheme")),
                                      Q_ARG(QDBusVariant, QDBusVariant(1u))));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(appearance.scheme(), ColorScheme::Dark);
    QVERIFY(ui::isDark(QApplication::palette()));
    QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));

    QVERIFY(QMetaObject::invokeMethod(system, "onPortalSettingChanged",
                                      Q_ARG(QString, QStringLiteral("org.freedesktop.appearance")),
                                      Q_ARG(QString, QStringLiteral("color-scheme")),
                                      Q_ARG(QDBusVariant, QDBusVariant(2u))));
    QCOMPARE(changed.count(), 2);
    QVERIFY(!ui::isDark(QApplication::palette()));
}

void TestAppearance::settingChangedForOtherKeysIsIgnored() {
    auto* system = new SystemColorScheme(false);
    Appearance appearance(system);
    QVERIFY(QMetaObject::invokeMethod(system, "onPortalSettingChanged",
                                      Q_ARG(QString, QStringLiteral("org.freedesktop.appearance")),
                                      Q_ARG(QString, QStringLiteral("accent-color")),
                                      Q_ARG(QDBusVariant, QDBusVariant(1u))));
    QVERIFY(QMetaObject::invokeMethod(
        system, "onPortalSettingChanged", Q_ARG(QString, QStringLiteral("org.gnome.desktop")),
        Q_ARG(QString, QStringLiteral("color-scheme")), Q_ARG(QDBusVariant, QDBusVariant(1u))));
    QCOMPARE(appearance.scheme(), ColorScheme::Light);
}

void TestAppearance::chosenSchemeOverridesTheSystemAndIsRemembered() {
    auto* system = new SystemColorScheme(false);
    system->setPortalValue(1u);
    {
        Appearance appearance(system);
        QCOMPARE(appearance.scheme(), ColorScheme::Dark);
        appearance.setPreference(AppearancePreference::Light);
        QCOMPARE(appearance.scheme(), ColorScheme::Light);
        QVERIFY(!ui::isDark(QApplication::palette()));
        system->setPortalValue(1u); // the system changing does not undo the user's choice
        QCOMPARE(appearance.scheme(), ColorScheme::Light);
    }
    auto* darkSystem = new SystemColorScheme(false);
    darkSystem->setPortalValue(1u);
    Appearance again(darkSystem);
    QCOMPARE(again.preference(), AppearancePreference::Light);
    QCOMPARE(again.scheme(), ColorScheme::Light);
    again.setPreference(AppearancePreference::System);
    QCOMPARE(again.scheme(), ColorScheme::Dark);
}

void TestAppearance::commandLineSchemeIsNotRemembered() {
    {
        Appearance appearance(new SystemColorScheme(false));
        appearance.setPreference(AppearancePreference::Dark, false);
        QCOMPARE(appearance.scheme(), ColorScheme::Dark);
    }
    Appearance next(new SystemColorScheme(false));
    QCOMPARE(next.preference(), AppearancePreference::System);
    QCOMPARE(next.scheme(), ColorScheme::Light);
}

void TestAppearance::unknownSchemeNamesAreRefused() {
    QCOMPARE(Appearance::preferenceFromName(QStringLiteral("dark")), AppearancePreference::Dark);
    QVERIFY(!Appearance::preferenceFromName(QStringLiteral("Dark")));
    QVERIFY(!Appearance::preferenceFromName(QStringLiteral("solarized")));
    QVERIFY(!Appearance::preferenceFromName(QString()));
}

void TestAppearance::darkPaletteSetsEveryRoleInEveryGroup() {
    const QPalette dark = ui::darkPalette();
    for (int role = 0; role < QPalette::NColorRoles; ++role) {
        if (role == QPalette::NoRole)
            continue;
        for (auto group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled})
            QVERIFY2(dark.isBrushSet(group, static_cast<QPalette::ColorRole>(role)),
                     qPrintable(QStringLiteral("role %1 group %2").arg(role).arg(group)));
    }
}

void TestAppearance::paletteTextIsReadable_data() {
    QTest::addColumn<ColorScheme>("scheme");
    QTest::addColumn<QPalette::ColorRole>("foreground");
    QTest::addColumn<QPalette::ColorRole>("background");
    const std::pair<const char*, std::pair<QPalette::ColorRole, QPalette::ColorRole>> pairs[] = {
        {"Text on Base", {QPalette::Text, QPalette::Base}},
        {"Text on AlternateBase", {QPalette::Text, QPalette::AlternateBase}},
        {"WindowText on Window", {QPalette::WindowText, QPalette::Window}},
        {"ButtonText on Button", {QPalette::ButtonText, QPalette::Button}},
        {"ToolTipText on ToolTipBase", {QPalette::ToolTipText, QPalette::ToolTipBase}},
        {"HighlightedText on Highlight", {QPalette::HighlightedText, QPalette::Highlight}},
        {"Link on Base", {QPalette::Link, QPalette::Base}},
        {"LinkVisited on Base", {QPalette::LinkVisited, QPalette::Base}},
        {"PlaceholderText on Base", {QPalette::PlaceholderText, QPalette::Base}},
        {"PlaceholderText on Window", {QPalette::PlaceholderText, QPalette::Window}}};
    for (ColorScheme scheme : {ColorScheme::Light, ColorScheme::Dark})
        for (const auto& [name, roles] : pairs)
            QTest::addRow("%s: %s", nameOf(scheme), name) << scheme << roles.first << roles.second;
}

void TestAppearance::paletteTextIsReadable() {
    QFETCH(ColorScheme, scheme);
    QFETCH(QPalette::ColorRole, foreground);
    QFETCH(QPalette::ColorRole, background);
    const QPalette p = ui::paletteFor(scheme);
    const double ratio = ui::contrastRatio(p.color(QPalette::Active, foreground),
                                           p.color(QPalette::Active, background));
    QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("contrast %1").arg(ratio)));
}

void TestAppearance::disabledTextIsDimmerButVisible_data() {
    QTest::addColumn<ColorScheme>("scheme");
    QTest::addColumn<QPalette::ColorRole>("foreground");
    QTest::addColumn<QPalette::ColorRole>("background");
    for (ColorScheme scheme : {ColorScheme::Light, ColorScheme::Dark}) {
        QTest::addRow("%s: Text", nameOf(scheme)) << scheme << QPalette::Text << QPalette::Base;
        QTest::addRow("%s: WindowText", nameOf(scheme))
            << scheme << QPalette::WindowText << QPalette::Window;
        QTest::addRow("%s: ButtonText", nameOf(scheme))
            << scheme << QPalette::ButtonText << QPalette::Button;
    }
}

void TestAppearance::disabledTextIsDimmerButVisible() {
    QFETCH(ColorScheme, scheme);
    QFETCH(QPalette::ColorRole, foreground);
    QFETCH(QPalette::ColorRole, background);
    const QPalette p = ui::paletteFor(scheme);
    const double active = ui::contrastRatio(p.color(QPalette::Active, foreground),
                                            p.color(QPalette::Active, background));
    const double disabled = ui::contrastRatio(p.color(QPalette::Disabled, foreground),
                                              p.color(QPalette::Disabled, background));
    QVERIFY2(disabled < active, qPrintable(QStringLiteral("%1 vs %2").arg(disabled).arg(active)));
    QVERIFY2(disabled >= 2.0, qPrintable(QStringLiteral("contrast %1").arg(disabled)));
}

void TestAppearance::policySyntaxColoursAreReadableOnBase_data() {
    QTest::addColumn<ColorScheme>("scheme");
    QTest::addColumn<QColor>("colour");
    QTest::addColumn<QColor>("background");
    for (ColorScheme scheme : {ColorScheme::Light, ColorScheme::Dark}) {
        const ui::SyntaxColors c = ui::syntaxColors(scheme);
        const QColor base = ui::paletteFor(scheme).color(QPalette::Base);
        QTest::addRow("%s: tag", nameOf(scheme)) << scheme << c.tag << base;
        QTest::addRow("%s: attribute", nameOf(scheme)) << scheme << c.attribute << base;
        QTest::addRow("%s: value", nameOf(scheme)) << scheme << c.value << base;
        QTest::addRow("%s: comment", nameOf(scheme)) << scheme << c.comment << base;
        QTest::addRow("%s: entity", nameOf(scheme)) << scheme << c.entity << base;
        QTest::addRow("%s: expression on its background", nameOf(scheme))
            << scheme << c.expression << c.expressionBackground;
        QTest::addRow("%s: plain text on expression background", nameOf(scheme))
            << scheme << ui::paletteFor(scheme).color(QPalette::Text) << c.expressionBackground;
    }
}

void TestAppearance::policySyntaxColoursAreReadableOnBase() {
    QFETCH(QColor, colour);
    QFETCH(QColor, background);
    const double ratio = ui::contrastRatio(colour, background);
    QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("contrast %1").arg(ratio)));
}

void TestAppearance::logAndStatusColoursAreReadableOnBase_data() {
    QTest::addColumn<QColor>("colour");
    QTest::addColumn<QColor>("background");
    QTest::addColumn<double>("minimum");
    for (ColorScheme scheme : {ColorScheme::Light, ColorScheme::Dark}) {
        const ui::StatusColors c = ui::statusColors(scheme);
        const QPalette p = ui::paletteFor(scheme);
        for (auto role : {QPalette::Base, QPalette::Window}) {
            const char* bg = role == QPalette::Base ? "Base" : "Window";
            QTest::addRow("%s: error text on %s", nameOf(scheme), bg)
                << c.error << p.color(role) << 4.5;
            QTest::addRow("%s: warning text on %s", nameOf(scheme), bg)
                << c.warning << p.color(role) << 4.5;
            // Dots and marks are graphics: WCAG asks 3:1 of them.
            QTest::addRow("%s: ok dot on %s", nameOf(scheme), bg) << c.ok << p.color(role) << 3.0;
            QTest::addRow("%s: inactive dot on %s", nameOf(scheme), bg)
                << c.inactive << p.color(role) << 3.0;
        }
        QTest::addRow("%s: diagnostic underline", nameOf(scheme))
            << ui::syntaxColors(scheme).diagnostic << p.color(QPalette::Base) << 3.0;
    }
}

void TestAppearance::logAndStatusColoursAreReadableOnBase() {
    QFETCH(QColor, colour);
    QFETCH(QColor, background);
    QFETCH(double, minimum);
    const double ratio = ui::contrastRatio(colour, background);
    QVERIFY2(ratio >= minimum, qPrintable(QStringLiteral("contrast %1").arg(ratio)));
}

void TestAppearance::chartSeriesStandOutFromBase_data() {
    QTest::addColumn<QColor>("colour");
    QTest::addColumn<QColor>("background");
    for (ColorScheme scheme : {ColorScheme::Light, ColorScheme::Dark}) {
        const ui::ChartColors c = ui::chartColors(scheme);
        const QColor base = ui::paletteFor(scheme).color(QPalette::Base);
        const std::pair<const char*, QColor> series[] = {
            {"requests", c.requests}, {"throttled", c.throttled}, {"p50", c.p50},
            {"p99", c.p99},           {"2xx", c.status2xx},       {"3xx", c.status3xx},
            {"4xx", c.status4xx},     {"5xx", c.status5xx}};
        for (const auto& [name, colour] : series)
            QTest::addRow("%s: %s", nameOf(scheme), name) << colour << base;
    }
}

void TestAppearance::chartSeriesStandOutFromBase() {
    QFETCH(QColor, colour);
    QFETCH(QColor, background);
    const double ratio = ui::contrastRatio(colour, background);
    QVERIFY2(ratio >= 3.0, qPrintable(QStringLiteral("contrast %1").arg(ratio)));
}

void TestAppearance::logModelColoursFollowTheScheme() {
    ui::GatewayLogModel log;
    log.appendLine(QStringLiteral("portico-gateway: error: backend unreachable"));
    log.appendLine(QStringLiteral("portico-gateway: warning: slow backend"));
    QCOMPARE(log.rowCount(), 2);
    Appearance appearance(new SystemColorScheme(false));
    const auto foreground = [&log](int row) {
        return log.data(log.index(row), Qt::ForegroundRole).value<QBrush>().color();
    };
    QCOMPARE(foreground(0), ui::statusColors(ColorScheme::Light).error);
    QCOMPARE(foreground(1), ui::statusColors(ColorScheme::Light).warning);
    appearance.setPreference(AppearancePreference::Dark, false);
    QCOMPARE(foreground(0), ui::statusColors(ColorScheme::Dark).error);
    QCOMPARE(foreground(1), ui::statusColors(ColorScheme::Dark).warning);
}

void TestAppearance::switchingToDarkRepaintsThePolicyEditor() {
    test::MemorySecretStore secrets;
    ui::MainWindow window(&secrets);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openWorkspace(test::sampleWorkspace()));
    window.selectItem({ui::ItemKind::GlobalPolicy, {}, {}});
    auto* text = window.findChild<QPlainTextEdit*>(QStringLiteral("policyPlainTextEdit"));
    QVERIFY(text);
    PaletteChangeCounter counter;
    text->installEventFilter(&counter);

    const auto tagColours = [text] {
        QList<QColor> colours;
        for (QTextBlock b = text->document()->begin(); b.isValid(); b = b.next())
            for (const QTextLayout::FormatRange& r : b.layout()->formats())
                colours << r.format.foreground().color();
        return colours;
    };
    QVERIFY(tagColours().contains(ui::syntaxColors(ColorScheme::Light).tag));

    window.appearance()->setPreference(AppearancePreference::Dark, false);
    QTRY_VERIFY(counter.count > 0);
    QVERIFY(ui::isDark(text->palette()));
    QVERIFY(tagColours().contains(ui::syntaxColors(ColorScheme::Dark).tag));
    QVERIFY(!tagColours().contains(ui::syntaxColors(ColorScheme::Light).tag));

    const int before = counter.count;
    window.appearance()->setPreference(AppearancePreference::Light, false);
    QTRY_VERIFY(counter.count > before);
    QVERIFY(!ui::isDark(text->palette()));
    QVERIFY(tagColours().contains(ui::syntaxColors(ColorScheme::Light).tag));
    ui::MessageBox::setNextAnswer(QMessageBox::Discard);
}

void TestAppearance::appearanceMenuShowsAndSetsTheChoice() {
    test::MemorySecretStore secrets;
    ui::MainWindow window(&secrets);
    auto* system = window.findChild<QAction*>(QStringLiteral("appearanceSystemAction"));
    auto* light = window.findChild<QAction*>(QStringLiteral("appearanceLightAction"));
    auto* dark = window.findChild<QAction*>(QStringLiteral("appearanceDarkAction"));
    QVERIFY(system && light && dark);
    QVERIFY(system->isChecked());
    dark->trigger();
    QVERIFY(dark->isChecked() && !system->isChecked());
    QCOMPARE(window.appearance()->scheme(), ColorScheme::Dark);
    QCOMPARE(QSettings().value(QStringLiteral("appearance/colorScheme")).toString(),
             QStringLiteral("dark"));
    window.appearance()->setPreference(AppearancePreference::Light);
    QVERIFY(light->isChecked() && !dark->isChecked());
    for (QAction* a : {system, light, dark})
        QVERIFY(!a->text().isEmpty());
}

QTEST_MAIN(TestAppearance)
#include "test_appearance.moc"
