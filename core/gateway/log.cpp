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

namespace {

void writeLine(std::string_view text) {
    std::string line = "portico-gateway: ";
    line += text;
    line += "\n";
    std::lock_guard lock(g_mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
}

} // namespace

void logMessage(LogLevel level, std::string_view message) {
    if (!logEnabled(level)) {
        return;
    }
    static constexpr const char* kNames[] = {"error", "warning", "info", "debug"};
    writeLine(std::string(kNames[static_cast<int>(level)]) + ": " + std::string(message));
}

void logDiagnostic(const model::Diagnostic& diagnostic) {
    const auto level =
        diagnostic.severity == model::Severity::Error ? LogLevel::Error : LogLevel::Warning;
    if (logEnabled(level)) {
        writeLine(diagnostic.toString()); // it names its severity itself
    }
}

} // namespace portico::gateway
