#pragma once

#include "core/model/diagnostic.h"

#include <QString>
#include <QStringList>

// Diagnostics as readable text, so that a failing comparison shows what was reported.
inline QString describe(const portico::model::DiagnosticList& list) {
    QStringList lines;
    for (const auto& d : list.items())
        lines << QString::fromStdString(d.toString());
    return lines.join(QLatin1Char('\n'));
}
