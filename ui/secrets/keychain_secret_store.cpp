#include "ui/secrets/keychain_secret_store.h"

#include <qt6keychain/keychain.h>

namespace portico::ui {

namespace {
QString describe(const QKeychain::Job* job) {
    if (job->error() == QKeychain::NoError)
        return {};
    return KeychainSecretStore::tr("Keychain: %1").arg(job->errorString());
}
} // namespace

void KeychainSecretStore::write(const QString& service, const QString& account,
                                const QString& secret, WriteDone done) {
    auto* job = new QKeychain::WritePasswordJob(service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(account);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this,
            [done = std::move(done)](QKeychain::Job* finished) { done(describe(finished)); });
    job->start();
}

void KeychainSecretStore::read(const QString& service, const QString& account, ReadDone done) {
    auto* job = new QKeychain::ReadPasswordJob(service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(account);
    connect(job, &QKeychain::Job::finished, this,
            [done = std::move(done), job](QKeychain::Job* finished) {
                done(job->textData(), describe(finished));
            });
    job->start();
}

void KeychainSecretStore::remove(const QString& service, const QString& account, WriteDone done) {
    auto* job = new QKeychain::DeletePasswordJob(service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(account);
    connect(job, &QKeychain::Job::finished, this,
            [done = std::move(done)](QKeychain::Job* finished) { done(describe(finished)); });
    job->start();
}

} // namespace portico::ui
