#pragma once

#include "core/model/workspace.h"
#include "ui/workspace/item_ref.h"

#include <QStringList>

namespace portico::ui {

// The items that still refer to `ref`, each as a readable name ("product “Starter”", "the
// policy of API “Orders”"): products and subscriptions naming an API, subscriptions scoped to a
// product or owned by a user, APIs using a backend, and policies using a named value
// ({{name}}), a backend (backend-id) or a fragment (fragment-id). Empty when nothing does.
QStringList referencesTo(const model::Workspace& workspace, const ItemRef& ref);

} // namespace portico::ui
