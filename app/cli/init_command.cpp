#include "app/cli/command_line.h"
#include "app/cli/commands.h"
#include "core/model/workspace_loader.h"
#include "core/model/workspace_writer.h"
#include "core/sample/embedded_file.h"
#include "core/security/key_hash.h"

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

struct FreshKeys {
    std::string subscriptionId;
    std::string primary;
    std::string secondary;
};

// The sample's subscription keys are known to anyone who reads our sources; a new workspace
// gets its own, shown once.
bool freshenSubscriptionKeys(const fs::path& dir, std::vector<FreshKeys>& keys,
                             std::string& error) {
    auto loaded = model::loadWorkspace(dir);
    if (loaded.diagnostics.hasErrors()) {
        error = dir.string() + ": the sample workspace does not load cleanly";
        return false;
    }
    for (auto& subscription : loaded.workspace.subscriptions) {
        FreshKeys fresh{subscription.id, security::generateSubscriptionKey(),
                        security::generateSubscriptionKey()};
        subscription.primaryKeyHash = security::hashSubscriptionKey(fresh.primary);
        subscription.secondaryKeyHash = security::hashSubscriptionKey(fresh.secondary);
        keys.push_back(std::move(fresh));
    }
    auto saved = model::saveWorkspace(loaded.workspace, dir);
    error = saved.error;
    return saved.ok();
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
    std::vector<FreshKeys> keys;
    if (!fs::create_directory(staging, ec) || !writeTree(staging, error) ||
        !freshenSubscriptionKeys(staging, keys, error)) {
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
    for (const auto& fresh : keys) {
        std::cout << "subscription " << fresh.subscriptionId << " primary-key: " << fresh.primary
                  << '\n'
                  << "subscription " << fresh.subscriptionId
                  << " secondary-key: " << fresh.secondary << '\n';
    }
    if (!keys.empty())
        std::cerr << "Keep the subscription keys now: they are new for this workspace, shown once, "
                     "and stored only as salted hashes.\n";
    return kExitOk;
}

} // namespace portico::cli
