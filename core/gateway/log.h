#pragma once

#include "core/gateway/options.h"
#include "core/model/diagnostic.h"

#include <string_view>

namespace portico::gateway {

void setLogLevel(LogLevel level);
bool logEnabled(LogLevel level);
// One line to stderr: "portico-gateway: <level>: message".
void logMessage(LogLevel level, std::string_view message);
// "portico-gateway: file:line:col: warning: CODE message", at the diagnostic's level.
void logDiagnostic(const model::Diagnostic& diagnostic);

} // namespace portico::gateway
