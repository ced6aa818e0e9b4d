#pragma once

#include "core/model/workspace.h"
#include "ui/workspace/item_ref.h"

#include <QString>

#include <algorithm>
#include <vector>

namespace portico::ui {

// Maps an entity type to its list in the workspace, its id and its ItemKind, so that generic
// edit commands work the same way for every entity.
template <class E> struct EntityTraits;

#define PORTICO_ENTITY_TRAITS(Type, Member, IdField, Kind)                                         \
    template <> struct EntityTraits<model::Type> {                                                 \
        static constexpr ItemKind kind = ItemKind::Kind;                                           \
        static std::vector<model::Type>& list(model::Workspace& ws) { return ws.Member; }          \
        static const std::vector<model::Type>& list(const model::Workspace& ws) {                  \
            return ws.Member;                                                                      \
        }                                                                                          \
        static const std::string& id(const model::Type& e) { return e.IdField; }                   \
    };

PORTICO_ENTITY_TRAITS(Api, apis, id, Api)
PORTICO_ENTITY_TRAITS(Product, products, id, Product)
PORTICO_ENTITY_TRAITS(Subscription, subscriptions, id, Subscription)
PORTICO_ENTITY_TRAITS(User, users, id, User)
PORTICO_ENTITY_TRAITS(NamedValue, namedValues, name, NamedValue)
PORTICO_ENTITY_TRAITS(Backend, backends, id, Backend)
PORTICO_ENTITY_TRAITS(Fragment, fragments, id, Fragment)
PORTICO_ENTITY_TRAITS(GatewaySettings, gateways, name, Gateway)

#undef PORTICO_ENTITY_TRAITS

template <class E> E* findEntity(model::Workspace& ws, const QString& id) {
    auto& list = EntityTraits<E>::list(ws);
    const std::string key = id.toStdString();
    auto it = std::find_if(list.begin(), list.end(),
                           [&](const E& e) { return EntityTraits<E>::id(e) == key; });
    return it == list.end() ? nullptr : &*it;
}

template <class E> const E* findEntity(const model::Workspace& ws, const QString& id) {
    return findEntity<E>(const_cast<model::Workspace&>(ws), id);
}

template <class E> ItemRef refOf(const E& entity) {
    return ItemRef{EntityTraits<E>::kind, QString::fromStdString(EntityTraits<E>::id(entity)), {}};
}

} // namespace portico::ui
