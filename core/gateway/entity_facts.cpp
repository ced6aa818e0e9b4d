#include "core/gateway/entity_facts.h"

#include "core/policy/expr/date_time.h"

namespace portico::gateway {

namespace {

std::optional<std::int64_t> ticksOf(const std::string& isoDate) {
    if (isoDate.empty())
        return std::nullopt;
    return policy::expr::parseDateTime(isoDate);
}

// APIM shows the id where an entity has no display name.
const std::string& nameOr(const std::string& name, const std::string& id) {
    return name.empty() ? id : name;
}

} // namespace

EntityFacts collectEntityFacts(const model::Workspace& workspace) {
    EntityFacts facts;
    for (const auto& s : workspace.subscriptions) {
        policy::expr::SubscriptionInfo info;
        info.id = s.id;
        info.name = nameOr(s.displayName, s.id);
        info.startDate = ticksOf(s.startDate);
        info.endDate = ticksOf(s.endDate);
        facts.subscriptions.emplace(s.id, std::move(info));
        if (s.allowTracing)
            facts.tracingSubscriptions.insert(s.id);
    }
    for (const auto& p : workspace.products)
        facts.products.emplace(p.id, policy::expr::NamedInfo{p.id, nameOr(p.displayName, p.id)});
    for (const auto& u : workspace.users) {
        policy::expr::UserInfo info{u.id, u.email, u.firstName, u.lastName, {}};
        for (const auto& group : u.groups)
            info.groups.push_back({group, group});
        facts.users.emplace(u.id, std::move(info));
    }
    return facts;
}

} // namespace portico::gateway
