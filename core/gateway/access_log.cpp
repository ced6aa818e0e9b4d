#include "core/gateway/access_log.h"

#include "core/text/json_string.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace portico::gateway {

namespace {

constexpr std::size_t kWakeThreshold = 64 * 1024;
constexpr std::size_t kMaxPending = 16 * 1024 * 1024; // beyond this lines are dropped, not queued

std::string timestamp() {
    const auto now = std::chrono::system_clock::now();
    const auto seconds = std::chrono::system_clock::to_time_t(now);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[40];
    const auto n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(buffer + n, sizeof buffer - n, ".%03dZ", static_cast<int>(millis));
    return buffer;
}

} // namespace

AccessLog::~AccessLog() {
    close();
}

std::string AccessLog::open(const std::string& path) {
    if (path == "-") {
        m_file = stdout;
    } else {
        m_file = std::fopen(path.c_str(), "a");
        if (!m_file) {
            return "cannot open access log '" + path + "': " + std::strerror(errno);
        }
        m_ownsFile = true;
    }
    m_writer = std::thread([this] { run(); });
    return {};
}

std::string AccessLog::formatLine(const AccessRecord& r) {
    std::string line;
    line.reserve(256);
    line += "{\"timestamp\":";
    text::appendJsonString(line, timestamp());
    line += ",\"requestId\":";
    text::appendJsonString(line, r.requestId);
    line += ",\"clientIp\":";
    text::appendJsonString(line, r.clientIp);
    line += ",\"method\":";
    text::appendJsonString(line, r.method);
    line += ",\"path\":";
    text::appendJsonString(line, r.path);
    line += ",\"api\":";
    text::appendJsonString(line, r.api);
    line += ",\"operation\":";
    text::appendJsonString(line, r.operation);
    line += ",\"subscriptionId\":";
    text::appendJsonString(line, r.subscriptionId);
    line += ",\"status\":" + std::to_string(r.status);
    line += ",\"bytesIn\":" + std::to_string(r.bytesIn);
    line += ",\"bytesOut\":" + std::to_string(r.bytesOut);
    char number[64];
    std::snprintf(number, sizeof number, "%.3f", r.totalMs);
    line += ",\"totalMs\":";
    line += number;
    if (r.backendMs >= 0) {
        std::snprintf(number, sizeof number, "%.3f", r.backendMs);
        line += ",\"backendMs\":";
        line += number;
    } else {
        line += ",\"backendMs\":null";
    }
    line += "}\n";
    return line;
}

void AccessLog::write(const AccessRecord& record) {
    if (!m_file) {
        return;
    }
    auto line = formatLine(record);
    bool wake = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_pending.size() + line.size() > kMaxPending) {
            return;
        }
        m_pending += line;
        wake = m_pending.size() >= kWakeThreshold;
    }
    if (wake) {
        m_wake.notify_one();
    }
}

void AccessLog::run() {
    std::string batch;
    std::unique_lock lock(m_mutex);
    while (true) {
        m_wake.wait_for(lock, std::chrono::milliseconds(100),
                        [this] { return m_stopping || m_pending.size() >= kWakeThreshold; });
        batch.swap(m_pending);
        const bool stopping = m_stopping;
        lock.unlock();
        if (!batch.empty()) {
            std::fwrite(batch.data(), 1, batch.size(), m_file);
            std::fflush(m_file);
            batch.clear();
        }
        lock.lock();
        if (stopping && m_pending.empty()) {
            return;
        }
    }
}

void AccessLog::close() {
    if (!m_writer.joinable()) {
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_writer.join();
    if (m_ownsFile) {
        std::fclose(m_file);
    }
    m_file = nullptr;
}

} // namespace portico::gateway
