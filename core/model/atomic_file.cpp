#include "core/model/atomic_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace portico::model {

namespace {
std::string lastError(const std::string& what) {
    return what + ": " + std::strerror(errno);
}

void syncFolder(const std::filesystem::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd); // best effort: some file systems refuse fsync on folders
        ::close(fd);
    }
}
} // namespace

std::string writeFileAtomically(const std::filesystem::path& file, std::string_view content) {
    const std::filesystem::path folder = file.parent_path();
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec)
        return "cannot create folder " + folder.string() + ": " + ec.message();

    std::string tempName = (folder / ("." + file.filename().string() + ".tmp-XXXXXX")).string();
    const int fd = ::mkstemp(tempName.data());
    if (fd < 0)
        return lastError("cannot create a temporary file in " + folder.string());
    ::fchmod(fd, 0644);
    auto fail = [&](const std::string& what) {
        std::string message = lastError(what);
        ::close(fd);
        ::unlink(tempName.c_str());
        return message;
    };
    const char* data = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, data, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return fail("cannot write " + tempName);
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0)
        return fail("cannot flush " + tempName);
    if (::close(fd) != 0) {
        std::string message = lastError("cannot close " + tempName);
        ::unlink(tempName.c_str());
        return message;
    }
    if (::rename(tempName.c_str(), file.c_str()) != 0) {
        std::string message = lastError("cannot replace " + file.string());
        ::unlink(tempName.c_str());
        return message;
    }
    syncFolder(folder);
    return {};
}

} // namespace portico::model
