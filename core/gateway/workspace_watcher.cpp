#include "core/gateway/workspace_watcher.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace portico::gateway {

namespace {
constexpr std::uint32_t kEvents =
    IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF;
constexpr int kSettleMs = 250;
} // namespace

WorkspaceWatcher::~WorkspaceWatcher() {
    stop();
}

void WorkspaceWatcher::watchTree(const std::filesystem::path& folder) {
    inotify_add_watch(m_fd, folder.c_str(), kEvents);
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(folder, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_directory(ec)) {
            inotify_add_watch(m_fd, it->path().c_str(), kEvents);
        }
    }
}

std::string WorkspaceWatcher::start(const std::filesystem::path& root,
                                    std::function<void()> onChange) {
    m_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (m_fd < 0) {
        return std::string("cannot watch the workspace: ") + std::strerror(errno);
    }
    m_onChange = std::move(onChange);
    watchTree(root);
    m_thread = std::thread([this, root] {
        alignas(inotify_event) char buffer[16 * 1024];
        while (!m_stopping) {
            pollfd p{m_fd, POLLIN, 0};
            if (poll(&p, 1, 100) <= 0) {
                continue;
            }
            bool changed = false;
            // Drain the burst: keep reading until the folder has been quiet for kSettleMs.
            while (!m_stopping) {
                const auto n = read(m_fd, buffer, sizeof buffer);
                if (n > 0) {
                    changed = true;
                    continue;
                }
                pollfd again{m_fd, POLLIN, 0};
                if (poll(&again, 1, kSettleMs) <= 0) {
                    break;
                }
            }
            if (changed && !m_stopping) {
                watchTree(root); // new folders (a new API) need their own watch
                m_onChange();
            }
        }
    });
    return {};
}

void WorkspaceWatcher::stop() {
    m_stopping = true;
    if (m_thread.joinable()) {
        m_thread.join();
    }
    if (m_fd >= 0) {
        close(m_fd);
        m_fd = -1;
    }
}

} // namespace portico::gateway
