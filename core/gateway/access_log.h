#pragma once

#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace portico::gateway {

struct AccessRecord {
    std::string_view requestId;
    std::string_view clientIp;
    std::string_view method;
    std::string_view path;
    std::string_view api;
    std::string_view operation;
    std::string_view subscriptionId;
    int status = 0;
    std::uint64_t bytesIn = 0;
    std::uint64_t bytesOut = 0;
    double totalMs = 0;
    double backendMs = -1; // negative when no backend was called
};

// One JSON line per request. Workers only append to a memory buffer under a short lock;
// a writer thread does the file I/O, so a slow disk never stalls the event loops.
class AccessLog {
public:
    AccessLog() = default;
    ~AccessLog();
    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;

    // path "-" writes to stdout. Returns an error message, empty on success.
    std::string open(const std::string& path);
    bool enabled() const { return m_file != nullptr; }
    void write(const AccessRecord& record);
    void close(); // flushes everything written so far

    static std::string formatLine(const AccessRecord& record);

private:
    void run();

    std::FILE* m_file = nullptr;
    bool m_ownsFile = false;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::string m_pending;
    bool m_stopping = false;
    std::thread m_writer;
};

} // namespace portico::gateway
