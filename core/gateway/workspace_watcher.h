#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

namespace portico::gateway {

// Watches a workspace folder tree with inotify and calls onChange (from its own thread) once a
// burst of file changes has settled, so an editor's save-rename-delete sequence is one reload.
class WorkspaceWatcher {
public:
    WorkspaceWatcher() = default;
    ~WorkspaceWatcher();
    WorkspaceWatcher(const WorkspaceWatcher&) = delete;
    WorkspaceWatcher& operator=(const WorkspaceWatcher&) = delete;

    // Returns an error message, empty on success.
    std::string start(const std::filesystem::path& root, std::function<void()> onChange);
    void stop();

private:
    void run();
    void watchTree(const std::filesystem::path& folder);

    int m_fd = -1;
    std::function<void()> m_onChange;
    std::atomic<bool> m_stopping{false};
    std::thread m_thread;
};

} // namespace portico::gateway
