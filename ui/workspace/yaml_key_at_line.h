#pragma once

#include <QString>

namespace portico::ui {

// The mapping key a line of a YAML file belongs to: its own key ("scope: x" -> "scope"), or for
// list items and continuation lines the nearest less indented key above ("  - a" under "apis:"
// -> "apis"). `line` is 1-based; returns an empty string when there is none.
QString yamlKeyAtLine(const QString& text, int line);

} // namespace portico::ui
