#include "app/cli/command_line.h"
#include "app/cli/commands.h"
#include "app/cli/workspace_edit.h"
#include "core/model/value_rules.h"
#include "core/security/key_hash.h"

#include <algorithm>
#include <iostream>

namespace portico::cli {

namespace {

using model::SubscriptionState;

void printKey(const char* label, const std::string& key) {
    std::cout << label << key << '\n';
}

void warnShownOnce() {
    std::cerr << "Keep the key(s) now: they are shown once, and the workspace stores only salted "
                 "hashes.\n";
}

int create(model::Workspace& workspace, const std::string& id, const CommandLine& cl,
           const std::filesystem::path& dir) {
    if (auto why = model::checkId(id); !why.empty())
        return usageError("bad --id '" + id + "': " + why, "subscription");
    if (workspace.findSubscription(id)) {
        std::cerr << "portico: a subscription with id '" << id << "' already exists\n";
        return kExitDiagnostics;
    }
    const auto scope = cl.value("--scope");
    if (!scope)
        return usageError("--scope is required (/products/ID, /apis/ID or /apis)", "subscription");

    model::Subscription subscription;
    subscription.id = id;
    subscription.scope = *scope;
    subscription.owner = cl.value("--owner").value_or("");
    subscription.displayName = cl.value("--display-name").value_or("");
    const std::string primary = security::generateSubscriptionKey();
    const std::string secondary = security::generateSubscriptionKey();
    subscription.primaryKeyHash = security::hashSubscriptionKey(primary);
    subscription.secondaryKeyHash = security::hashSubscriptionKey(secondary);
    workspace.subscriptions.push_back(std::move(subscription));
    std::sort(workspace.subscriptions.begin(), workspace.subscriptions.end(),
              [](const auto& a, const auto& b) { return a.id < b.id; });

    if (int code = validateAndSave(workspace, dir); code != kExitOk)
        return code;
    std::cerr << "Created subscription '" << id << "' with scope " << *scope << ".\n";
    printKey("primary-key: ", primary);
    printKey("secondary-key: ", secondary);
    warnShownOnce();
    return kExitOk;
}

int regenerate(model::Workspace& workspace, model::Subscription& subscription,
               const CommandLine& cl, const std::filesystem::path& dir) {
    const std::string which = cl.value("--key").value_or("");
    if (which != "primary" && which != "secondary")
        return usageError("--key must be 'primary' or 'secondary'", "subscription");
    const std::string key = security::generateSubscriptionKey();
    (which == "primary" ? subscription.primaryKeyHash : subscription.secondaryKeyHash) =
        security::hashSubscriptionKey(key);
    if (int code = validateAndSave(workspace, dir); code != kExitOk)
        return code;
    std::cerr << "Regenerated the " << which << " key of subscription '" << subscription.id
              << "'; the old one no longer works.\n";
    printKey(which == "primary" ? "primary-key: " : "secondary-key: ", key);
    warnShownOnce();
    return kExitOk;
}

int changeState(model::Workspace& workspace, model::Subscription& subscription,
                SubscriptionState to, const std::filesystem::path& dir) {
    // APIM does not revive a cancelled subscription: a new one must be created.
    if (subscription.state == SubscriptionState::Cancelled && to != SubscriptionState::Cancelled) {
        std::cerr << "portico: subscription '" << subscription.id
                  << "' is cancelled and cannot be changed; create a new one\n";
        return kExitDiagnostics;
    }
    subscription.state = to;
    if (int code = validateAndSave(workspace, dir); code != kExitOk)
        return code;
    std::cerr << "Subscription '" << subscription.id << "' is now "
              << (to == SubscriptionState::Active      ? "active"
                  : to == SubscriptionState::Suspended ? "suspended"
                                                       : "cancelled")
              << ".\n";
    return kExitOk;
}

} // namespace

int runSubscription(const Args& args) {
    CommandLine cl({"--workspace", "--id", "--scope", "--owner", "--display-name", "--key"}, {});
    if (auto error = cl.parse(args))
        return usageError(*error, "subscription");
    if (cl.positionals().size() != 1)
        return usageError("subscription takes one action: create, regenerate, suspend, activate "
                          "or cancel",
                          "subscription");
    const std::string action = cl.positionals().front();
    static const std::vector<std::string> kActions{"create", "regenerate", "suspend", "activate",
                                                   "cancel"};
    if (std::find(kActions.begin(), kActions.end(), action) == kActions.end())
        return usageError("unknown subscription action '" + action + "'", "subscription");
    if (!cl.value("--workspace"))
        return usageError("--workspace DIR is required", "subscription");
    if (!cl.value("--id"))
        return usageError("--id ID is required", "subscription");
    if (action != "create" && (cl.has("--scope") || cl.has("--owner") || cl.has("--display-name")))
        return usageError("--scope, --owner and --display-name are only for create",
                          "subscription");
    if (action != "regenerate" && cl.has("--key"))
        return usageError("--key is only for regenerate", "subscription");

    const std::filesystem::path dir = *cl.value("--workspace");
    const std::string id = *cl.value("--id");
    int exitCode = kExitOk;
    auto workspace = loadWorkspaceForEdit(dir, exitCode);
    if (!workspace)
        return exitCode;
    if (action == "create")
        return create(*workspace, id, cl, dir);

    model::Subscription* subscription = workspace->findSubscription(id);
    if (!subscription) {
        std::cerr << "portico: no subscription '" << id << "' in " << dir.string() << '\n';
        return kExitDiagnostics;
    }
    if (action == "regenerate")
        return regenerate(*workspace, *subscription, cl, dir);
    const SubscriptionState to = action == "suspend"    ? SubscriptionState::Suspended
                                 : action == "activate" ? SubscriptionState::Active
                                                        : SubscriptionState::Cancelled;
    return changeState(*workspace, *subscription, to, dir);
}

} // namespace portico::cli
