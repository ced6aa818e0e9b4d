#include "ui/workspace/item_references.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>

namespace portico::ui {

// Translation context of the strings in this file.
class ItemReferences {
    Q_DECLARE_TR_FUNCTIONS(ItemReferences)
};

namespace {

QString q(const std::string& text) {
    return QString::fromStdString(text);
}

// Every policy document of the workspace with a readable name.
template <class F> void forEachPolicy(const model::Workspace& ws, F visit) {
    visit(ItemReferences::tr("the global policy"), ws.globalPolicyXml);
    for (const auto& api : ws.apis) {
        visit(ItemReferences::tr("the policy of API “%1”").arg(q(api.id)), api.policyXml);
        for (const auto& [operation, xml] : api.operationPolicies)
            visit(
                ItemReferences::tr("the policy of operation “%1/%2”").arg(q(api.id), q(operation)),
                xml);
    }
    for (const auto& product : ws.products)
        visit(ItemReferences::tr("the policy of product “%1”").arg(q(product.id)),
              product.policyXml);
    for (const auto& fragment : ws.fragments)
        visit(ItemReferences::tr("fragment “%1”").arg(q(fragment.id)), fragment.xml);
}

QStringList policiesMatching(const model::Workspace& ws, const QRegularExpression& pattern,
                             const QString& self = {}) {
    QStringList found;
    forEachPolicy(ws, [&](const QString& name, const std::string& xml) {
        if (name != self && !xml.empty() && pattern.match(q(xml)).hasMatch())
            found.append(name);
    });
    return found;
}

QRegularExpression attributePattern(const char* attribute, const QString& value) {
    return QRegularExpression(
        QStringLiteral("\\b%1\\s*=\\s*[\"']%2[\"']")
            .arg(QLatin1String(attribute), QRegularExpression::escape(value)));
}

} // namespace

QStringList referencesTo(const model::Workspace& ws, const ItemRef& ref) {
    QStringList found;
    const std::string id = ref.id.toStdString();
    switch (ref.kind) {
    case ItemKind::Api:
        for (const auto& product : ws.products)
            if (std::find(product.apis.begin(), product.apis.end(), id) != product.apis.end())
                found.append(ItemReferences::tr("product “%1”").arg(q(product.id)));
        for (const auto& s : ws.subscriptions)
            if (s.scope == "/apis/" + id)
                found.append(ItemReferences::tr("subscription “%1”").arg(q(s.id)));
        break;
    case ItemKind::Product:
        for (const auto& s : ws.subscriptions)
            if (s.scope == "/products/" + id)
                found.append(ItemReferences::tr("subscription “%1”").arg(q(s.id)));
        break;
    case ItemKind::User:
        for (const auto& s : ws.subscriptions)
            if (s.owner == id || s.owner == "/users/" + id)
                found.append(ItemReferences::tr("subscription “%1”").arg(q(s.id)));
        break;
    case ItemKind::Backend:
        for (const auto& api : ws.apis)
            if (api.backendId == id)
                found.append(ItemReferences::tr("API “%1”").arg(q(api.id)));
        found.append(policiesMatching(ws, attributePattern("backend-id", ref.id)));
        break;
    case ItemKind::NamedValue: {
        const QRegularExpression pattern(
            QStringLiteral("\\{\\{\\s*%1\\s*\\}\\}").arg(QRegularExpression::escape(ref.id)));
        for (const auto& backend : ws.backends)
            if (pattern.match(q(backend.credentialsReference)).hasMatch())
                found.append(ItemReferences::tr("backend “%1”").arg(q(backend.id)));
        found.append(policiesMatching(ws, pattern));
        break;
    }
    case ItemKind::Fragment:
        found.append(policiesMatching(ws, attributePattern("fragment-id", ref.id),
                                      ItemReferences::tr("fragment “%1”").arg(ref.id)));
        break;
    default:
        break;
    }
    return found;
}

} // namespace portico::ui
