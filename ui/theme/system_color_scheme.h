#pragma once

#include "ui/theme/color_scheme.h"

#include <QDBusVariant>
#include <QObject>

#include <optional>

namespace portico::ui {

// The desktop's colour-scheme preference, the way GTK and Qt 6.5+ read it: the XDG desktop
// portal's org.freedesktop.appearance color-scheme setting (followed live through SettingChanged),
// else GTK_THEME ending in ":dark", else light.
class SystemColorScheme : public QObject {
    Q_OBJECT
public:
    enum class Source { Portal, GtkTheme, Default };

    // `askPortal` false skips D-Bus entirely (tests).
    explicit SystemColorScheme(bool askPortal = true, QObject* parent = nullptr);

    ColorScheme scheme() const { return m_scheme; }
    Source source() const { return m_source; }

    // The portal's value: 1 prefers dark, 2 prefers light, 0 (or unknown) has no preference.
    static std::optional<ColorScheme> fromPortalValue(uint value);
    // "Adwaita:dark" or "Adwaita-dark" is dark; any other named theme is light.
    static std::optional<ColorScheme> fromGtkTheme(const QString& theme);

    // What SettingChanged delivers; public so that tests can play the portal.
    void setPortalValue(std::optional<uint> value);

Q_SIGNALS:
    void schemeChanged(portico::ui::ColorScheme scheme);

private Q_SLOTS:
    void onPortalSettingChanged(const QString& group, const QString& key,
                                const QDBusVariant& value);

private:
    void askPortal();
    void update();

    std::optional<uint> m_portalValue;
    ColorScheme m_scheme = ColorScheme::Light;
    Source m_source = Source::Default;
};

} // namespace portico::ui
