#include "ui/workspace/yaml_key_at_line.h"

#include <QRegularExpression>
#include <QStringList>

namespace portico::ui {

namespace {
qsizetype indentOf(const QString& line) {
    qsizetype n = 0;
    while (n < line.size() && line.at(n) == QLatin1Char(' '))
        ++n;
    return n;
}
} // namespace

QString yamlKeyAtLine(const QString& text, int line) {
    static const QRegularExpression keyPattern(
        QStringLiteral("^\\s*(?:-\\s+)?([A-Za-z_][\\w.-]*)\\s*:(?:\\s|$)"));
    const QStringList lines = text.split(QLatin1Char('\n'));
    if (line < 1 || line > lines.size())
        return {};
    const QString& own = lines.at(line - 1);
    if (const auto m = keyPattern.match(own); m.hasMatch())
        return m.captured(1);
    qsizetype indent = own.trimmed().isEmpty() ? 1 << 20 : indentOf(own);
    for (int i = line - 2; i >= 0; --i) {
        const QString& above = lines.at(i);
        if (above.trimmed().isEmpty() || above.trimmed().startsWith(QLatin1Char('#')))
            continue;
        const qsizetype aboveIndent = indentOf(above);
        // A list item may sit at its key's own indentation ("apis:\n- a").
        if (aboveIndent > indent)
            continue;
        if (const auto m = keyPattern.match(above); m.hasMatch())
            return m.captured(1);
        indent = aboveIndent;
    }
    return {};
}

} // namespace portico::ui
