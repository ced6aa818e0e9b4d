#pragma once

#include "ui/editors/editor.h"

namespace portico::ui {

// Keychain service under which the studio keeps subscription keys.
QString subscriptionKeychainService();
// "<workspace>/subscriptions/<id>/primary" (or /secondary).
QString subscriptionKeyAccount(const model::Workspace& workspace, const QString& subscriptionId,
                               bool primary);

// Adds a subscription to all APIs with fresh keys (one undo step), shows the keys once and
// stores them in the keychain. Returns the new subscription.
ItemRef createSubscriptionWithKeys(const EditorContext& context, QWidget* parent);

// Replaces one key of a subscription (one undo step), shows it once and stores it.
void regenerateSubscriptionKey(const EditorContext& context, const QString& subscriptionId,
                               bool primary, QWidget* parent);

} // namespace portico::ui
