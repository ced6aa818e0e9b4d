#include "core/gateway/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

namespace portico::gateway {

namespace {
std::atomic<int> g_level{static_cast<int>(LogLevel::Info)};
std::mutex g_mutex;
} // namespace

void setLogLevel(LogLevel level) {
    g_level = static_cast<int>(level);
}

bool logEnabled(LogLevel level) {
    return static_cast<int>(level) <= g_level.load(std::memory_order_relaxed);
}

void logMessage(LogLevel level, std::string_view message) {
    if (!logEnabled(level)) {
        return;
    }
    static constexpr const char* kNames[] = {"error", "warning", "info", "debug"};
    std::string line = "portico-gateway: ";
    line += kNames[static_cast<int>(level)];
    line += ": ";
    line += message;
    line += "\n";
    std::lock_guard lock(g_mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
}

} // namespace portico::gateway
