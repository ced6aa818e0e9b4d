#pragma once

#include "core/gateway/options.h"

#include <string_view>

namespace portico::gateway {

void setLogLevel(LogLevel level);
bool logEnabled(LogLevel level);
// One line to stderr: "portico-gateway: <level>: message".
void logMessage(LogLevel level, std::string_view message);

} // namespace portico::gateway
