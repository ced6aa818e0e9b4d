#include "ui/theme/color_scheme.h"

#include <QStyle>
#include <QStyleFactory>

#include <cmath>
#include <memory>

namespace portico::ui {

namespace {
QColor hex(const char* rgb) {
    return QColor(QLatin1String(rgb));
}

double relativeLuminance(const QColor& c) {
    const auto channel = [](double v) {
        return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

void setGroups(QPalette& p, QPalette::ColorRole role, const QColor& active,
               const QColor& disabled) {
    p.setColor(QPalette::Active, role, active);
    p.setColor(QPalette::Inactive, role, active);
    p.setColor(QPalette::Disabled, role, disabled);
}
} // namespace

QPalette lightPalette() {
    // Fusion's own light palette, with placeholder, link, selection and disabled colours that
    // stay readable (Fusion's white on #308cc6 is 3.7:1, its disabled grey 1.6:1).
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p = fusion ? fusion->standardPalette() : QPalette(hex("#efefef"));
    setGroups(p, QPalette::PlaceholderText, hex("#6b6b6b"), hex("#9a9a9a"));
    setGroups(p, QPalette::Link, hex("#1a56b0"), hex("#8a9bb8"));
    setGroups(p, QPalette::LinkVisited, hex("#6a3fa0"), hex("#a08cb8"));
    setGroups(p, QPalette::ToolTipBase, hex("#ffffdc"), hex("#ffffdc"));
    setGroups(p, QPalette::ToolTipText, hex("#000000"), hex("#000000"));
    setGroups(p, QPalette::Highlight, hex("#2a62b8"), hex("#d4d4d4"));
    setGroups(p, QPalette::HighlightedText, hex("#ffffff"), hex("#6b6b6b"));
    p.setColor(QPalette::Inactive, QPalette::Highlight, hex("#c5d5ee"));
    p.setColor(QPalette::Inactive, QPalette::HighlightedText, hex("#000000"));
    for (auto role : {QPalette::Text, QPalette::WindowText, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, hex("#8a8a8a"));
    return p;
}

QPalette darkPalette() {
    QPalette p;
    setGroups(p, QPalette::Window, hex("#2b2b2e"), hex("#2b2b2e"));
    setGroups(p, QPalette::WindowText, hex("#e8e8ea"), hex("#85858a"));
    setGroups(p, QPalette::Base, hex("#1e1e20"), hex("#252528"));
    setGroups(p, QPalette::AlternateBase, hex("#262629"), hex("#29292c"));
    setGroups(p, QPalette::ToolTipBase, hex("#3b3b40"), hex("#3b3b40"));
    setGroups(p, QPalette::ToolTipText, hex("#f2f2f4"), hex("#f2f2f4"));
    setGroups(p, QPalette::PlaceholderText, hex("#9c9ca3"), hex("#6a6a70"));
    setGroups(p, QPalette::Text, hex("#e8e8ea"), hex("#85858a"));
    setGroups(p, QPalette::Button, hex("#36363a"), hex("#303033"));
    setGroups(p, QPalette::ButtonText, hex("#e8e8ea"), hex("#85858a"));
    setGroups(p, QPalette::BrightText, hex("#ff7b72"), hex("#ff7b72"));
    setGroups(p, QPalette::Light, hex("#4a4a50"), hex("#3e3e42"));
    setGroups(p, QPalette::Midlight, hex("#404045"), hex("#38383c"));
    setGroups(p, QPalette::Mid, hex("#2a2a2d"), hex("#2a2a2d"));
    setGroups(p, QPalette::Dark, hex("#18181a"), hex("#18181a"));
    setGroups(p, QPalette::Shadow, hex("#0c0c0d"), hex("#0c0c0d"));
    setGroups(p, QPalette::Highlight, hex("#2f65c0"), hex("#3a3a3f"));
    setGroups(p, QPalette::HighlightedText, hex("#ffffff"), hex("#9c9ca3"));
    setGroups(p, QPalette::Link, hex("#7fb0ff"), hex("#5d7396"));
    setGroups(p, QPalette::LinkVisited, hex("#c9a4ff"), hex("#7c6b96"));
    // An unfocused window keeps a visible, calmer selection.
    p.setColor(QPalette::Inactive, QPalette::Highlight, hex("#34496e"));
    return p;
}

QPalette paletteFor(ColorScheme scheme) {
    return scheme == ColorScheme::Dark ? darkPalette() : lightPalette();
}

bool isDark(const QPalette& palette) {
    return palette.color(QPalette::Base).lightness() < 128;
}

ColorScheme schemeOf(const QPalette& palette) {
    return isDark(palette) ? ColorScheme::Dark : ColorScheme::Light;
}

double contrastRatio(const QColor& a, const QColor& b) {
    const double la = relativeLuminance(a);
    const double lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

StatusColors statusColors(ColorScheme scheme) {
    if (scheme == ColorScheme::Dark)
        return {hex("#ff8a80"), hex("#ffc266"), hex("#7fd08a"), hex("#8a8a90")};
    return {hex("#c62828"), hex("#8f5200"), hex("#2e7d32"), hex("#8a8a8a")};
}

SyntaxColors syntaxColors(ColorScheme scheme) {
    if (scheme == ColorScheme::Dark)
        return {hex("#7fb0ff"), hex("#d9a0f0"), hex("#8fdca8"), hex("#9aa0a8"),
                hex("#ffb866"), hex("#3a2c14"), hex("#ff8f8f"), hex("#ff6b6b")};
    return {hex("#1d4f9c"), hex("#8a3b9c"), hex("#1f7342"), hex("#6b7078"),
            hex("#9a5200"), hex("#fff4e0"), hex("#a12727"), hex("#d63c3c")};
}

ChartColors chartColors(ColorScheme scheme) {
    if (scheme == ColorScheme::Dark)
        return {hex("#6ea8ff"), hex("#ffa040"), hex("#7fd08a"), hex("#ff7b72"), hex("#7fd08a"),
                hex("#6ea8ff"), hex("#ffa040"), hex("#ff7b72"), hex("#9c9ca3")};
    return {hex("#1565c0"), hex("#ef6c00"), hex("#2e7d32"), hex("#c62828"), hex("#2e7d32"),
            hex("#1565c0"), hex("#ef6c00"), hex("#c62828"), hex("#757575")};
}

} // namespace portico::ui
