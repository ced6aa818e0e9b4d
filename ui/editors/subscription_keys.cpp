#include "ui/editors/subscription_keys.h"

#include "core/security/key_hash.h"
#include "ui/editors/key_reveal_dialog.h"

namespace portico::ui {

QString subscriptionKeychainService() {
    return QStringLiteral("portico");
}

QString subscriptionKeyAccount(const model::Workspace& workspace, const QString& subscriptionId,
                               bool primary) {
    const QString name = workspace.name.empty()
                             ? QString::fromStdString(workspace.root.filename().string())
                             : QString::fromStdString(workspace.name);
    return QStringLiteral("%1/subscriptions/%2/%3")
        .arg(name, subscriptionId,
             primary ? QStringLiteral("primary") : QStringLiteral("secondary"));
}

namespace {

KeyRevealDialog::Key makeKey(const model::Workspace& ws, const QString& id, bool primary,
                             const std::string& value) {
    return {primary ? KeyRevealDialog::tr("Primary key") : KeyRevealDialog::tr("Secondary key"),
            primary ? QStringLiteral("primary") : QStringLiteral("secondary"),
            QString::fromStdString(value), subscriptionKeyAccount(ws, id, primary)};
}

void reveal(const EditorContext& context, std::vector<KeyRevealDialog::Key> keys, QWidget* parent) {
    auto* dialog = new KeyRevealDialog(std::move(keys), parent);
    dialog->storeIn(context.secrets, subscriptionKeychainService());
    // open(), not exec(): window-modal without a nested event loop.
    dialog->open();
}

} // namespace

ItemRef createSubscriptionWithKeys(const EditorContext& context, QWidget* parent) {
    const auto& ws = context.document->workspace();
    QString id;
    for (int n = 1;; ++n) {
        id = QStringLiteral("subscription-%1").arg(n);
        if (!findEntity<model::Subscription>(ws, id))
            break;
    }
    const std::string primary = security::generateSubscriptionKey();
    const std::string secondary = security::generateSubscriptionKey();

    model::Subscription sub;
    sub.id = id.toStdString();
    sub.displayName = QObject::tr("New subscription %1").arg(id.mid(13)).toStdString();
    sub.scope = "/apis";
    sub.state = model::SubscriptionState::Active;
    sub.primaryKeyHash = security::hashSubscriptionKey(primary);
    sub.secondaryKeyHash = security::hashSubscriptionKey(secondary);
    sub.origin.where.file = "subscriptions/" + sub.id + ".yaml";
    context.document->addEntity(sub, QObject::tr("Create subscription %1").arg(id));

    reveal(context, {makeKey(ws, id, true, primary), makeKey(ws, id, false, secondary)}, parent);
    return refOf(sub);
}

void regenerateSubscriptionKey(const EditorContext& context, const QString& subscriptionId,
                               bool primary, QWidget* parent) {
    const auto& ws = context.document->workspace();
    const auto* sub = findEntity<model::Subscription>(ws, subscriptionId);
    if (!sub)
        return;
    const std::string key = security::generateSubscriptionKey();
    const std::string hash = security::hashSubscriptionKey(key);
    const std::string before = primary ? sub->primaryKeyHash : sub->secondaryKeyHash;
    context.document->setValue<std::string>(
        // The hash in the field name keeps two regenerations two undo steps.
        refOf(*sub), QStringLiteral("regenerate:") + QString::fromStdString(hash),
        primary ? QObject::tr("Regenerate primary key") : QObject::tr("Regenerate secondary key"),
        before, hash, [subscriptionId, primary](model::Workspace& w, const std::string& v) {
            if (auto* s = findEntity<model::Subscription>(w, subscriptionId))
                (primary ? s->primaryKeyHash : s->secondaryKeyHash) = v;
        });
    reveal(context, {makeKey(ws, subscriptionId, primary, key)}, parent);
}

} // namespace portico::ui
