#include "app/cli/command_line.h"
#include "app/cli/commands.h"
#include "core/sample/embedded_file.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

namespace fs = std::filesystem;

namespace portico::cli {

namespace {

bool writeTree(const fs::path& dir, std::string& error) {
    for (const auto& file : sample::sampleWorkspaceFiles()) {
        const fs::path target = dir / fs::path(std::string(file.path));
        std::error_code ec;
        fs::create_directories(target.parent_path(), ec);
        std::ofstream out(target, std::ios::binary);
        out.write(file.content.data(), static_cast<std::streamsize>(file.content.size()));
        out.close();
        if (ec || !out) {
            error = target.string() + ": cannot write";
            return false;
        }
    }
    return true;
}

} // namespace

// Builds the workspace in a hidden sibling folder and renames it into place, so that an
// interrupted init never leaves a half-written workspace behind.
int runInit(const Args& args) {
    CommandLine cl({}, {});
    if (auto error = cl.parse(args))
        return usageError(*error, "init");
    if (cl.positionals().size() != 1)
        return usageError("init takes exactly one folder: portico init DIR", "init");

    const fs::path dir = fs::absolute(cl.positionals().front()).lexically_normal();
    const fs::path target = dir.filename().empty() ? dir.parent_path() : dir;
    std::error_code ec;
    if (fs::exists(target, ec)) {
        if (!fs::is_directory(target, ec) || !fs::is_empty(target, ec)) {
            std::cerr << "portico: " << cl.positionals().front()
                      << ": already exists and is not an empty folder; choose a new folder\n";
            return kExitIo;
        }
    }
    if (!fs::is_directory(target.parent_path(), ec)) {
        std::cerr << "portico: " << target.parent_path().string() << ": no such folder\n";
        return kExitIo;
    }

    std::random_device random;
    const fs::path staging = target.parent_path() / ("." + target.filename().string() + ".init-" +
                                                     std::to_string(random()));
    std::string error;
    if (!fs::create_directory(staging, ec) || !writeTree(staging, error)) {
        fs::remove_all(staging, ec);
        std::cerr << "portico: " << (error.empty() ? staging.string() + ": cannot create" : error)
                  << '\n';
        return kExitIo;
    }
    fs::rename(staging, target, ec); // replaces an empty target folder atomically
    if (ec) {
        fs::remove_all(staging, ec);
        std::cerr << "portico: " << target.string() << ": cannot create: " << ec.message() << '\n';
        return kExitIo;
    }
    std::cout << "Created workspace " << cl.positionals().front() << " with the sample content ("
              << sample::sampleWorkspaceFiles().size() << " files)\n";
    return kExitOk;
}

} // namespace portico::cli
