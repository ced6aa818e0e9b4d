#pragma once

#include "ui/theme/color_scheme.h"

#include <QObject>

#include <optional>

namespace portico::ui {

class SystemColorScheme;

enum class AppearancePreference { System, Light, Dark };

// The studio's colours: the Fusion style with a light or dark palette, following the system
// unless the user chose one (View > Appearance, remembered) or the command line forces one.
class Appearance : public QObject {
    Q_OBJECT
public:
    // Takes ownership of `system`; null asks the desktop portal.
    explicit Appearance(SystemColorScheme* system = nullptr, QObject* parent = nullptr);

    AppearancePreference preference() const { return m_preference; }
    // `remember` false applies it for this run only (the command line's --color-scheme).
    void setPreference(AppearancePreference preference, bool remember = true);
    ColorScheme scheme() const { return m_scheme; }
    SystemColorScheme* system() const { return m_system; }

    static std::optional<AppearancePreference> preferenceFromName(const QString& name);
    static QString nameOf(AppearancePreference preference);

Q_SIGNALS:
    void schemeChanged(portico::ui::ColorScheme scheme);
    void preferenceChanged(portico::ui::AppearancePreference preference);

private:
    void apply(bool force = false);

    SystemColorScheme* m_system;
    AppearancePreference m_preference = AppearancePreference::System;
    ColorScheme m_scheme = ColorScheme::Light;
};

} // namespace portico::ui
