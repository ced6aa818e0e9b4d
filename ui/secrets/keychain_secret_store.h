#pragma once

#include "ui/secrets/secret_store.h"

namespace portico::ui {

// The OS keychain through QtKeychain: Secret Service (gnome-keyring, KWallet) on Linux,
// Keychain on macOS, Credential Manager on Windows. Never falls back to plain files.
class KeychainSecretStore : public SecretStore {
    Q_OBJECT
public:
    using SecretStore::SecretStore;

    void write(const QString& service, const QString& account, const QString& secret,
               WriteDone done) override;
    void read(const QString& service, const QString& account, ReadDone done) override;
    void remove(const QString& service, const QString& account, WriteDone done) override;
};

} // namespace portico::ui
