#pragma once

#include "ui/workspace/item_ref.h"

#include <QIcon>

namespace portico::ui {

// Icons of our own set in resources/icons/ (SVG, crisp at any device pixel ratio).
QIcon icon(const char* name);
QIcon iconFor(ItemKind kind);

// Registers the icon resources of the static ui library; call once before using icons.
void initResources();

} // namespace portico::ui
