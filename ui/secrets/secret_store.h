#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace portico::ui {

// Where the studio keeps secrets (subscription keys, secret named values): the OS keychain in
// the app, something else in tests. Calls are asynchronous; callbacks run on the GUI thread.
class SecretStore : public QObject {
    Q_OBJECT
public:
    using WriteDone = std::function<void(const QString& error)>;
    using ReadDone = std::function<void(const QString& secret, const QString& error)>;

    using QObject::QObject;

    // `service` groups secrets (e.g. "portico"), `account` names one of them.
    virtual void write(const QString& service, const QString& account, const QString& secret,
                       WriteDone done) = 0;
    virtual void read(const QString& service, const QString& account, ReadDone done) = 0;
    virtual void remove(const QString& service, const QString& account, WriteDone done) = 0;
};

} // namespace portico::ui
