#include "ui/editors/api_editor.h"

#include "ui/common/icons.h"
#include "ui/policy/policy_editor.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace portico::ui {

using model::Api;

namespace {
const char* const kProtocols[] = {"https", "http", "wss", "ws"};
}

ApiEditor::ApiEditor(const EditorContext& context, const ItemRef& ref, QWidget* parent)
    : Editor(context, ref, parent) {
    setObjectName(QStringLiteral("apiEditor"));
    setHeader(tr("API · apis/%1").arg(ref.id));

    auto* tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("apiTabWidget"));
    tabs->setDocumentMode(true);
    tabs->addTab(buildSettings(), tr("Settings"));
    const QString id = ref.id;
    tabs->addTab(new PolicyEditor(
                     context.document, ref,
                     [id](const model::Workspace& ws) {
                         const Api* api = findEntity<Api>(ws, id);
                         return api ? api->policyXml : std::string();
                     },
                     [id](model::Workspace& ws, const std::string& xml) {
                         if (Api* api = findEntity<Api>(ws, id))
                             api->policyXml = xml;
                     },
                     tabs),
                 icon("policy"), tr("Policy"));
    body()->addWidget(tabs);
    refresh();
}

QWidget* ApiEditor::buildSettings() {
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->setSpacing(12);

    QFormLayout* general = addForm(tr("General"), layout);
    bindText<Api>(general, QStringLiteral("displayNameLineEdit"), tr("Display name"),
                  &Api::displayName, checks::required);
    bindText<Api>(general, QStringLiteral("descriptionLineEdit"), tr("Description"),
                  &Api::description);
    QLineEdit* path = bindText<Api>(general, QStringLiteral("pathLineEdit"), tr("URL suffix"),
                                    &Api::path, checks::apiPath);
    path->setPlaceholderText(tr("orders (the gateway serves it at /orders)"));

    QLineEdit* serviceUrl = bindText<Api>(general, QStringLiteral("serviceUrlLineEdit"),
                                          tr("Service URL"), &Api::serviceUrl, checks::optionalUrl);
    serviceUrl->setPlaceholderText(tr("https://backend.example.com/api"));

    QComboBox* backend = newComboBox(general, QStringLiteral("backendComboBox"), tr("Backend"));
    addRefresher([this, backend, serviceUrl] {
        const auto& ws = m_context.document->workspace();
        const Api* api = findEntity<Api>(ws, m_ref.id);
        if (!api)
            return;
        backend->clear();
        backend->addItem(tr("None (use the service URL)"), QString());
        for (const auto& b : ws.backends)
            backend->addItem(icon("backend"), QString::fromStdString(b.id),
                             QString::fromStdString(b.id));
        const QString current = QString::fromStdString(api->backendId);
        int index = backend->findData(current);
        if (index < 0) {
            backend->addItem(icon("error"), tr("%1 (missing)").arg(current), current);
            index = backend->count() - 1;
        }
        backend->setCurrentIndex(index);
        serviceUrl->setEnabled(api->backendId.empty() || !api->serviceUrl.empty());
        if (api->backendId.empty() && api->serviceUrl.empty())
            showCheck(serviceUrl, tr("Set a service URL or choose a backend."));
    });
    connect(backend, &QComboBox::activated, this, [this, backend](int index) {
        setField<Api, std::string>(
            QStringLiteral("backendComboBox"), tr("Change backend"),
            [](const Api& a) { return a.backendId; },
            backend->itemData(index).toString().toStdString(),
            [](Api& a, const std::string& v) { a.backendId = v; });
    });

    auto* protocolRow = new QHBoxLayout;
    protocolRow->setSpacing(16);
    for (const char* protocol : kProtocols) {
        const QString name = QLatin1String(protocol);
        auto* box = new QCheckBox(name.toUpper(), page);
        box->setObjectName(name + QStringLiteral("CheckBox"));
        box->setAccessibleName(tr("Protocol %1").arg(name.toUpper()));
        protocolRow->addWidget(box);
        addRefresher([this, box, protocol] {
            if (const Api* api = findEntity<Api>(m_context.document->workspace(), m_ref.id))
                box->setChecked(std::find(api->protocols.begin(), api->protocols.end(), protocol) !=
                                api->protocols.end());
        });
        connect(box, &QCheckBox::clicked, this, [this, protocol](bool on) {
            const Api* api = findEntity<Api>(m_context.document->workspace(), m_ref.id);
            if (!api)
                return;
            // Rebuilt in a fixed order so that saves do not churn.
            std::vector<std::string> protocols;
            for (const char* p : kProtocols) {
                const bool had = std::find(api->protocols.begin(), api->protocols.end(), p) !=
                                 api->protocols.end();
                if (std::string_view(p) == protocol ? on : had)
                    protocols.emplace_back(p);
            }
            setField<Api, std::vector<std::string>>(
                QStringLiteral("protocols"), tr("Change protocols"),
                [](const Api& a) { return a.protocols; }, protocols,
                [](Api& a, const std::vector<std::string>& v) { a.protocols = v; });
        });
    }
    protocolRow->addStretch(1);
    general->addRow(formLabel(tr("Protocols:")), protocolRow);

    QFormLayout* versioning = addForm(tr("Versioning"), layout);
    QComboBox* scheme = newComboBox(versioning, QStringLiteral("versioningSchemeComboBox"),
                                    tr("Versioning scheme"));
    const std::vector<std::pair<QString, model::VersioningScheme>> schemes = {
        {tr("Not versioned"), model::VersioningScheme::None},
        {tr("Path segment"), model::VersioningScheme::Segment},
        {tr("Header"), model::VersioningScheme::Header},
        {tr("Query parameter"), model::VersioningScheme::Query}};
    for (const auto& s : schemes)
        scheme->addItem(s.first);
    addRefresher([this, scheme, schemes] {
        if (const Api* api = findEntity<Api>(m_context.document->workspace(), m_ref.id))
            for (std::size_t i = 0; i < schemes.size(); ++i)
                if (schemes[i].second == api->versioning.scheme)
                    scheme->setCurrentIndex(static_cast<int>(i));
    });
    connect(scheme, &QComboBox::activated, this, [this, schemes](int index) {
        setField<Api, model::VersioningScheme>(
            QStringLiteral("versioningSchemeComboBox"), tr("Change versioning scheme"),
            [](const Api& a) { return a.versioning.scheme; },
            schemes[static_cast<std::size_t>(index)].second,
            [](Api& a, const model::VersioningScheme& v) { a.versioning.scheme = v; });
    });
    bindText<Api>(
        versioning, QStringLiteral("versionLineEdit"), tr("Version"),
        [](const Api& a) { return a.versioning.version; },
        [](Api& a, const std::string& v) { a.versioning.version = v; });
    bindText<Api>(
        versioning, QStringLiteral("versionSetLineEdit"), tr("Version set"),
        [](const Api& a) { return a.versioning.versionSetId; },
        [](Api& a, const std::string& v) { a.versioning.versionSetId = v; });
    bindText<Api>(
        versioning, QStringLiteral("versionHeaderLineEdit"), tr("Version header"),
        [](const Api& a) { return a.versioning.headerName; },
        [](Api& a, const std::string& v) { a.versioning.headerName = v; });
    bindText<Api>(
        versioning, QStringLiteral("versionQueryLineEdit"), tr("Version query parameter"),
        [](const Api& a) { return a.versioning.queryName; },
        [](Api& a, const std::string& v) { a.versioning.queryName = v; });

    QFormLayout* subscription = addForm(tr("Subscription"), layout);
    bindCheck<Api>(subscription, QStringLiteral("subscriptionRequiredCheckBox"),
                   tr("Subscription required"), &Api::subscriptionRequired);
    bindText<Api>(subscription, QStringLiteral("subscriptionKeyHeaderLineEdit"),
                  tr("Key header name"), &Api::subscriptionKeyHeaderName, checks::headerName);
    bindText<Api>(subscription, QStringLiteral("subscriptionKeyQueryLineEdit"),
                  tr("Key query parameter"), &Api::subscriptionKeyQueryParamName, checks::required);

    buildScopes(page, layout);
    return page;
}

void ApiEditor::buildScopes(QWidget* page, QVBoxLayout* layout) {
    auto* group = new QGroupBox(tr("OAuth scopes"), page);
    auto* groupLayout = new QVBoxLayout(group);
    m_scopesTable = new QTableWidget(0, 2, group);
    m_scopesTable->setObjectName(QStringLiteral("oauthScopesTableWidget"));
    m_scopesTable->setAccessibleName(tr("OAuth scopes"));
    m_scopesTable->setHorizontalHeaderLabels({tr("Scope"), tr("Description")});
    m_scopesTable->horizontalHeader()->setStretchLastSection(true);
    m_scopesTable->verticalHeader()->hide();
    m_scopesTable->setMinimumHeight(120);
    m_scopesTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    groupLayout->addWidget(m_scopesTable);

    auto* buttons = new QHBoxLayout;
    auto* add = new QPushButton(icon("add"), tr("Add scope"), group);
    add->setObjectName(QStringLiteral("addScopePushButton"));
    auto* remove = new QPushButton(icon("remove"), tr("Remove scope"), group);
    remove->setObjectName(QStringLiteral("removeScopePushButton"));
    auto* fromSpec = new QPushButton(tr("Take scopes from the specification"), group);
    fromSpec->setObjectName(QStringLiteral("importScopesPushButton"));
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    buttons->addWidget(fromSpec);
    groupLayout->addLayout(buttons);
    layout->addWidget(group);

    addRefresher([this] {
        const Api* api = findEntity<Api>(m_context.document->workspace(), m_ref.id);
        if (!api)
            return;
        m_fillingScopes = true;
        m_scopesTable->setRowCount(static_cast<int>(api->oauthScopes.size()));
        for (int row = 0; row < static_cast<int>(api->oauthScopes.size()); ++row) {
            const auto& scope = api->oauthScopes[static_cast<std::size_t>(row)];
            m_scopesTable->setItem(row, 0,
                                   new QTableWidgetItem(QString::fromStdString(scope.name)));
            m_scopesTable->setItem(row, 1,
                                   new QTableWidgetItem(QString::fromStdString(scope.description)));
        }
        m_fillingScopes = false;
    });
    connect(m_scopesTable, &QTableWidget::itemChanged, this, [this] {
        if (!m_fillingScopes)
            writeScopes(tr("Edit OAuth scope"));
    });
    connect(add, &QPushButton::clicked, this, [this] {
        m_fillingScopes = true;
        const int row = m_scopesTable->rowCount();
        m_scopesTable->insertRow(row);
        m_scopesTable->setItem(row, 0, new QTableWidgetItem(tr("new.scope")));
        m_scopesTable->setItem(row, 1, new QTableWidgetItem());
        m_fillingScopes = false;
        writeScopes(tr("Add OAuth scope"));
        m_scopesTable->editItem(m_scopesTable->item(row, 0));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_scopesTable->currentRow();
        if (row < 0)
            return;
        m_fillingScopes = true;
        m_scopesTable->removeRow(row);
        m_fillingScopes = false;
        writeScopes(tr("Remove OAuth scope"));
    });
    connect(fromSpec, &QPushButton::clicked, this, [this] {
        const Api* api = findEntity<Api>(m_context.document->workspace(), m_ref.id);
        if (!api)
            return;
        std::vector<model::OAuthScope> scopes = api->oauthScopes;
        for (const auto& [name, description] : api->specification.oauthScopes())
            if (std::none_of(scopes.begin(), scopes.end(),
                             [&](const auto& s) { return s.name == name; }))
                scopes.push_back({name, description});
        setField<Api, std::vector<model::OAuthScope>>(
            QStringLiteral("oauthScopesImport"), tr("Take OAuth scopes from the specification"),
            [](const Api& a) { return a.oauthScopes; }, scopes,
            [](Api& a, const std::vector<model::OAuthScope>& v) { a.oauthScopes = v; });
    });
}

void ApiEditor::writeScopes(const QString& text) {
    std::vector<model::OAuthScope> scopes;
    for (int row = 0; row < m_scopesTable->rowCount(); ++row) {
        auto cell = [&](int column) {
            const auto* item = m_scopesTable->item(row, column);
            return item ? item->text().trimmed().toStdString() : std::string();
        };
        scopes.push_back({cell(0), cell(1)});
    }
    // Each table change is its own step; the field name includes the text so adds and edits
    // do not merge into one another.
    setField<Api, std::vector<model::OAuthScope>>(
        QStringLiteral("oauthScopes:") + text, text, [](const Api& a) { return a.oauthScopes; },
        scopes, [](Api& a, const std::vector<model::OAuthScope>& v) { a.oauthScopes = v; });
}

} // namespace portico::ui
