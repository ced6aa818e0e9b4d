#pragma once

#include "ui/workspace/item_ref.h"

#include <QString>

namespace portico::ui {

class WorkspaceDocument;

// Structural edits of the explorer's items, each one undo step. They return what is wrong (and
// change nothing), or an empty string.

// True for the kinds that can be deleted and renamed: APIs, products, subscriptions, users,
// named values, backends and fragments.
bool canDeleteOrRename(const ItemRef& ref);

// Why `ref` cannot be deleted now (other items refer to it: the message names them), or an
// empty string.
QString deleteRefusal(const WorkspaceDocument* document, const ItemRef& ref);

// Refused while other items refer to it; the message names them.
QString deleteItem(WorkspaceDocument* document, const ItemRef& ref);

// Gives the item a new id (a new name for named values). Refused while other items refer to
// it, and when the id is invalid or taken.
QString renameItem(WorkspaceDocument* document, const ItemRef& ref, const QString& newId);

// Imports an OpenAPI 3 or Swagger 2 file (YAML or JSON) as a new API, as `portico import
// openapi` does. The id comes from the title, made unique. `added` receives the new API.
QString importOpenApi(WorkspaceDocument* document, const QString& file, ItemRef* added = nullptr);

} // namespace portico::ui
