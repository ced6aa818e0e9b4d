#include "ui/gateway/gateway_secrets.h"

#include "core/model/secret_reference.h"
#include "ui/secrets/secret_store.h"

#include <memory>

namespace portico::ui {

QStringList keychainReferences(const model::Workspace& workspace) {
    QStringList references;
    auto add = [&](const std::string& text) {
        if (!model::hasSecretScheme(text))
            return;
        const auto parsed = model::parseSecretReference(text);
        if (parsed.ok() && parsed.reference->kind == model::SecretReference::Kind::Keychain &&
            !references.contains(QString::fromStdString(text)))
            references.append(QString::fromStdString(text));
    };
    for (const auto& nv : workspace.namedValues)
        if (nv.secret)
            add(nv.secret->text);
    for (const auto& backend : workspace.backends) {
        add(backend.clientCertificate);
        add(backend.credentialsReference);
    }
    for (const auto& gateway : workspace.gateways)
        if (gateway.keyVault)
            add(gateway.keyVault->clientSecret); // the gateway signs in to Key Vault with it
    return references;
}

void resolveKeychainSecrets(SecretStore* store, const QStringList& references,
                            std::function<void(const ResolvedSecrets&)> done) {
    if (references.isEmpty() || !store) {
        done({});
        return;
    }
    struct Pending {
        ResolvedSecrets result;
        int remaining = 0;
        std::function<void(const ResolvedSecrets&)> done;
    };
    auto pending = std::make_shared<Pending>();
    pending->remaining = static_cast<int>(references.size());
    pending->done = std::move(done);
    for (const QString& text : references) {
        const auto parsed = model::parseSecretReference(text.toStdString());
        store->read(QString::fromStdString(parsed.reference->service),
                    QString::fromStdString(parsed.reference->account),
                    [pending, text](const QString& secret, const QString& error) {
                        if (error.isEmpty())
                            pending->result.values.insert(text, secret);
                        else
                            pending->result.missing.append(
                                QStringLiteral("%1: %2").arg(text, error));
                        if (--pending->remaining == 0)
                            pending->done(pending->result);
                    });
    }
}

} // namespace portico::ui
