#pragma once

#include <QColor>
#include <QPalette>

namespace portico::ui {

enum class ColorScheme { Light, Dark };

// Complete palettes for the Fusion style: every role and colour group set, so that nothing falls
// back to a light default under a dark scheme.
QPalette lightPalette();
QPalette darkPalette();
QPalette paletteFor(ColorScheme scheme);

bool isDark(const QPalette& palette);
ColorScheme schemeOf(const QPalette& palette);

// WCAG 2 contrast ratio of two opaque colours, from 1 (same) to 21 (black on white).
double contrastRatio(const QColor& a, const QColor& b);

// Colours with a meaning, readable on the scheme's Base colour.
struct StatusColors {
    QColor error;
    QColor warning;
    QColor ok;
    QColor inactive;
};
StatusColors statusColors(ColorScheme scheme);

struct SyntaxColors {
    QColor tag;
    QColor attribute;
    QColor value;
    QColor comment;
    QColor expression;
    QColor expressionBackground;
    QColor entity;
    QColor diagnostic;
};
SyntaxColors syntaxColors(ColorScheme scheme);

// Series colours of the gateway charts: requests, throttled, p50, p99 and the status classes.
struct ChartColors {
    QColor requests;
    QColor throttled;
    QColor p50;
    QColor p99;
    QColor status2xx;
    QColor status3xx;
    QColor status4xx;
    QColor status5xx;
    QColor statusOther;
};
ChartColors chartColors(ColorScheme scheme);

} // namespace portico::ui
