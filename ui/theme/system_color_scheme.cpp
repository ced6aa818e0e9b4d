#include "ui/theme/system_color_scheme.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QVariant>

namespace portico::ui {

namespace {
const auto kService = QStringLiteral("org.freedesktop.portal.Desktop");
const auto kPath = QStringLiteral("/org/freedesktop/portal/desktop");
const auto kInterface = QStringLiteral("org.freedesktop.portal.Settings");
const auto kGroup = QStringLiteral("org.freedesktop.appearance");
const auto kKey = QStringLiteral("color-scheme");
constexpr int kPortalTimeoutMs = 1000;

// Read() answers a variant wrapped in a variant; SettingChanged sends one level.
std::optional<uint> unwrapUInt(QVariant value) {
    while (value.metaType() == QMetaType::fromType<QDBusVariant>())
        value = value.value<QDBusVariant>().variant();
    bool ok = false;
    const uint result = value.toUInt(&ok);
    return ok ? std::optional<uint>(result) : std::nullopt;
}
} // namespace

SystemColorScheme::SystemColorScheme(bool askPortal, QObject* parent)
    : QObject(parent) {
    if (askPortal)
        this->askPortal();
    update();
}

std::optional<ColorScheme> SystemColorScheme::fromPortalValue(uint value) {
    if (value == 1)
        return ColorScheme::Dark;
    if (value == 2)
        return ColorScheme::Light;
    return std::nullopt;
}

std::optional<ColorScheme> SystemColorScheme::fromGtkTheme(const QString& theme) {
    if (theme.trimmed().isEmpty())
        return std::nullopt;
    const QString t = theme.trimmed().toLower();
    return t.endsWith(QLatin1String(":dark")) || t.endsWith(QLatin1String("-dark"))
               ? ColorScheme::Dark
               : ColorScheme::Light;
}

void SystemColorScheme::setPortalValue(std::optional<uint> value) {
    m_portalValue = value;
    update();
}

void SystemColorScheme::onPortalSettingChanged(const QString& group, const QString& key,
                                               const QDBusVariant& value) {
    if (group == kGroup && key == kKey)
        setPortalValue(unwrapUInt(value.variant()));
}

void SystemColorScheme::askPortal() {
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return;
    QDBusMessage read =
        QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Read"));
    read << kGroup << kKey;
    const QDBusMessage reply = bus.call(read, QDBus::Block, kPortalTimeoutMs);
    if (reply.type() == QDBusMessage::ReplyMessage && !reply.arguments().isEmpty())
        m_portalValue = unwrapUInt(reply.arguments().constFirst());
    // Listen even without an answer: the portal may start later.
    bus.connect(kService, kPath, kInterface, QStringLiteral("SettingChanged"), this,
                SLOT(onPortalSettingChanged(QString, QString, QDBusVariant)));
}

void SystemColorScheme::update() {
    ColorScheme scheme = ColorScheme::Light;
    Source source = Source::Default;
    if (const auto fromPortal = m_portalValue ? fromPortalValue(*m_portalValue) : std::nullopt) {
        scheme = *fromPortal;
        source = Source::Portal;
    } else if (const auto fromGtk = fromGtkTheme(qEnvironmentVariable("GTK_THEME"))) {
        scheme = *fromGtk;
        source = Source::GtkTheme;
    }
    m_source = source;
    if (scheme != m_scheme) {
        m_scheme = scheme;
        Q_EMIT schemeChanged(scheme);
    }
}

} // namespace portico::ui
