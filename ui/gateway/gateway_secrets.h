#pragma once

#include "core/model/workspace.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>

namespace portico::ui {

class SecretStore;

// The keychain: references the workspace uses (secret named values, backend credentials and
// client certificates, the gateways' Key Vault client secrets), as written. The gateway
// resolves env:, file: and keyvault: itself.
QStringList keychainReferences(const model::Workspace& workspace);

struct ResolvedSecrets {
    QMap<QString, QString> values; // reference text -> secret
    QStringList missing;           // "reference: why", for the log
};

// Reads every keychain reference from `store`; `done` runs once all answers are in.
void resolveKeychainSecrets(SecretStore* store, const QStringList& references,
                            std::function<void(const ResolvedSecrets&)> done);

} // namespace portico::ui
