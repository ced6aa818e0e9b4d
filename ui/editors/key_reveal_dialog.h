#pragma once

#include <QDialog>

#include <vector>

class QLabel;

namespace portico::ui {

class SecretStore;

// Shows freshly made subscription keys once, with copy buttons, while storing them in the
// keychain. The keys are wiped from the widgets when the dialog closes.
class KeyRevealDialog : public QDialog {
    Q_OBJECT
public:
    struct Key {
        QString label; // "Primary key"
        QString name;  // "primary": object names become primaryKeyLineEdit, ...
        QString value;
        QString account; // keychain account
    };

    KeyRevealDialog(std::vector<Key> keys, QWidget* parent = nullptr);

    // Writes every key to `store`; the status line says where they went or what failed.
    void storeIn(SecretStore* store, const QString& service);
    bool storingFinished() const { return m_pending == 0; }
    bool storedAll() const { return m_pending == 0 && m_failures.isEmpty(); }

Q_SIGNALS:
    void storingDone(bool ok);

protected:
    void done(int result) override;

private:
    std::vector<Key> m_keys;
    QLabel* m_statusLabel;
    int m_pending = 0;
    QStringList m_failures;
};

} // namespace portico::ui
