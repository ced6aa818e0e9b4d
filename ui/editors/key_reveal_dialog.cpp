#include "ui/editors/key_reveal_dialog.h"

#include "ui/common/icons.h"
#include "ui/secrets/secret_store.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

namespace portico::ui {

KeyRevealDialog::KeyRevealDialog(std::vector<Key> keys, QWidget* parent)
    : QDialog(parent)
    , m_keys(std::move(keys))
    , m_statusLabel(new QLabel(this)) {
    setObjectName(QStringLiteral("keyRevealDialog"));
    setWindowTitle(tr("Subscription keys"));
    setAttribute(Qt::WA_DeleteOnClose);
    setMinimumWidth(560);

    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(12);
    auto* intro = new QLabel(tr("<b>Copy the key now: it is shown only once.</b> The workspace "
                                "keeps only a salted hash of it; the key itself goes to your "
                                "keychain."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* form = new QFormLayout;
    form->setHorizontalSpacing(12);
    for (const Key& key : m_keys) {
        auto* row = new QHBoxLayout;
        auto* lineEdit = new QLineEdit(key.value, this);
        lineEdit->setObjectName(key.name + QStringLiteral("KeyLineEdit"));
        lineEdit->setAccessibleName(key.label);
        lineEdit->setReadOnly(true);
        lineEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        lineEdit->setMinimumWidth(lineEdit->fontMetrics().horizontalAdvance(key.value) + 24);
        auto* copy = new QPushButton(icon("copy"), tr("Copy"), this);
        copy->setObjectName(QStringLiteral("copy") + key.name.at(0).toUpper() + key.name.mid(1) +
                            QStringLiteral("KeyPushButton"));
        copy->setAccessibleName(tr("Copy %1").arg(key.label));
        connect(copy, &QPushButton::clicked, this, [this, lineEdit, copy] {
            QApplication::clipboard()->setText(lineEdit->text());
            copy->setText(tr("Copied"));
        });
        row->addWidget(lineEdit, 1);
        row->addWidget(copy);
        form->addRow(tr("%1:").arg(key.label), row);
    }
    layout->addLayout(form);

    m_statusLabel->setObjectName(QStringLiteral("keychainStatusLabel"));
    m_statusLabel->setAccessibleName(tr("Keychain status"));
    m_statusLabel->setWordWrap(true);
    layout->addWidget(m_statusLabel);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("keyRevealDialogButtonBox"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

void KeyRevealDialog::storeIn(SecretStore* store, const QString& service) {
    m_pending = static_cast<int>(m_keys.size());
    m_failures.clear();
    m_statusLabel->setText(tr("Storing in the keychain…"));
    for (const Key& key : m_keys) {
        const QString account = key.account;
        // The user may close the dialog before the keychain answers.
        QPointer<KeyRevealDialog> self(this);
        store->write(
            service, account, key.value, [self, this, service, account](const QString& error) {
                if (!self)
                    return;
                if (!error.isEmpty())
                    m_failures << error;
                if (--m_pending > 0)
                    return;
                if (m_failures.isEmpty())
                    m_statusLabel->setText(
                        tr("Stored in the keychain (service “%1”, %2).").arg(service, account));
                else
                    m_statusLabel->setText(tr("<b>Not stored in the keychain:</b> %1. Copy the key "
                                              "now or regenerate it later.")
                                               .arg(m_failures.join(QStringLiteral("; "))));
                Q_EMIT storingDone(m_failures.isEmpty());
            });
    }
}

void KeyRevealDialog::done(int result) {
    // The keys must not linger in widgets after they were shown.
    for (auto* lineEdit : findChildren<QLineEdit*>())
        lineEdit->clear();
    for (Key& key : m_keys)
        key.value.fill(QLatin1Char('\0'));
    QDialog::done(result);
}

} // namespace portico::ui
