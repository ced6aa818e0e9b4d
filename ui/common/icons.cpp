#include "ui/common/icons.h"

#include <QString>

static void initPorticoIcons() {
    Q_INIT_RESOURCE(icons);
}

namespace portico::ui {

void initResources() {
    initPorticoIcons();
}

QIcon icon(const char* name) {
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name)));
}

QIcon iconFor(ItemKind kind) {
    switch (kind) {
    case ItemKind::None:
        return {};
    case ItemKind::Workspace:
        return icon("workspace");
    case ItemKind::GlobalPolicy:
        return icon("policy");
    case ItemKind::Api:
        return icon("api");
    case ItemKind::Operation:
        return icon("operation");
    case ItemKind::Product:
        return icon("product");
    case ItemKind::Subscription:
        return icon("subscription");
    case ItemKind::User:
        return icon("user");
    case ItemKind::NamedValue:
        return icon("named-value");
    case ItemKind::Backend:
        return icon("backend");
    case ItemKind::Fragment:
        return icon("fragment");
    case ItemKind::Gateway:
        return icon("gateway");
    }
    return {};
}

} // namespace portico::ui
