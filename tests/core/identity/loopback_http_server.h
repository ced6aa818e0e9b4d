#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace portico::identity::test {

// A tiny real HTTP/1.1 server on 127.0.0.1 for the key provider tests: one thread, one request
// per connection, canned answers by path, hits counted per path.
class LoopbackHttpServer {
public:
    LoopbackHttpServer();
    ~LoopbackHttpServer();

    int port() const { return m_port; }
    std::string url(const std::string& path) const;

    // Answers GET `path` with `status` and `body` from now on.
    void answer(const std::string& path, int status, std::string body);
    // Accepts connections but never answers (an IdP that hangs).
    void setSilent(bool silent) { m_silent = silent; }
    int hits(const std::string& path) const;

private:
    void serve();
    void handle(int client);

    int m_listener = -1;
    int m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::atomic<bool> m_silent{false};
    mutable std::mutex m_mutex;
    std::map<std::string, std::pair<int, std::string>> m_answers;
    std::map<std::string, int> m_hits;
    std::thread m_thread;
};

} // namespace portico::identity::test
