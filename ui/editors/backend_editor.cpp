#include "ui/editors/backend_editor.h"

#include "core/model/secret_reference.h"

#include <QFormLayout>

namespace portico::ui {

using model::Backend;

namespace {
// Empty, a {{named-value}} or a secret reference such as keychain:portico/backend-key.
QString secretOrNamedValue(const QString& value) {
    if (value.isEmpty() ||
        (value.startsWith(QLatin1String("{{")) && value.endsWith(QLatin1String("}}"))))
        return {};
    const auto parsed = model::parseSecretReference(value.toStdString());
    if (parsed.ok())
        return {};
    return Editor::tr("Expected a secret reference (keychain:, env:, file:, keyvault:) or a "
                      "{{named-value}}: %1")
        .arg(QString::fromStdString(parsed.error));
}
} // namespace

BackendEditor::BackendEditor(const EditorContext& context, const ItemRef& ref, QWidget* parent)
    : Editor(context, ref, parent) {
    setObjectName(QStringLiteral("backendEditor"));
    setHeader(tr("Backend · backends/%1.yaml").arg(ref.id));

    QFormLayout* general = addForm(tr("Connection"));
    bindText<Backend>(general, QStringLiteral("urlLineEdit"), tr("URL"), &Backend::url, checks::url)
        ->setPlaceholderText(tr("https://orders.internal.example.com"));
    bindText<Backend>(general, QStringLiteral("descriptionLineEdit"), tr("Description"),
                      &Backend::description);
    bindChoice<Backend, std::string>(general, QStringLiteral("protocolComboBox"), tr("Protocol"),
                                     &Backend::protocol,
                                     {{tr("HTTP"), "http"}, {tr("SOAP"), "soap"}});

    QFormLayout* tls = addForm(tr("TLS"));
    bindCheck<Backend>(tls, QStringLiteral("validateChainCheckBox"),
                       tr("Validate the certificate chain"), &Backend::validateCertificateChain);
    bindCheck<Backend>(tls, QStringLiteral("validateNameCheckBox"),
                       tr("Validate the certificate name"), &Backend::validateCertificateName);
    bindText<Backend>(tls, QStringLiteral("caFileLineEdit"), tr("Extra CA file"), &Backend::caFile)
        ->setPlaceholderText(tr("certs/internal-ca.pem (relative to the workspace)"));
    bindText<Backend>(tls, QStringLiteral("clientCertificateLineEdit"), tr("Client certificate"),
                      &Backend::clientCertificate, secretOrNamedValue)
        ->setPlaceholderText(tr("keychain:portico/orders-client-cert"));

    QFormLayout* credentials = addForm(tr("Credentials"));
    bindText<Backend>(credentials, QStringLiteral("credentialsHeaderLineEdit"), tr("Header name"),
                      &Backend::credentialsHeaderName, [](const QString& v) {
                          return v.isEmpty() ? QString() : checks::headerName(v);
                      });
    bindText<Backend>(credentials, QStringLiteral("credentialsReferenceLineEdit"),
                      tr("Header value"), &Backend::credentialsReference, secretOrNamedValue)
        ->setPlaceholderText(tr("{{orders-key}} or env:ORDERS_KEY"));
    refresh();
}

} // namespace portico::ui
