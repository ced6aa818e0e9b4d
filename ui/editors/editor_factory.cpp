#include "ui/editors/editor_factory.h"

#include "ui/editors/api_editor.h"
#include "ui/editors/backend_editor.h"
#include "ui/editors/gateway_editor.h"
#include "ui/editors/named_value_editor.h"
#include "ui/editors/operation_editor.h"
#include "ui/editors/policy_item_editor.h"
#include "ui/editors/product_editor.h"
#include "ui/editors/subscription_editor.h"
#include "ui/editors/user_editor.h"

namespace portico::ui {

Editor* createEditor(const EditorContext& context, const ItemRef& ref, QWidget* parent) {
    switch (ref.kind) {
    case ItemKind::Api:
        return new ApiEditor(context, ref, parent);
    case ItemKind::Operation:
        return new OperationEditor(context, ref, parent);
    case ItemKind::Product:
        return new ProductEditor(context, ref, parent);
    case ItemKind::Subscription:
        return new SubscriptionEditor(context, ref, parent);
    case ItemKind::User:
        return new UserEditor(context, ref, parent);
    case ItemKind::NamedValue:
        return new NamedValueEditor(context, ref, parent);
    case ItemKind::Backend:
        return new BackendEditor(context, ref, parent);
    case ItemKind::Fragment:
    case ItemKind::GlobalPolicy:
        return new PolicyItemEditor(context, ref, parent);
    case ItemKind::Gateway:
        return new GatewayEditor(context, ref, parent);
    case ItemKind::Workspace:
    case ItemKind::None:
        break;
    }
    return nullptr;
}

} // namespace portico::ui
