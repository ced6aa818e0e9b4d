#include "ui/theme/appearance.h"

#include "ui/theme/system_color_scheme.h"

#include <QApplication>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace portico::ui {

namespace {
const auto kSettingsKey = QStringLiteral("appearance/colorScheme");
} // namespace

Appearance::Appearance(SystemColorScheme* system, QObject* parent)
    : QObject(parent)
    , m_system(system ? system : new SystemColorScheme(true)) {
    m_system->setParent(this);
    m_preference = preferenceFromName(QSettings().value(kSettingsKey).toString())
                       .value_or(AppearancePreference::System);
    connect(m_system, &SystemColorScheme::schemeChanged, this, [this] { apply(); });
    apply(true);
}

std::optional<AppearancePreference> Appearance::preferenceFromName(const QString& name) {
    if (name == QLatin1String("system"))
        return AppearancePreference::System;
    if (name == QLatin1String("light"))
        return AppearancePreference::Light;
    if (name == QLatin1String("dark"))
        return AppearancePreference::Dark;
    return std::nullopt;
}

QString Appearance::nameOf(AppearancePreference preference) {
    switch (preference) {
    case AppearancePreference::System:
        return QStringLiteral("system");
    case AppearancePreference::Light:
        return QStringLiteral("light");
    case AppearancePreference::Dark:
        return QStringLiteral("dark");
    }
    return {};
}

void Appearance::setPreference(AppearancePreference preference, bool remember) {
    if (remember)
        QSettings().setValue(kSettingsKey, nameOf(preference));
    if (preference == m_preference)
        return;
    m_preference = preference;
    Q_EMIT preferenceChanged(preference);
    apply();
}

void Appearance::apply(bool force) {
    ColorScheme scheme = m_system->scheme();
    if (m_preference == AppearancePreference::Light)
        scheme = ColorScheme::Light;
    else if (m_preference == AppearancePreference::Dark)
        scheme = ColorScheme::Dark;
    if (scheme == m_scheme && !force)
        return;
    m_scheme = scheme;
    if (qobject_cast<QApplication*>(QCoreApplication::instance())) {
        // Fusion draws everything from the palette, so a dark palette gives a dark app.
        if (QApplication::style()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive))
            QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(paletteFor(scheme));
    }
    Q_EMIT schemeChanged(scheme);
}

} // namespace portico::ui
