#include "app/cli/command_line.h"
#include "app/cli/commands.h"
#include "app/cli/workspace_edit.h"
#include "core/model/identity_loader.h"
#include "core/model/identity_writer.h"
#include "core/model/value_rules.h"
#include "core/model/workspace_loader.h"
#include "core/security/key_hash.h"

#include <algorithm>
#include <iostream>

namespace portico::cli {

namespace {

constexpr char kCommand[] = "identity";

std::vector<std::string> commaList(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        auto item =
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!item.empty())
            out.push_back(item);
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return out;
}

void shownOnce(const char* what) {
    std::cerr << "Keep the " << what
              << " now: it is shown once, and the workspace stores only its salted hash.\n";
}

// Writes identity/ and loads the workspace again, so that an edit the loader would refuse is
// undone and reported instead of left behind.
int saveChecked(const model::Workspace& workspace, const model::IdentitySettings& before,
                const std::filesystem::path& dir) {
    if (auto why = model::saveIdentity(dir, workspace.identity); !why.empty()) {
        std::cerr << "portico: cannot write " << why << '\n';
        return kExitIo;
    }
    auto check = model::loadWorkspace(dir);
    if (check.diagnostics.hasErrors()) {
        for (const auto& d : check.diagnostics.items())
            if (d.severity == model::Severity::Error)
                std::cout << d.toString() << '\n';
        model::saveIdentity(dir, before);
        std::cerr << "portico: not changed, the edit would leave errors\n";
        return kExitDiagnostics;
    }
    return kExitOk;
}

int addClient(model::Workspace& workspace, const CommandLine& cl,
              const std::filesystem::path& dir) {
    const auto id = cl.value("--id");
    if (!id)
        return usageError("--id ID is required", kCommand);
    if (auto why = model::checkId(*id); !why.empty())
        return usageError("bad --id '" + *id + "': " + why, kCommand);
    if (workspace.identity.findClient(*id)) {
        std::cerr << "portico: a client with id '" << *id << "' already exists\n";
        return kExitDiagnostics;
    }
    const auto before = workspace.identity;
    model::IdentityClient client;
    client.id = *id;
    client.displayName = cl.value("--display-name").value_or("");
    client.grantTypes = commaList(cl.value("--grants").value_or(""));
    if (client.grantTypes.empty())
        return usageError("--grants is required (comma-separated: client_credentials, "
                          "authorization_code, refresh_token, device_code)",
                          kCommand);
    client.redirectUris = commaList(cl.value("--redirect-uris").value_or(""));
    client.scopes = commaList(cl.value("--scopes").value_or(""));
    client.roles = commaList(cl.value("--roles").value_or(""));
    std::string secret;
    if (!cl.has("--public")) {
        secret = security::generateSubscriptionKey();
        client.secretHash = security::hashSubscriptionKey(secret);
    }
    workspace.identity.clients.push_back(std::move(client));
    std::sort(workspace.identity.clients.begin(), workspace.identity.clients.end(),
              [](const auto& a, const auto& b) { return a.id < b.id; });
    if (int code = saveChecked(workspace, before, dir); code != kExitOk)
        return code;
    std::cerr << "Added client '" << *id << "' to identity/clients.yaml.\n";
    if (!secret.empty()) {
        std::cout << "client-secret: " << secret << '\n';
        shownOnce("client secret");
    }
    return kExitOk;
}

int newClientSecret(model::Workspace& workspace, const CommandLine& cl,
                    const std::filesystem::path& dir) {
    const auto id = cl.value("--id");
    if (!id)
        return usageError("--id ID is required", kCommand);
    const auto before = workspace.identity;
    auto* client = workspace.identity.findClient(*id);
    if (!client) {
        std::cerr << "portico: no client '" << *id << "' in identity/clients.yaml\n";
        return kExitDiagnostics;
    }
    const std::string secret = security::generateSubscriptionKey();
    client->secretHash = security::hashSubscriptionKey(secret);
    if (int code = saveChecked(workspace, before, dir); code != kExitOk)
        return code;
    std::cerr << "New secret for client '" << *id << "'; the old one no longer works.\n";
    std::cout << "client-secret: " << secret << '\n';
    shownOnce("client secret");
    return kExitOk;
}

int addUser(model::Workspace& workspace, const CommandLine& cl, const std::filesystem::path& dir) {
    const auto username = cl.value("--username");
    if (!username)
        return usageError("--username NAME is required", kCommand);
    if (workspace.identity.findUser(*username)) {
        std::cerr << "portico: a user named '" << *username << "' already exists\n";
        return kExitDiagnostics;
    }
    const auto before = workspace.identity;
    model::IdentityUser user;
    user.username = *username;
    user.displayName = cl.value("--display-name").value_or("");
    user.objectId = model::derivedObjectId(workspace.identity.tenant, *username);
    const std::string password = security::generateSubscriptionKey();
    user.passwordHash = security::hashSubscriptionKey(password);
    workspace.identity.users.push_back(std::move(user));
    std::sort(workspace.identity.users.begin(), workspace.identity.users.end(),
              [](const auto& a, const auto& b) { return a.username < b.username; });
    if (int code = saveChecked(workspace, before, dir); code != kExitOk)
        return code;
    std::cerr << "Added user '" << *username << "' to identity/users.yaml.\n";
    std::cout << "password: " << password << '\n';
    shownOnce("password");
    return kExitOk;
}

int newPassword(model::Workspace& workspace, const CommandLine& cl,
                const std::filesystem::path& dir) {
    const auto username = cl.value("--username");
    if (!username)
        return usageError("--username NAME is required", kCommand);
    const auto before = workspace.identity;
    auto* user = workspace.identity.findUser(*username);
    if (!user) {
        std::cerr << "portico: no user '" << *username << "' in identity/users.yaml\n";
        return kExitDiagnostics;
    }
    const std::string password = security::generateSubscriptionKey();
    user->passwordHash = security::hashSubscriptionKey(password);
    if (int code = saveChecked(workspace, before, dir); code != kExitOk)
        return code;
    std::cerr << "New password for user '" << user->username << "'.\n";
    std::cout << "password: " << password << '\n';
    shownOnce("password");
    return kExitOk;
}

} // namespace

int runIdentity(const Args& args) {
    CommandLine cl({"--workspace", "--id", "--display-name", "--grants", "--redirect-uris",
                    "--scopes", "--roles", "--username", "--tenant"},
                   {"--public"});
    if (auto error = cl.parse(args))
        return usageError(*error, kCommand);
    const auto& what = cl.positionals();
    if (what.size() != 2)
        return usageError("identity takes two words: client add|secret, user add|password, or "
                          "tenant set",
                          kCommand);
    const std::string action = what[0] + " " + what[1];
    static const std::vector<std::string> kActions{"client add", "client secret", "user add",
                                                   "user password", "tenant set"};
    if (std::find(kActions.begin(), kActions.end(), action) == kActions.end())
        return usageError("unknown identity action '" + action + "'", kCommand);
    if (!cl.value("--workspace"))
        return usageError("--workspace DIR is required", kCommand);
    const std::filesystem::path dir = *cl.value("--workspace");
    int exitCode = kExitOk;
    auto workspace = loadWorkspaceForEdit(dir, exitCode);
    if (!workspace)
        return exitCode;
    if (action == "client add")
        return addClient(*workspace, cl, dir);
    if (action == "client secret")
        return newClientSecret(*workspace, cl, dir);
    if (action == "user add")
        return addUser(*workspace, cl, dir);
    if (action == "user password")
        return newPassword(*workspace, cl, dir);
    const auto tenant = cl.value("--tenant");
    if (!tenant)
        return usageError("--tenant ID is required", kCommand);
    const auto before = workspace->identity;
    workspace->identity.tenant = *tenant;
    if (int code = saveChecked(*workspace, before, dir); code != kExitOk)
        return code;
    std::cerr << "The local identity provider's tenant is now '" << *tenant << "'.\n";
    return kExitOk;
}

} // namespace portico::cli
