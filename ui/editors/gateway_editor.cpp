#include "ui/editors/gateway_editor.h"

#include <QFormLayout>
#include <QRegularExpression>
#include <QStringList>

namespace portico::ui {

using model::GatewaySettings;

namespace {

std::string joinList(const std::vector<std::string>& items) {
    QStringList list;
    for (const auto& item : items)
        list << QString::fromStdString(item);
    return list.join(QStringLiteral(", ")).toStdString();
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> items;
    for (const QString& part :
         QString::fromStdString(text).split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty())
            items.push_back(part.trimmed().toStdString());
    return items;
}

// ADDR:PORT with a port in range; several separated by commas.
QString checkAddresses(const QString& text) {
    static const QRegularExpression address(
        QStringLiteral("^(\\[[0-9a-fA-F:.]+\\]|[^:\\s]+):(\\d{1,5})$"));
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto m = address.match(part.trimmed());
        if (!m.hasMatch() || m.captured(2).toInt() > 65535)
            return GatewayEditor::tr("Expected ADDRESS:PORT such as 127.0.0.1:8080, not “%1”.")
                .arg(part.trimmed());
    }
    return {};
}

} // namespace

GatewayEditor::GatewayEditor(const EditorContext& context, const ItemRef& ref, QWidget* parent)
    : Editor(context, ref, parent) {
    setObjectName(QStringLiteral("gatewayEditor"));
    setHeader(tr("Gateway · portico.yaml"));

    QFormLayout* listen = addForm(tr("Listening"));
    bindText<GatewaySettings>(
        listen, QStringLiteral("listenLineEdit"), tr("HTTP addresses"),
        [](const GatewaySettings& g) { return joinList(g.listen); },
        [](GatewaySettings& g, const std::string& v) { g.listen = splitList(v); }, checkAddresses)
        ->setPlaceholderText(tr("127.0.0.1:8080, [::1]:8080"));
    bindText<GatewaySettings>(
        listen, QStringLiteral("tlsListenLineEdit"), tr("HTTPS addresses"),
        [](const GatewaySettings& g) { return joinList(g.tlsListen); },
        [](GatewaySettings& g, const std::string& v) { g.tlsListen = splitList(v); },
        checkAddresses);
    bindText<GatewaySettings>(listen, QStringLiteral("adminLineEdit"), tr("Admin endpoint"),
                              &GatewaySettings::admin, checkAddresses);

    QFormLayout* tls = addForm(tr("TLS"));
    bindText<GatewaySettings>(tls, QStringLiteral("certificateLineEdit"), tr("Certificate"),
                              &GatewaySettings::certificate)
        ->setPlaceholderText(tr("certs/gateway.pem"));
    bindText<GatewaySettings>(tls, QStringLiteral("privateKeyLineEdit"), tr("Private key"),
                              &GatewaySettings::privateKey)
        ->setPlaceholderText(tr("keychain:portico/gateway-key"));
    bindText<GatewaySettings>(tls, QStringLiteral("clientCaLineEdit"), tr("Client CA"),
                              &GatewaySettings::clientCa);
    bindChoice<GatewaySettings, std::string>(tls, QStringLiteral("clientCertificateComboBox"),
                                             tr("Client certificates"),
                                             &GatewaySettings::clientCertificate,
                                             {{tr("Not requested"), "none"},
                                              {tr("Optional"), "optional"},
                                              {tr("Required"), "required"}});

    QFormLayout* runtime = addForm(tr("Runtime"));
    bindChoice<GatewaySettings, std::string>(runtime, QStringLiteral("logLevelComboBox"),
                                             tr("Log level"), &GatewaySettings::logLevel,
                                             {{tr("Trace"), "trace"},
                                              {tr("Debug"), "debug"},
                                              {tr("Info"), "info"},
                                              {tr("Warning"), "warn"},
                                              {tr("Error"), "error"}});
    bindText<GatewaySettings>(runtime, QStringLiteral("accessLogLineEdit"), tr("Access log"),
                              &GatewaySettings::accessLog)
        ->setPlaceholderText(tr("logs/access.log (empty: standard output)"));
    refresh();
}

} // namespace portico::ui
