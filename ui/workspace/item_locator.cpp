#include "ui/workspace/item_locator.h"

#include "ui/workspace/entity_lookup.h"

#include <QCoreApplication>
#include <QDir>
#include <QStringList>

namespace portico::ui {

namespace {

QString relativeToRoot(const model::Workspace& workspace, const QString& file) {
    QString path = QDir::fromNativeSeparators(file);
    const QString root =
        QDir::fromNativeSeparators(QString::fromStdString(workspace.root.string()));
    if (!root.isEmpty() && QDir::isAbsolutePath(path))
        path = QDir(root).relativeFilePath(path);
    while (path.startsWith(QLatin1String("./")))
        path = path.mid(2);
    return path;
}

QString stripSuffix(const QString& name) {
    const int dot = name.lastIndexOf(QLatin1Char('.'));
    return dot > 0 ? name.left(dot) : name;
}

} // namespace

ItemRef itemForFile(const model::Workspace& workspace, const QString& file) {
    const QString path = relativeToRoot(workspace, file);
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.isEmpty())
        return {};
    const QString& top = parts.first();
    if (top == QLatin1String("portico.yaml"))
        return {ItemKind::Workspace, {}, {}};
    if (top == QLatin1String("policies"))
        return {ItemKind::GlobalPolicy, {}, {}};
    if (parts.size() < 2)
        return {};
    if (top == QLatin1String("apis")) {
        if (parts.size() >= 4 && parts.at(2) == QLatin1String("operations"))
            return {ItemKind::Operation, parts.at(3), parts.at(1)};
        return {ItemKind::Api, parts.at(1), {}};
    }
    if (top == QLatin1String("products"))
        return {ItemKind::Product, parts.at(1), {}};
    const QString id = stripSuffix(parts.at(1));
    if (top == QLatin1String("subscriptions"))
        return {ItemKind::Subscription, id, {}};
    if (top == QLatin1String("users"))
        return {ItemKind::User, id, {}};
    if (top == QLatin1String("named-values"))
        return {ItemKind::NamedValue, id, {}};
    if (top == QLatin1String("backends"))
        return {ItemKind::Backend, id, {}};
    if (top == QLatin1String("fragments"))
        return {ItemKind::Fragment, id, {}};
    return {};
}

QString itemLabel(const model::Workspace& ws, const ItemRef& ref) {
    auto orId = [&](const std::string& text) {
        return text.empty() ? ref.id : QString::fromStdString(text);
    };
    switch (ref.kind) {
    case ItemKind::None:
        return {};
    case ItemKind::Workspace:
        return ws.name.empty() ? QCoreApplication::translate("portico::ui", "Workspace")
                               : QString::fromStdString(ws.name);
    case ItemKind::GlobalPolicy:
        return QCoreApplication::translate("portico::ui", "Global policy");
    case ItemKind::Api:
        if (auto* api = findEntity<model::Api>(ws, ref.id))
            return orId(api->displayName);
        break;
    case ItemKind::Operation:
        if (auto* api = findEntity<model::Api>(ws, ref.parentId))
            if (auto* op = api->specification.findOperation(ref.id.toStdString()))
                return QStringLiteral("%1 %2").arg(QString::fromStdString(op->method),
                                                   QString::fromStdString(op->urlTemplate));
        break;
    case ItemKind::Product:
        if (auto* product = findEntity<model::Product>(ws, ref.id))
            return orId(product->displayName);
        break;
    case ItemKind::Subscription:
        if (auto* sub = findEntity<model::Subscription>(ws, ref.id))
            return orId(sub->displayName);
        break;
    case ItemKind::User:
        if (auto* user = findEntity<model::User>(ws, ref.id)) {
            const QString name = QStringLiteral("%1 %2")
                                     .arg(QString::fromStdString(user->firstName),
                                          QString::fromStdString(user->lastName))
                                     .trimmed();
            return name.isEmpty() ? orId(user->email) : name;
        }
        break;
    case ItemKind::NamedValue:
    case ItemKind::Backend:
    case ItemKind::Fragment:
    case ItemKind::Gateway:
        return ref.id;
    }
    return ref.id;
}

bool itemExists(const model::Workspace& ws, const ItemRef& ref) {
    switch (ref.kind) {
    case ItemKind::None:
        return false;
    case ItemKind::Workspace:
    case ItemKind::GlobalPolicy:
        return true;
    case ItemKind::Api:
        return findEntity<model::Api>(ws, ref.id) != nullptr;
    case ItemKind::Operation: {
        auto* api = findEntity<model::Api>(ws, ref.parentId);
        return api && api->specification.findOperation(ref.id.toStdString());
    }
    case ItemKind::Product:
        return findEntity<model::Product>(ws, ref.id) != nullptr;
    case ItemKind::Subscription:
        return findEntity<model::Subscription>(ws, ref.id) != nullptr;
    case ItemKind::User:
        return findEntity<model::User>(ws, ref.id) != nullptr;
    case ItemKind::NamedValue:
        return findEntity<model::NamedValue>(ws, ref.id) != nullptr;
    case ItemKind::Backend:
        return findEntity<model::Backend>(ws, ref.id) != nullptr;
    case ItemKind::Fragment:
        return findEntity<model::Fragment>(ws, ref.id) != nullptr;
    case ItemKind::Gateway:
        return findEntity<model::GatewaySettings>(ws, ref.id) != nullptr;
    }
    return false;
}

} // namespace portico::ui
